// Teammate sign-in, sign-out and "who am I" for the Help Desk (`/app/session`, `/app/me`).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/database.ts";
import { presentTeammate } from "../../domain/teammates/teammate.presenter.ts";
import { findTeammate, findTeammateForSignIn } from "../../domain/teammates/teammate.repository.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import { changeTeammatePassword, signOutEverywhere } from "../../domain/teammates/teammateCommands.ts";
import { csrfTokenFor } from "../../identity/csrf.ts";
import { decoyPasswordHash, verifyPassword } from "../../identity/passwords.ts";
import {
  createSession,
  deleteSession,
  findSession,
  TEAMMATE_SESSION_TTL_MS,
} from "../../identity/sessions.ts";
import {
  clearSignInFailures,
  reserveSignInAttempt,
  secondsUntilUnlocked,
} from "../../identity/signInThrottle.ts";
import { clientAddress, tooManyAttempts, type AbuseLimiter } from "../abuseLimits.ts";
import { hostOnlyCookieName } from "../cookies.ts";
import { sendError } from "../errors.ts";
import { authenticateTeammateWrite } from "./teammateAuth.ts";
import { changePasswordBody, signInBody, teammateResponse } from "./session.schema.ts";

export const TEAMMATE_COOKIE = "portico_teammate";

interface Deps {
  db: Db;
  config: Config;
  settings: HotSettings;
  abuse: AbuseLimiter;
}

import { isForeignOrigin } from "../sameSite.ts";

export { isForeignOrigin };

/** The session and teammate are read on every request (signing out, removal are instant); the workspace is hot. */
export async function currentTeammate(
  request: FastifyRequest,
  { db, settings }: { db: Db; settings: HotSettings },
) {
  const token = request.cookies[TEAMMATE_COOKIE];
  if (!token) return undefined;
  const session = await findSession(db, token, "teammate");
  if (!session?.teammate_id) return undefined;
  const [teammate, workspace] = await Promise.all([
    findTeammate(db, session.workspace_id, session.teammate_id),
    settings.workspaceById(session.workspace_id),
  ]);
  return teammate && workspace ? { teammate, workspace, sessionToken: token } : undefined;
}

/**
 * Passwords are checked only inside a reserved attempt slot (identity/signInThrottle.ts); a correct
 * password clears the count. "locked" when the account is locked out.
 */
async function checkPassword(
  db: Db,
  teammate: { workspace_id: string; id: string; password_hash: string },
  password: string,
): Promise<"ok" | "wrong" | "locked"> {
  if (!(await reserveSignInAttempt(db, teammate.workspace_id, teammate.id))) return "locked";
  if (!(await verifyPassword(password, teammate.password_hash))) return "wrong";
  await clearSignInFailures(db, teammate.workspace_id, teammate.id);
  return "ok";
}

async function sendLocked(reply: FastifyReply, db: Db, teammate: { workspace_id: string; id: string }) {
  const seconds = await secondsUntilUnlocked(db, teammate.workspace_id, teammate.id);
  reply.header("retry-after", String(seconds));
  return sendError(
    reply,
    429,
    "rate_limit_exceeded",
    `Too many failed sign-ins for this account. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
  );
}

export function sessionRoutes(app: FastifyInstance, { db, config, settings, abuse }: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const secure = config.publicUrl.startsWith("https:");
  // Read back under TEAMMATE_COOKIE whatever the prefix (http/cookies.ts).
  const cookieName = hostOnlyCookieName(TEAMMATE_COOKIE, { secure, path: "/" });

  r.post(
    "/app/session",
    { schema: { body: signInBody, response: { 200: teammateResponse } } },
    async (request, reply) => {
      if (isForeignOrigin(request, config)) {
        return sendError(reply, 403, "forbidden", "Sign-in from another site is not allowed.");
      }
      // Per address across accounts (the lockout holds per account): a slot taken now, given back on success.
      const attempt = await abuse.take([
        { limit: "sign_in_failures_per_ip", scope: "*", subject: clientAddress(request) },
      ]);
      if (!attempt.ok) return tooManyAttempts(reply, attempt);
      const teammate = await findTeammateForSignIn(db, request.body.email);
      if (!teammate) {
        // Unknown e-mails cost a hash too, so timing does not tell which e-mails have accounts.
        await verifyPassword(request.body.password, await decoyPasswordHash());
        return sendError(reply, 401, "unauthorized", "The e-mail or password is not right.");
      }
      const verdict = await checkPassword(db, teammate, request.body.password);
      if (verdict === "locked") return sendLocked(reply, db, teammate);
      if (verdict === "wrong") {
        return sendError(reply, 401, "unauthorized", "The e-mail or password is not right.");
      }
      await attempt.release();
      const workspace = (await settings.workspaceById(teammate.workspace_id))!;
      // A fresh session id at every sign-in: a token planted before sign-in is worth nothing after it.
      const previous = request.cookies[TEAMMATE_COOKIE];
      if (previous) await deleteSession(db, previous);
      const token = await createSession(
        db,
        { workspaceId: teammate.workspace_id, kind: "teammate", teammateId: teammate.id },
        TEAMMATE_SESSION_TTL_MS,
      );
      reply.setCookie(cookieName, token, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure,
        maxAge: TEAMMATE_SESSION_TTL_MS / 1000,
      });
      return { ...presentTeammate(teammate, workspace), csrf_token: csrfTokenFor(config.secretKey, token) };
    },
  );

  r.get("/app/me", { schema: { response: { 200: teammateResponse } } }, async (request, reply) => {
    const current = await currentTeammate(request, { db, settings });
    if (!current) return sendError(reply, 401, "unauthorized", "Sign in first.");
    return {
      ...presentTeammate(current.teammate, current.workspace),
      csrf_token: csrfTokenFor(config.secretKey, current.sessionToken),
    };
  });

  r.delete("/app/session", async (request, reply) => {
    const current = await authenticateTeammateWrite(request, reply, { db, config, settings });
    if (!current) return reply;
    await deleteSession(db, current.sessionToken);
    reply.clearCookie(cookieName, { path: "/", secure });
    return reply.code(204).send();
  });

  // "Sign out everywhere": every session of this teammate ends, this one included.
  r.delete("/app/sessions", async (request, reply) => {
    const current = await authenticateTeammateWrite(request, reply, { db, config, settings });
    if (!current) return reply;
    await db
      .transaction()
      .execute((trx) => signOutEverywhere(trx, current.workspace.id, current.teammate.id));
    reply.clearCookie(cookieName, { path: "/", secure });
    return reply.code(204).send();
  });

  // A password change keeps this session and ends every other one.
  r.put("/app/me/password", { schema: { body: changePasswordBody } }, async (request, reply) => {
    const current = await authenticateTeammateWrite(request, reply, { db, config, settings });
    if (!current) return reply;
    const verdict = await checkPassword(db, current.teammate, request.body.current_password);
    if (verdict === "locked") return sendLocked(reply, db, current.teammate);
    if (verdict === "wrong") {
      return sendError(reply, 401, "unauthorized", "The current password is not right.", "current_password");
    }
    await db.transaction().execute((trx) =>
      changeTeammatePassword(trx, current.workspace.id, current.teammate.id, request.body.new_password, {
        keepSessionToken: current.sessionToken,
      }),
    );
    return reply.code(204).send();
  });
}
