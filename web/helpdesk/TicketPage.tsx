// TicketPage: being built (see the next commits).
export function TicketPage({ ticketId }: { ticketId: string }) {
  return (
    <section>
      <h1 tabIndex={-1}>Ticket</h1>
      <p className="muted">{ticketId}</p>
    </section>
  );
}
