// Message bodies are plain text (shown with white-space kept); in one-line places whitespace collapses.
export function plainText(body: string): string {
  return body.replace(/\s+/g, " ").trim();
}

/** A conversation's title, or else the start of its first message. */
export function conversationTitle(conversation: {
  title?: string | null;
  source?: { body?: string | null } | null;
}): string {
  return (
    conversation.title?.trim() || plainText(conversation.source?.body ?? "").slice(0, 80) || "Conversation"
  );
}
