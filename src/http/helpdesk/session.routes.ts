// Teammate sign-in, sign-out and "who am I" for the Help Desk (`/app/session`, `/app/me`).
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/database.ts";
import { presentTeammate } from "../../domain/teammates/teammate.presenter.ts";
import { findTeammate, findTeammateForSignIn } from "../../domain/teammates/teammate.repository.ts";
import { findWorkspaceById } from "../../domain/workspaces/workspace.repository.ts";
import { decoyPasswordHash, verifyPassword } from "../../identity/passwords.ts";
import {
  createSession,
  deleteSession,
  findSession,
  TEAMMATE_SESSION_TTL_MS,
} from "../../identity/sessions.ts";
import { sendError } from "../errors.ts";
import { signInBody, teammateResponse } from "./session.schema.ts";

export const TEAMMATE_COOKIE = "portico_teammate";

interface Deps {
  db: Db;
  config: Config;
}

/** True when the request carries an Origin header naming a site other than this server. */
function isForeignOrigin(request: FastifyRequest, config: Config): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  const allowed = new Set([new URL(config.publicUrl).origin, `${request.protocol}://${request.host}`]);
  return !allowed.has(origin);
}

export async function currentTeammate(request: FastifyRequest, db: Db) {
  const token = request.cookies[TEAMMATE_COOKIE];
  if (!token) return undefined;
  const session = await findSession(db, token, "teammate");
  if (!session?.teammate_id) return undefined;
  const [teammate, workspace] = await Promise.all([
    findTeammate(db, session.workspace_id, session.teammate_id),
    findWorkspaceById(db, session.workspace_id),
  ]);
  return teammate && workspace ? { teammate, workspace } : undefined;
}

export function sessionRoutes(app: FastifyInstance, { db, config }: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const secure = config.publicUrl.startsWith("https:");

  r.post(
    "/app/session",
    { schema: { body: signInBody, response: { 200: teammateResponse } } },
    async (request, reply) => {
      if (isForeignOrigin(request, config)) {
        return sendError(reply, 403, "forbidden", "Sign-in from another site is not allowed.");
      }
      const teammate = await findTeammateForSignIn(db, request.body.email);
      // Unknown e-mails cost a hash too, so timing does not tell which e-mails have accounts.
      const valid = await verifyPassword(
        request.body.password,
        teammate?.password_hash ?? (await decoyPasswordHash()),
      );
      if (!teammate || !valid) {
        return sendError(reply, 401, "unauthorized", "The e-mail or password is not right.");
      }
      const workspace = (await findWorkspaceById(db, teammate.workspace_id))!;
      // A fresh session id at every sign-in: a token planted before sign-in is worth nothing after it.
      const previous = request.cookies[TEAMMATE_COOKIE];
      if (previous) await deleteSession(db, previous);
      const token = await createSession(
        db,
        { workspaceId: teammate.workspace_id, kind: "teammate", teammateId: teammate.id },
        TEAMMATE_SESSION_TTL_MS,
      );
      reply.setCookie(TEAMMATE_COOKIE, token, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure,
        maxAge: TEAMMATE_SESSION_TTL_MS / 1000,
      });
      return presentTeammate(teammate, workspace);
    },
  );

  r.get("/app/me", { schema: { response: { 200: teammateResponse } } }, async (request, reply) => {
    const current = await currentTeammate(request, db);
    if (!current) return sendError(reply, 401, "unauthorized", "Sign in first.");
    return presentTeammate(current.teammate, current.workspace);
  });

  r.delete("/app/session", async (request, reply) => {
    if (isForeignOrigin(request, config))
      return sendError(reply, 403, "forbidden", "Sign-out from another site is not allowed.");
    const token = request.cookies[TEAMMATE_COOKIE];
    if (token) await deleteSession(db, token);
    reply.clearCookie(TEAMMATE_COOKIE, { path: "/" });
    return reply.code(204).send();
  });
}
