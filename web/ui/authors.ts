// Who wrote a message, as the customer surfaces show it: "You" only for the reader's own words (the server
// marks them `is_you`), everyone else — other customers, teammates — by name.

export interface MessageAuthor {
  type: "admin" | "user" | "bot";
  name: string | null;
  is_you: boolean;
}

/** The author's name for the reader; `team` names a teammate whose name is unknown. */
export function authorLabel(author: MessageAuthor, team = "Support team"): string {
  if (author.is_you) return "You";
  const name = author.name?.trim();
  if (name) return name;
  switch (author.type) {
    case "admin":
      return team;
    case "user":
      return "Another customer";
    case "bot":
      return "Automated reply";
  }
}
