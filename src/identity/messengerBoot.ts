// Messenger boot: verify the page's identity proof, resolve the contact, issue or renew its session.
import { randomBytes } from "node:crypto";
import type { Db, Executor } from "../db/database.ts";
import type { Contact, Workspace } from "../db/schema.ts";
import { findContact } from "../domain/contacts/contact.repository.ts";
import { createLead, identifyContact, retryIfContactRaced } from "../domain/contacts/contactIdentifier.ts";
import { activeIdentitySecrets } from "../domain/workspaces/identitySecrets.ts";
import { verifyIdentityJwt, verifyUserHash, type Verification } from "./endUserVerification.ts";
import {
  createSession,
  deleteSession,
  findSession,
  MESSENGER_SESSION_TTL_MS,
  renewSession,
} from "./sessions.ts";

export interface BootInput {
  userId?: string | null;
  email?: string | null;
  name?: string | null;
  userHash?: string | null;
  userJwt?: string | null;
  /** The session the loader already holds in its first-party cookie, if any. */
  sessionToken?: string | null;
  deviceId?: string | null;
}

export type BootResult =
  | {
      ok: true;
      sessionToken: string;
      deviceId: string;
      contact: Contact;
      /** Unix ms. */
      expiresAt: number;
      /** False for anonymous visitors and for unproven identities when enforcement is off. */
      verified: boolean;
    }
  | { ok: false; reason: string };

const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/;
const blank = (v: string | null | undefined) => (v ?? "").trim() === "";

async function verifyProof(secrets: string[], input: BootInput): Promise<Verification | null> {
  const userId = blank(input.userId) ? null : input.userId!.trim();
  const email = blank(input.email) ? null : input.email!.trim();
  if (!blank(input.userJwt)) {
    const verdict = await verifyIdentityJwt(secrets, input.userJwt!);
    if (verdict.ok && userId !== null && verdict.identity.userId !== userId) {
      return { ok: false, reason: "user_id differs from the JWT's user_id" };
    }
    return verdict;
  }
  if (!blank(input.userHash)) return verifyUserHash(secrets, { userId, email }, input.userHash!.trim());
  return null;
}

/** Whether a boot names a person (and so must prove it), as opposed to an anonymous visitor. */
export function bootIsIdentified(input: Pick<BootInput, "userId" | "email" | "userJwt">): boolean {
  return !blank(input.userId) || !blank(input.email) || !blank(input.userJwt);
}

/** Whether an anonymous boot will make a new visitor (it holds no session of this workspace). */
export async function bootMakesNewVisitor(db: Executor, workspace: Workspace, input: BootInput) {
  return !bootIsIdentified(input) && !(await heldSession(db, workspace, input.sessionToken));
}

async function heldSession(db: Executor, workspace: Workspace, token: string | null | undefined) {
  if (!token) return undefined;
  const session = await findSession(db, token, "messenger");
  return session && session.workspace_id === workspace.id ? session : undefined;
}

export async function bootMessenger(
  db: Db,
  secretKey: Buffer,
  workspace: Workspace,
  input: BootInput,
): Promise<BootResult> {
  const identified = bootIsIdentified(input);
  const secrets = identified ? await activeIdentitySecrets(db, secretKey, workspace.id) : [];
  const verdict = identified ? await verifyProof(secrets, input) : null;
  // A proof that was given and fails is always refused; a missing proof only when enforcement is on.
  if (verdict && !verdict.ok) return verdict;
  if (identified && !verdict && workspace.identity_enforced) {
    return { ok: false, reason: "identity verification is enforced: send user_hash or user_jwt" };
  }
  const deviceId =
    input.deviceId && DEVICE_ID.test(input.deviceId) ? input.deviceId : randomBytes(16).toString("base64url");

  return retryIfContactRaced(() =>
    db.transaction().execute(async (trx) => {
      const held = await heldSession(trx, workspace, input.sessionToken);
      let contact: Contact;
      if (verdict?.ok) {
        const { identity } = verdict;
        const fromJwt = !blank(input.userJwt);
        contact = await identifyContact(trx, workspace.id, {
          userId: identity.userId,
          email: fromJwt ? null : identity.email,
          signed: fromJwt
            ? { email: identity.email, name: identity.name, companies: identity.companies }
            : undefined,
          unsigned: fromJwt
            ? undefined
            : { name: input.name, email: identity.userId ? input.email : undefined },
        });
      } else {
        // Anonymous visitor, or an unproven identity with enforcement off: a lead, never the named person.
        const heldContact = held?.contact_id
          ? await findContact(trx, workspace.id, held.contact_id)
          : undefined;
        contact = heldContact?.role === "lead" ? heldContact : await createLead(trx, workspace.id);
      }
      if (held && held.contact_id === contact.id) {
        const expiresAt = await renewSession(trx, held, MESSENGER_SESSION_TTL_MS);
        return {
          ok: true,
          sessionToken: input.sessionToken!,
          deviceId,
          contact,
          expiresAt,
          verified: !!verdict?.ok,
        };
      }
      // Someone else's session (a previous visitor or user on this browser) ends here.
      if (held) await deleteSession(trx, input.sessionToken!);
      const sessionToken = await createSession(
        trx,
        { workspaceId: workspace.id, kind: "messenger", contactId: contact.id },
        MESSENGER_SESSION_TTL_MS,
      );
      return {
        ok: true,
        sessionToken,
        deviceId,
        contact,
        expiresAt: Date.now() + MESSENGER_SESSION_TTL_MS,
        verified: !!verdict?.ok,
      };
    }),
  );
}

/** `Portico('shutdown')`: the session ends on the server too, not only in the browser. */
export async function endMessengerSession(db: Db, workspace: Workspace, token: string): Promise<void> {
  const session = await heldSession(db, workspace, token);
  if (session) await deleteSession(db, token);
}
