// ConversationPage: being built (see the next commits).
export function ConversationPage({ conversationId }: { conversationId: string }) {
  return (
    <section>
      <h1 tabIndex={-1}>Conversation</h1>
      <p className="muted">{conversationId}</p>
    </section>
  );
}
