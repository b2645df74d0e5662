// The tickets of a company or of a contact: number, title, state, one column that differs, last update.
import type { ReactNode } from "react";
import { Link } from "../../ui/navigation";
import type { Ticket } from "../types";
import { StateBadge } from "../bits";
import { formatDate } from "./bits";

export function TicketTable({
  tickets,
  caption,
  column,
  children,
}: {
  tickets: readonly Ticket[];
  caption: string;
  /** The fourth column: its heading and what a ticket shows in it. */
  column: { label: string; cell: (ticket: Ticket) => ReactNode };
  /** Shown under the table, e.g. how many more there are. */
  children?: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Ticket</th>
            <th scope="col">Title</th>
            <th scope="col">State</th>
            <th scope="col">{column.label}</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((t) => (
            <tr key={t.id}>
              <td>#{t.ticket_id}</td>
              <td>
                <Link href={`/app/tickets/${encodeURIComponent(t.id)}`}>
                  {String(t.ticket_attributes._default_title_ ?? "") || "Untitled ticket"}
                </Link>
              </td>
              <td>
                <StateBadge state={t.ticket_state} />
              </td>
              <td>{column.cell(t)}</td>
              <td>{formatDate(t.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {children}
    </div>
  );
}
