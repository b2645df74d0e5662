// Admin-only JSON for the settings pages: teammates (invite by one-time link, roles, removal), API tokens
// (shown once, at creation) and ticket states (labels, archive). Agents get 404, as for anything hidden.
// The Help Desk's own JSON, so hidden from the public API's OpenAPI document.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import type { Db } from "../../db/database.ts";
import { seconds } from "../../domain/json.ts";
import {
  acceptTeammateInvite,
  changeTeammateRole,
  inviteTeammate,
  removeTeammate,
  revokeTeammateInvite,
} from "../../domain/teammates/teammateAdmin.ts";
import { listPendingInvites } from "../../domain/teammates/teammateInvite.repository.ts";
import { listTeammatesForAdmin } from "../../domain/teammates/teammate.repository.ts";
import { presentTicketState } from "../../domain/tickets/ticket.presenter.ts";
import { createTicketState, updateTicketState } from "../../domain/tickets/ticketStateCommands.ts";
import { issueApiToken, revokeApiTokenOf } from "../../identity/apiTokenCommands.ts";
import { listApiTokens } from "../../identity/apiTokens.ts";
import type { Mailer } from "../../identity/mailer.ts";
import { clientAddress, tooManyAttempts, type AbuseLimiter } from "../abuseLimits.ts";
import { sendError } from "../errors.ts";
import { isForeignOrigin } from "./session.routes.ts";
import {
  acceptInviteBody,
  changeRoleBody,
  createApiTokenBody,
  createTicketStateBody,
  idParams,
  inviteBody,
  updateTicketStateBody,
} from "./teamAdmin.schema.ts";
import { authenticateTeammate, authenticateTeammateWrite, requireAdmin } from "./teammateAuth.ts";

interface Deps {
  db: Db;
  config: Config;
  settings: HotSettings;
  mailer: Mailer;
  abuse: AbuseLimiter;
}

const presentInvite = (i: {
  id: string;
  email: string;
  name: string;
  role: string;
  created_at: number;
  expires_at: number;
}) => ({
  type: "teammate_invite" as const,
  id: i.id,
  email: i.email,
  name: i.name || null,
  role: i.role,
  created_at: seconds(i.created_at),
  expires_at: seconds(i.expires_at),
});

export function teamAdminRoutes(app: FastifyInstance, deps: Deps): void {
  const { db, config, mailer } = deps;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  /** The signed-in admin for a read, or undefined after answering (401, or 404 for an agent). */
  async function adminReading(request: FastifyRequest, reply: FastifyReply) {
    const current = await authenticateTeammate(request, reply, deps);
    return current && requireAdmin(current, reply) ? current : undefined;
  }
  /** The same for a write: also the CSRF header and a same-site Origin. */
  async function adminWriting(request: FastifyRequest, reply: FastifyReply) {
    const current = await authenticateTeammateWrite(request, reply, deps);
    return current && requireAdmin(current, reply) ? current : undefined;
  }

  r.get("/app/teammates", { schema: { hide: true } }, async (request, reply) => {
    const current = await adminReading(request, reply);
    if (!current) return reply;
    const workspaceId = current.workspace.id;
    const [teammates, invites] = await Promise.all([
      listTeammatesForAdmin(db, workspaceId),
      listPendingInvites(db, workspaceId, Date.now()),
    ]);
    return {
      type: "list" as const,
      data: teammates.map((t) => ({
        type: "admin" as const,
        id: t.id,
        name: t.name,
        email: t.email,
        role: t.role,
        is_you: t.id === current.teammate.id,
        created_at: seconds(t.created_at),
      })),
      invites: invites.map(presentInvite),
    };
  });

  r.post("/app/teammates/invites", { schema: { hide: true, body: inviteBody } }, async (request, reply) => {
    const current = await adminWriting(request, reply);
    if (!current) return reply;
    const { invite, token } = await db.transaction().execute((trx) =>
      inviteTeammate(trx, current.workspace.id, {
        email: request.body.email,
        name: request.body.name,
        role: request.body.role,
        invitedBy: current.teammate.id,
      }),
    );
    // The token travels in the fragment, so it never reaches a server log or a Referer header.
    const link = `${config.publicUrl}/app/invite#${token}`;
    await mailer.send({
      to: invite.email,
      subject: `You are invited to the ${current.workspace.name} Help Desk`,
      text:
        `${current.teammate.name || current.teammate.email} invited you to answer customers in the ` +
        `${current.workspace.name} Help Desk as ${invite.role === "admin" ? "an admin" : "an agent"}.\n\n` +
        `Choose your password here (the link works once, for 7 days):\n${link}\n`,
    });
    return reply.code(201).send(presentInvite(invite));
  });

  r.delete(
    "/app/teammates/invites/:id",
    { schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const current = await adminWriting(request, reply);
      if (!current) return reply;
      await db
        .transaction()
        .execute((trx) => revokeTeammateInvite(trx, current.workspace.id, request.params.id));
      return reply.code(204).send();
    },
  );

  // The invited person has no session yet: the link's token is the credential, used once.
  r.post(
    "/app/invites/accept",
    { schema: { hide: true, body: acceptInviteBody } },
    async (request, reply) => {
      if (isForeignOrigin(request, config)) {
        return sendError(reply, 403, "forbidden", "Requests from another site are not allowed.");
      }
      const attempt = await deps.abuse.take([
        { limit: "invite_failures_per_ip", scope: "*", subject: clientAddress(request) },
      ]);
      if (!attempt.ok) return tooManyAttempts(reply, attempt);
      const teammate = await db.transaction().execute((trx) => acceptTeammateInvite(trx, request.body));
      await attempt.release();
      return reply.code(201).send({ type: "admin" as const, id: teammate.id, email: teammate.email });
    },
  );

  r.put(
    "/app/teammates/:id",
    { schema: { hide: true, params: idParams, body: changeRoleBody } },
    async (request, reply) => {
      const current = await adminWriting(request, reply);
      if (!current) return reply;
      await db
        .transaction()
        .execute((trx) =>
          changeTeammateRole(trx, current.workspace.id, request.params.id, request.body.role),
        );
      return { type: "admin" as const, id: request.params.id, role: request.body.role };
    },
  );

  r.delete("/app/teammates/:id", { schema: { hide: true, params: idParams } }, async (request, reply) => {
    const current = await adminWriting(request, reply);
    if (!current) return reply;
    await db.transaction().execute((trx) => removeTeammate(trx, current.workspace.id, request.params.id));
    return reply.code(204).send();
  });

  r.get("/app/api-tokens", { schema: { hide: true } }, async (request, reply) => {
    const current = await adminReading(request, reply);
    if (!current) return reply;
    const tokens = await listApiTokens(db, current.workspace.id);
    // Names and dates only: a token is shown once, when it is made.
    return {
      type: "list" as const,
      data: tokens.map((t) => ({
        type: "api_token" as const,
        id: t.id,
        name: t.name,
        created_at: seconds(t.created_at),
        last_used_at: t.last_used_at === null ? null : seconds(t.last_used_at),
        revoked_at: t.revoked_at === null ? null : seconds(t.revoked_at),
      })),
    };
  });

  r.post("/app/api-tokens", { schema: { hide: true, body: createApiTokenBody } }, async (request, reply) => {
    const current = await adminWriting(request, reply);
    if (!current) return reply;
    const created = await db
      .transaction()
      .execute((trx) => issueApiToken(trx, current.workspace.id, request.body.name, current.teammate.id));
    return reply.code(201).send({
      type: "api_token" as const,
      id: created.id,
      name: request.body.name.trim() || "API token",
      token: created.token,
    });
  });

  r.delete("/app/api-tokens/:id", { schema: { hide: true, params: idParams } }, async (request, reply) => {
    const current = await adminWriting(request, reply);
    if (!current) return reply;
    await db
      .transaction()
      .execute((trx) => revokeApiTokenOf(trx, current.workspace.id, request.params.id, current.teammate.id));
    return reply.code(204).send();
  });

  r.post(
    "/app/ticket-states",
    { schema: { hide: true, body: createTicketStateBody } },
    async (request, reply) => {
      const current = await adminWriting(request, reply);
      if (!current) return reply;
      const state = await db.transaction().execute((trx) =>
        createTicketState(trx, current.workspace.id, {
          category: request.body.category,
          internalLabel: request.body.internal_label,
          externalLabel: request.body.external_label,
        }),
      );
      return reply.code(201).send({ ...presentTicketState(state), archived: state.archived === 1 });
    },
  );

  r.put(
    "/app/ticket-states/:id",
    { schema: { hide: true, params: idParams, body: updateTicketStateBody } },
    async (request, reply) => {
      const current = await adminWriting(request, reply);
      if (!current) return reply;
      const state = await db.transaction().execute((trx) =>
        updateTicketState(trx, current.workspace.id, request.params.id, {
          internalLabel: request.body.internal_label,
          externalLabel: request.body.external_label,
          archived: request.body.archived,
        }),
      );
      return { ...presentTicketState(state), archived: state.archived === 1 };
    },
  );
}
