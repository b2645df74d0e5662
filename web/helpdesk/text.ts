// Message bodies are plain text (shown with white-space kept); in one-line places whitespace collapses.
export function plainText(body: string): string {
  return body.replace(/\s+/g, " ").trim();
}
