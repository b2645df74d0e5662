// Helpers for identity tests: proofs as a customer's server would make them, and forged ones.
import { generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { userHashOf } from "../src/identity/endUserVerification.ts";

export { userHashOf };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An HS256 JWT signed with `secret`, expiring in five minutes unless the claims say otherwise. */
export function signJwt(secret: string, claims: JWTPayload): Promise<string> {
  return new SignJWT({ exp: Math.floor(Date.now() / 1000) + 300, ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(secret));
}

/** `alg: none`: claims and no signature. */
export function unsignedJwt(claims: JWTPayload): string {
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ exp: Math.floor(Date.now() / 1000) + 300, ...claims })}.`;
}

/** A genuine RS256 token from someone else's key pair. */
export async function rs256Jwt(claims: JWTPayload): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT({ exp: Math.floor(Date.now() / 1000) + 300, ...claims })
    .setProtectedHeader({ alg: "RS256" })
    .sign(privateKey);
}

/** Algorithm confusion: the header claims RS256 but the token is HMAC-signed with the shared secret. */
export async function confusedJwt(secret: string, claims: JWTPayload): Promise<string> {
  const { createHmac } = await import("node:crypto");
  const input = `${b64url({ alg: "RS256", typ: "JWT" })}.${b64url({ exp: Math.floor(Date.now() / 1000) + 300, ...claims })}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}
