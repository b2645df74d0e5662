// The Help Desk's client for its JSON: the Intercom-compatible API at /app/api (and /app/session,
// /app/me), sending the session's CSRF token with every write.
import { requestJson } from "../ui/http";

export { ApiError } from "../ui/http";

let csrfToken = "";

/** The token every write sends back (from the page's bootstrap, or from signing in). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

function call<T>(method: Method, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET") headers["x-csrf-token"] = csrfToken;
  if (body !== undefined) headers["content-type"] = "application/json";
  return requestJson<T>(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
}

/** `path` is relative to /app/api, e.g. "/tickets/search". */
export const api = {
  get: <T>(path: string, signal?: AbortSignal) => call<T>("GET", `/app/api${path}`, undefined, signal),
  post: <T>(path: string, body?: unknown) => call<T>("POST", `/app/api${path}`, body ?? {}),
  put: <T>(path: string, body: unknown) => call<T>("PUT", `/app/api${path}`, body),
  delete: <T>(path: string) => call<T>("DELETE", `/app/api${path}`),
};

export const session = {
  signIn: (email: string, password: string) =>
    call<{ csrf_token: string } & Record<string, unknown>>("POST", "/app/session", { email, password }),
  signOut: () => call<unknown>("DELETE", "/app/session"),
};

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.name === "ApiError") return error.message;
  return "Something went wrong. Reload the page and try again.";
}

/** The CSRF token writes send (for clients of the JSON outside /app/api: settings, teammates). */
export const currentCsrfToken = (): string => csrfToken;
