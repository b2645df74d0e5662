// The Help Desk's route table and left navigation: one list each. A section adds its pages here.
import type { ReactNode } from "react";
import { ConversationPage } from "./ConversationPage";
import { CompaniesPage } from "./directory/CompaniesPage";
import { CompanyPage } from "./directory/CompanyPage";
import { ContactPage } from "./directory/ContactPage";
import { ContactsPage } from "./directory/ContactsPage";
import { InboxPage } from "./InboxPage";
import { NewTicketPage } from "./NewTicketPage";
import { SettingsPage } from "./settings/SettingsPage";
import { TicketPage } from "./TicketPage";

export type SectionId = "inbox" | "companies" | "contacts" | "settings";

export interface NavEntry {
  section: SectionId;
  label: string;
  href: string;
}

/** The left navigation, in order. */
export const NAV: readonly NavEntry[] = [
  { section: "inbox", label: "Inbox", href: "/app/inbox" },
  { section: "companies", label: "Companies", href: "/app/companies" },
  { section: "contacts", label: "Contacts", href: "/app/contacts" },
  { section: "settings", label: "Settings", href: "/app/admin" },
];

export interface RouteMatch {
  /** The pattern's capture groups (path parameters), decoded. */
  params: string[];
  location: URL;
}

export interface HelpDeskRoute {
  /** Matched against the whole pathname. */
  pattern: RegExp;
  section: SectionId;
  /** The document title (the workspace's name is added). */
  title: string;
  render: (match: RouteMatch) => ReactNode;
}

export const routes: readonly HelpDeskRoute[] = [
  {
    pattern: /^\/app\/inbox\/?$/,
    section: "inbox",
    title: "Inbox",
    render: ({ location }) => <InboxPage search={location.search} />,
  },
  {
    pattern: /^\/app\/tickets\/new\/?$/,
    section: "inbox",
    title: "New ticket",
    render: ({ location }) => <NewTicketPage search={location.search} />,
  },
  {
    pattern: /^\/app\/tickets\/([^/]+)\/?$/,
    section: "inbox",
    title: "Ticket",
    render: ({ params }) => <TicketPage key={params[0]} ticketId={params[0]!} />,
  },
  {
    pattern: /^\/app\/conversations\/([^/]+)\/?$/,
    section: "inbox",
    title: "Conversation",
    render: ({ params }) => <ConversationPage key={params[0]} conversationId={params[0]!} />,
  },
  {
    pattern: /^\/app\/companies\/?$/,
    section: "companies",
    title: "Companies",
    render: ({ location }) => <CompaniesPage search={location.search} />,
  },
  {
    pattern: /^\/app\/companies\/([^/]+)\/?$/,
    section: "companies",
    title: "Company",
    render: ({ params, location }) => (
      <CompanyPage key={params[0]} companyId={params[0]!} search={location.search} />
    ),
  },
  {
    pattern: /^\/app\/contacts\/?$/,
    section: "contacts",
    title: "Contacts",
    render: ({ location }) => <ContactsPage search={location.search} />,
  },
  {
    pattern: /^\/app\/contacts\/([^/]+)\/?$/,
    section: "contacts",
    title: "Contact",
    render: ({ params }) => <ContactPage key={params[0]} contactId={params[0]!} />,
  },
  {
    pattern: /^\/app\/admin(?:\/([^/]*))?\/?$/,
    section: "settings",
    title: "Settings",
    render: ({ params }) => <SettingsPage segment={params[0] ?? ""} />,
  },
];

export function matchRoute(location: URL): { route: HelpDeskRoute; match: RouteMatch } | null {
  for (const route of routes) {
    const found = route.pattern.exec(location.pathname);
    if (found) {
      const params = found.slice(1).map((p) => (p === undefined ? "" : decodeURIComponent(p)));
      return { route, match: { params, location } };
    }
  }
  return null;
}
