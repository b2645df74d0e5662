// Bearer and session tokens: random, prefixed with their workspace id, stored only as sha256 hashes.
import { createHash, randomBytes } from "node:crypto";

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** pt: API token, ps: session, pi: teammate invitation. */
export type TokenPrefix = "pt" | "ps" | "pi";

export interface IssuedToken {
  token: string;
  workspaceId: string;
  hash: string;
}

/**
 * Tokens read `<prefix>_<workspaceId>_<secret>`. Carrying the workspace id lets every lookup filter on
 * workspace_id first (DESIGN.md rule 6); the hash covers the whole token.
 */
export function issueToken(prefix: TokenPrefix, workspaceId: string): IssuedToken {
  const token = `${prefix}_${workspaceId}_${randomBytes(32).toString("base64url")}`;
  return { token, workspaceId, hash: sha256Hex(token) };
}

export function parseToken(prefix: TokenPrefix, token: string): { workspaceId: string; hash: string } | null {
  const match = /^([a-z]{2})_([a-z0-9]{1,64})_([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match || match[1] !== prefix) return null;
  return { workspaceId: match[2]!, hash: sha256Hex(token) };
}
