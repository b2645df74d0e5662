// Help Center sign-in other than the Messenger cookie: JWT single sign-on and one-time e-mailed links.
import { randomBytes } from "node:crypto";
import type { Db } from "../db/database.ts";
import type { Contact, Workspace } from "../db/schema.ts";
import { findContact, findContactByEmail } from "../domain/contacts/contact.repository.ts";
import { identifyContact, retryIfContactRaced } from "../domain/contacts/contactIdentifier.ts";
import { activeIdentitySecrets } from "../domain/workspaces/identitySecrets.ts";
import { verifyIdentityJwt } from "./endUserVerification.ts";
import { createSession, PORTAL_SESSION_TTL_MS } from "./sessions.ts";
import { sha256Hex } from "./tokens.ts";

export const SSO_MAX_LIFETIME_SECONDS = 10 * 60;
export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000;
/** Sign-in links one person can have outstanding within SIGN_IN_LINK_TTL_MS. */
export const MAX_LIVE_SIGN_IN_LINKS = 3;

export type PortalSignIn =
  { ok: true; sessionToken: string; contact: Contact } | { ok: false; reason: string };

/** POST /sso/jwt: HS256, user_id, jti (once), exp at most ten minutes ahead. */
export async function signInWithJwt(
  db: Db,
  secretKey: Buffer,
  workspace: Workspace,
  jwt: string,
): Promise<PortalSignIn> {
  const secrets = await activeIdentitySecrets(db, secretKey, workspace.id);
  const verdict = await verifyIdentityJwt(secrets, jwt, {
    requireJti: true,
    maxLifetimeSeconds: SSO_MAX_LIFETIME_SECONDS,
  });
  if (!verdict.ok) return verdict;
  const { identity } = verdict;
  return retryIfContactRaced(() =>
    db.transaction().execute(async (trx) => {
      const now = Date.now();
      await trx
        .deleteFrom("sso_jtis")
        .where("workspace_id", "=", workspace.id)
        .where("expires_at", "<", now)
        .execute();
      // The primary key makes the jti single-use even when two requests race with the same token.
      const recorded = await trx
        .insertInto("sso_jtis")
        .values({
          workspace_id: workspace.id,
          jti: identity.jti!,
          created_at: now,
          expires_at: identity.exp! * 1000,
        })
        .onConflict((oc) => oc.columns(["workspace_id", "jti"]).doNothing())
        .executeTakeFirst();
      if (Number(recorded.numInsertedOrUpdatedRows ?? 0) === 0)
        return { ok: false, reason: "this JWT was already used" };
      const contact = await identifyContact(trx, workspace.id, {
        userId: identity.userId,
        email: null,
        signed: { email: identity.email, name: identity.name, companies: identity.companies },
      });
      const sessionToken = await createSession(
        trx,
        { workspaceId: workspace.id, kind: "portal", contactId: contact.id },
        PORTAL_SESSION_TTL_MS,
      );
      return { ok: true, sessionToken, contact };
    }),
  );
}

/** A one-time link for the user with this e-mail, or null when there is none (the caller says the same). */
export async function createSignInLink(
  db: Db,
  workspace: Workspace,
  email: string,
): Promise<{ token: string; contact: Contact } | null> {
  const contact = await findContactByEmail(db, workspace.id, email);
  if (!contact || contact.role !== "user") return null;
  const now = Date.now();
  // At most a few live links per person: nobody can flood an inbox through this form. Past the limit
  // the answer is the same as ever ("if that address has an account, a link is on its way").
  const recent = await db
    .selectFrom("sign_in_links")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspace.id)
    .where("contact_id", "=", contact.id)
    .where("created_at", ">", now - SIGN_IN_LINK_TTL_MS)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= MAX_LIVE_SIGN_IN_LINKS) return null;
  const token = randomBytes(32).toString("base64url");
  await db
    .deleteFrom("sign_in_links")
    .where("workspace_id", "=", workspace.id)
    .where("expires_at", "<", now)
    .execute();
  await db
    .insertInto("sign_in_links")
    .values({
      workspace_id: workspace.id,
      token_hash: sha256Hex(token),
      contact_id: contact.id,
      created_at: now,
      expires_at: now + SIGN_IN_LINK_TTL_MS,
      used_at: null,
    })
    .execute();
  return { token, contact };
}

/** Uses the link up in one conditional UPDATE, so it signs in exactly once. */
export async function signInWithLink(db: Db, workspace: Workspace, token: string): Promise<PortalSignIn> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: "this sign-in link is not valid" };
  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    const used = await trx
      .updateTable("sign_in_links")
      .set({ used_at: now })
      .where("workspace_id", "=", workspace.id)
      .where("token_hash", "=", sha256Hex(token))
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning("contact_id")
      .executeTakeFirst();
    const contact = used ? await findContact(trx, workspace.id, used.contact_id) : undefined;
    if (!contact) return { ok: false as const, reason: "this sign-in link has expired or was already used" };
    const sessionToken = await createSession(
      trx,
      { workspaceId: workspace.id, kind: "portal", contactId: contact.id },
      PORTAL_SESSION_TTL_MS,
    );
    return { ok: true as const, sessionToken, contact };
  });
}
