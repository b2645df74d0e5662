// Who wrote a message, as a customer reads it on every customer surface (Messenger, portal, live events).

/**
 * A message's author as a customer reads it: teammates and other customers by name, and `is_you` only on
 * the reader's own words (two customers can share a conversation: neither is "you" to the other).
 */
export function presentCustomerAuthor(
  author: { type: "admin" | "user" | "bot"; id: string | null; name: string | null },
  readerContactId: string,
) {
  return {
    type: author.type,
    name: author.type === "bot" ? "Portico" : author.name,
    is_you: author.type === "user" && author.id === readerContactId,
  };
}
