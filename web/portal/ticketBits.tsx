// Small pieces shared by the list and the ticket page: state badge, ticket type, company name.
import "../ui/stateBadge.css";
import { TicketTypeIcon } from "../ui/icons";
import type { CompanyRef, StateCategory, TicketState, TicketType } from "./types";

function stateTone(category: StateCategory): string {
  switch (category) {
    case "submitted":
      return "submitted";
    case "in_progress":
      return "in-progress";
    case "waiting_on_customer":
      return "waiting";
    case "resolved":
      return "resolved";
    default: {
      // A category this build does not know yet still gets a readable, neutral badge.
      const _unknown: never = category;
      return "neutral";
    }
  }
}

/** The customer-facing state; the label text always carries the meaning, colour only supports it. */
export function StateBadge({ state, srPrefix }: { state: TicketState; srPrefix?: string }) {
  return (
    <span className={`state-badge state-badge--${stateTone(state.category)}`}>
      <span className="state-badge__dot" aria-hidden="true" />
      {srPrefix ? <span className="sr-only">{srPrefix} </span> : null}
      {state.label}
    </span>
  );
}

export function TicketTypeLabel({ ticketType }: { ticketType: TicketType }) {
  return (
    <span className="ticket-type">
      <TicketTypeIcon icon={ticketType.icon} className="ticket-type__icon" />
      {ticketType.name}
    </span>
  );
}

export function companyName(company: CompanyRef): string {
  return company.name?.trim() || "Unnamed company";
}

/** The ticket's company in a meta line, announced as such to screen readers; nothing without one. */
export function CompanyLabel({ company }: { company: CompanyRef | null }) {
  if (!company) return null;
  return (
    <span>
      <span className="sr-only">Company: </span>
      {companyName(company)}
    </span>
  );
}
