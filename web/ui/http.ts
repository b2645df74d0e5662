// Fetching JSON from our own server, shared by the browser apps: every failure becomes an ApiError
// carrying a message a person can read (the server's error.list message when there is one).
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Every message of the error.list, in order (a refusal can have several reasons); `message` is the first. */
  readonly messages: readonly string[];

  constructor(status: number, code: string, message: string, messages: readonly string[] = [message]) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.messages = messages;
  }

  get isNotFound(): boolean {
    return this.status === 404 || this.code === "not_found";
  }
}

const NETWORK_MESSAGE = "Could not reach the server. Check your connection and try again.";

function messageFromBody(body: unknown): { code: string; messages: string[] } | null {
  if (typeof body !== "object" || body === null || !("errors" in body) || !Array.isArray(body.errors)) {
    return null;
  }
  const errors = (body.errors as unknown[]).filter(
    (e): e is { message: string; code?: unknown } =>
      typeof e === "object" && e !== null && "message" in e && typeof e.message === "string",
  );
  const first = errors[0];
  if (!first) return null;
  const code = typeof first.code === "string" ? first.code : "error";
  return { code, messages: errors.map((e) => e.message) };
}

/** Fetches JSON; a 204 resolves to null. */
export async function requestJson<T>(url: string, init: RequestInit): Promise<T> {
  const signal = init.signal ?? undefined;
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", ...init });
  } catch (error) {
    // Let TanStack Query see its own cancellations untouched.
    if (signal?.aborted) throw error;
    throw new ApiError(0, "network_error", NETWORK_MESSAGE);
  }
  // "No content" (e.g. signing out) is a success with nothing to read.
  if (response.status === 204) return null as T;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch (error) {
    // Not JSON: handled below as an unreadable answer.
    if (signal?.aborted) throw error;
  }
  if (!response.ok) {
    const parsed = messageFromBody(body);
    if (parsed) throw new ApiError(response.status, parsed.code, parsed.messages[0]!, parsed.messages);
    if (response.status === 404) {
      throw new ApiError(404, "not_found", "This page does not exist or you no longer have access to it.");
    }
    throw new ApiError(
      response.status,
      "http_error",
      `The server could not answer (error ${response.status}). Please try again in a moment.`,
    );
  }
  if (body === null) {
    throw new ApiError(
      response.status,
      "invalid_response",
      "The server sent an answer we could not read. Reload the page and try again.",
    );
  }
  return body as T;
}
