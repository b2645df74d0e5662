// InboxPage: being built (see the next commits).
export function InboxPage({ search }: { search: string }) {
  return (
    <section>
      <h1 tabIndex={-1}>Inbox</h1>
      <p className="muted">{search}</p>
    </section>
  );
}
