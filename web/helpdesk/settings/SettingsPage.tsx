// Settings for admins: one page per area, with its own navigation. Agents are told the settings are admins'.
import { Link } from "../../ui/navigation";
import { useTeammate } from "../session";
import "../directory/directory.css";
import { ApiTokensSettings } from "./ApiTokensSettings";
import { HelpCenterSettings } from "./HelpCenterSettings";
import { MessengerSettings } from "./MessengerSettings";
import { PortalSettingsPage } from "./PortalSettingsPage";
import { TeammatesSettings } from "./TeammatesSettings";
import { TicketTypesSettings } from "./TicketTypesSettings";

export const SETTINGS_SECTIONS = [
  { id: "help-center", label: "Help Center" },
  { id: "messenger", label: "Messenger install" },
  { id: "portal", label: "Tickets portal" },
  { id: "ticket-types", label: "Ticket types" },
  { id: "teammates", label: "Teammates" },
  { id: "api-tokens", label: "API tokens" },
] as const;

export type SettingsSectionId = (typeof SETTINGS_SECTIONS)[number]["id"];

export function settingsSectionOf(segment: string): SettingsSectionId | null {
  if (segment === "") return "help-center";
  return SETTINGS_SECTIONS.find((s) => s.id === segment)?.id ?? null;
}

export function settingsTitle(segment: string): string {
  const id = settingsSectionOf(segment);
  return SETTINGS_SECTIONS.find((s) => s.id === id)?.label ?? "Settings";
}

function Section({ id }: { id: SettingsSectionId }) {
  switch (id) {
    case "help-center":
      return <HelpCenterSettings />;
    case "messenger":
      return <MessengerSettings />;
    case "portal":
      return <PortalSettingsPage />;
    case "ticket-types":
      return <TicketTypesSettings />;
    case "teammates":
      return <TeammatesSettings />;
    case "api-tokens":
      return <ApiTokensSettings />;
  }
}

export function SettingsPage({ segment }: { segment: string }) {
  const teammate = useTeammate();
  const section = settingsSectionOf(segment);
  if (teammate.role !== "admin") {
    return (
      <section>
        <h1 tabIndex={-1}>Settings</h1>
        <p className="notice">Only admins can see and change the workspace settings.</p>
      </section>
    );
  }
  return (
    <div className="settings">
      <nav className="settings__nav" aria-label="Settings">
        <ul>
          {SETTINGS_SECTIONS.map((s) => (
            <li key={s.id}>
              <Link href={`/app/admin/${s.id}`} aria-current={s.id === section ? "page" : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div>
        {section ? (
          <Section id={section} />
        ) : (
          <section>
            <h1 tabIndex={-1}>Settings page not found</h1>
            <p className="notice">There is no such settings page. Pick one from the list.</p>
          </section>
        )}
      </div>
    </div>
  );
}
