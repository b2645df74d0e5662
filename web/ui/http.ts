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

/** 128 random bits as hex (crypto.randomUUID exists only in secure contexts; this works everywhere). */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Keys of recent writes by their content: the same write sent again while the first runs, or just after
 * (a double click, a second Enter), reuses its key, so the server makes it once and answers both.
 */
const recentWrites = new Map<string, string>();
const SAME_WRITE_MS = 10_000;

function idempotencyKeyFor(url: string, init: RequestInit): string {
  const identity = `${init.method ?? "GET"} ${url} ${typeof init.body === "string" ? init.body : ""}`;
  let key = recentWrites.get(identity);
  if (!key) {
    key = newIdempotencyKey();
    recentWrites.set(identity, key);
    setTimeout(() => recentWrites.delete(identity), SAME_WRITE_MS);
  }
  return key;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes carry an Idempotency-Key, and an answer that says "try again" (the service was briefly
 * unavailable and changed nothing, or the first copy of this write is still running) is retried with
 * the same key: at most one ticket or message comes of it.
 */
async function fetchWithRetries(url: string, init: RequestInit): Promise<Response> {
  const method = (init.method ?? "GET").toUpperCase();
  const write = method !== "GET" && method !== "HEAD";
  const headers = new Headers(init.headers);
  if (write && !headers.has("idempotency-key")) headers.set("idempotency-key", idempotencyKeyFor(url, init));
  const attempt = () => fetch(url, { credentials: "same-origin", ...init, headers });
  for (let tries = 0; ; tries++) {
    // A connection that failed may or may not have delivered the write: not retried blindly (the
    // person sees the error and may send again, under the same key for a few seconds).
    const response = await attempt();
    const retryable = response.status === 409 || response.status === 503;
    if (!write || !retryable || tries >= 8) return response;
    if (response.status === 409) {
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as unknown;
      if (messageFromBody(body)?.code !== "idempotency_key_in_progress") return response;
    }
    const after = Number(response.headers.get("retry-after"));
    await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 5) * 1000 : 500);
  }
}

/** Fetches JSON; a 204 resolves to null. */
export async function requestJson<T>(url: string, init: RequestInit): Promise<T> {
  const signal = init.signal ?? undefined;
  let response: Response;
  try {
    response = await fetchWithRetries(url, init);
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
