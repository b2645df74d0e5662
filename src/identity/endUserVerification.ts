// End-user identity proofs from a workspace's own product: the user_hash HMAC and the HS256 JWT.
import { createHmac, timingSafeEqual } from "node:crypto";
import { errors as joseErrors, jwtVerify, type JWTPayload } from "jose";

/** What a verified proof says about the person; everything here is trusted. */
export interface VerifiedIdentity {
  userId: string | null;
  email: string | null;
  /** Present only for JWTs: signed attribute updates. */
  name?: string | null;
  companies?: Array<{ companyId: string; name: string | null }>;
  jti?: string;
  /** Unix seconds. */
  exp?: number;
}

export type Verification = { ok: true; identity: VerifiedIdentity } | { ok: false; reason: string };

const refuse = (reason: string): Verification => ({ ok: false, reason });

export function userHashOf(secret: string, subject: string): string {
  return createHmac("sha256", secret).update(subject, "utf8").digest("hex");
}

/**
 * `user_hash` = hex HMAC-SHA256(secret, user_id), or of the e-mail when no user_id was sent. Checked
 * against every active secret (two during a rotation), always in constant time.
 */
export function verifyUserHash(
  secrets: readonly string[],
  claimed: { userId: string | null; email: string | null },
  userHash: string,
): Verification {
  const subject = claimed.userId ?? claimed.email;
  if (subject === null) return refuse("a user_hash needs a user_id or an email to cover");
  if (!/^[0-9a-fA-F]{64}$/.test(userHash)) return refuse("user_hash must be 64 hexadecimal characters");
  const given = Buffer.from(userHash.toLowerCase(), "hex");
  let match = false;
  for (const secret of secrets) {
    const expected = Buffer.from(userHashOf(secret, subject), "hex");
    // No early exit: every secret costs the same whether or not an earlier one matched.
    if (timingSafeEqual(expected, given)) match = true;
  }
  return match
    ? { ok: true, identity: { userId: claimed.userId, email: claimed.email } }
    : refuse("user_hash does not match");
}

export interface JwtRules {
  /** SSO: `jti` must be present (each is usable once; the caller records it). */
  requireJti?: boolean;
  /** SSO: `exp` must be present and at most this many seconds ahead. */
  maxLifetimeSeconds?: number;
}

const MAX_COMPANIES = 50;

function text(value: unknown, claim: string, max = 255): string | null | Error {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return new Error(`claim ${claim} must be a string`);
  const trimmed = value.trim();
  if (trimmed.length > max) return new Error(`claim ${claim} is too long`);
  return trimmed === "" ? null : trimmed;
}

function identityFromClaims(payload: JWTPayload, rules: JwtRules): Verification {
  const userId = text(payload.user_id, "user_id");
  if (userId instanceof Error) return refuse(userId.message);
  if (userId === null) return refuse("the JWT has no user_id claim");
  const email = text(payload.email, "email", 254);
  if (email instanceof Error) return refuse(email.message);
  const name = text(payload.name, "name");
  if (name instanceof Error) return refuse(name.message);
  const identity: VerifiedIdentity = { userId, email, name: name ?? undefined };
  if (payload.companies !== undefined) {
    if (!Array.isArray(payload.companies) || payload.companies.length > MAX_COMPANIES) {
      return refuse(`claim companies must be a list of at most ${MAX_COMPANIES} companies`);
    }
    identity.companies = [];
    for (const entry of payload.companies as unknown[]) {
      if (entry === null || typeof entry !== "object") return refuse("each company must be an object");
      const record = entry as Record<string, unknown>;
      const companyId = text(record.company_id, "companies.company_id");
      const companyName = text(record.name, "companies.name");
      if (companyId instanceof Error) return refuse(companyId.message);
      if (companyName instanceof Error) return refuse(companyName.message);
      if (companyId === null) return refuse("each company needs a company_id");
      identity.companies.push({ companyId, name: companyName });
    }
  }
  if (rules.requireJti) {
    const jti = text(payload.jti, "jti");
    if (jti instanceof Error || jti === null) return refuse("the JWT has no jti claim");
    identity.jti = jti;
  }
  if (rules.maxLifetimeSeconds !== undefined) {
    if (typeof payload.exp !== "number") return refuse("the JWT has no exp claim");
    if (payload.exp - Date.now() / 1000 > rules.maxLifetimeSeconds) {
      return refuse(`the JWT must expire within ${rules.maxLifetimeSeconds} seconds`);
    }
  }
  if (typeof payload.exp === "number") identity.exp = payload.exp;
  return { ok: true, identity };
}

/** An HS256 JWT signed with one of the active secrets. `alg` is allow-listed: never none, never RS*. */
export async function verifyIdentityJwt(
  secrets: readonly string[],
  token: string,
  rules: JwtRules = {},
): Promise<Verification> {
  if (token.length > 8192) return refuse("the JWT is too long");
  let lastReason = "the JWT signature does not match";
  for (const secret of secrets) {
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ["HS256"] });
      return identityFromClaims(payload, rules);
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) return refuse("the JWT has expired");
      if (error instanceof joseErrors.JOSEAlgNotAllowed) return refuse("only HS256 JWTs are accepted");
      if (error instanceof joseErrors.JOSEError) {
        lastReason =
          error instanceof joseErrors.JWSSignatureVerificationFailed
            ? lastReason
            : "the JWT is malformed or invalid";
        continue;
      }
      throw error;
    }
  }
  return refuse(lastReason);
}
