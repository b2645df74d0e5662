// NewTicketPage: being built (see the next commits).
export function NewTicketPage({ search }: { search: string }) {
  return (
    <section>
      <h1 tabIndex={-1}>NewTicket</h1>
      <p className="muted">{search}</p>
    </section>
  );
}
