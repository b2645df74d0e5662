// CSRF tokens for cookie-authenticated writes: an HMAC of the session, so they rotate with it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { sha256Hex } from "./tokens.ts";

export const CSRF_HEADER = "x-csrf-token";

export function csrfTokenFor(secretKey: Buffer, sessionToken: string): string {
  const key = createHmac("sha256", secretKey).update("portico:csrf").digest();
  return createHmac("sha256", key).update(sha256Hex(sessionToken)).digest("base64url");
}

export function isValidCsrfToken(secretKey: Buffer, sessionToken: string, given: unknown): boolean {
  if (typeof given !== "string") return false;
  const expected = Buffer.from(csrfTokenFor(secretKey, sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
