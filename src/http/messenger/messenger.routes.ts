// The Messenger's server side: the loader script, and boot/shutdown called cross-origin from the
// workspace's own pages (CORS limited to its cookie domain, Help Center domain and listed origins).
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/database.ts";
import type { Workspace } from "../../db/schema.ts";
import { presentOwnContact } from "../../domain/contacts/contact.presenter.ts";
import { seconds } from "../../domain/json.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import {
  bootIsIdentified,
  bootMakesNewVisitor,
  bootMessenger,
  endMessengerSession,
  type BootInput,
} from "../../identity/messengerBoot.ts";
import { clientAddress, tooManyAttempts, type AbuseLimiter } from "../abuseLimits.ts";
import { MESSENGER_SESSION_TTL_MS } from "../../identity/sessions.ts";
import { errorBody, sendError } from "../errors.ts";
import { messengerLoaderSource } from "./loader.ts";
import { bootBody, shutdownBody, workspaceParams } from "./messenger.schema.ts";
import { isAllowedMessengerOrigin } from "./origins.ts";

interface Deps {
  db: Db;
  config: Config;
  settings: HotSettings;
  abuse: AbuseLimiter;
}

/**
 * Loads the workspace and applies CORS. Answers (and returns undefined) for an unknown workspace or a
 * browser Origin the workspace does not allow; requests without Origin are not from a browser page.
 */
async function admit(
  workspaceId: string,
  request: FastifyRequest,
  reply: FastifyReply,
  { config, settings }: Deps,
): Promise<Workspace | undefined> {
  const workspace = await settings.workspaceById(workspaceId);
  if (!workspace) {
    sendError(reply, 404, "not_found", "Workspace not found");
    return undefined;
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (!isAllowedMessengerOrigin(workspace, origin, config)) {
      sendError(reply, 403, "forbidden", "This origin may not use this workspace's Messenger.");
      return undefined;
    }
    reply.header("access-control-allow-origin", origin);
  }
  reply.header("vary", "Origin");
  return workspace;
}

export function messengerRoutes(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  app.get("/messenger.js", async (_request, reply) =>
    reply
      .type("application/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=300")
      .send(messengerLoaderSource(config.publicUrl)),
  );

  r.options(
    "/messenger/:workspaceId/:action",
    { schema: { params: workspaceParams } },
    async (request, reply) => {
      if (!(await admit(request.params.workspaceId, request, reply, deps))) return reply;
      return reply
        .code(204)
        .header("access-control-allow-methods", "POST")
        .header("access-control-allow-headers", "content-type")
        .header("access-control-max-age", "600")
        .send();
    },
  );

  r.post(
    "/messenger/:workspaceId/boot",
    { schema: { params: workspaceParams, body: bootBody } },
    async (request, reply) => {
      const workspace = await admit(request.params.workspaceId, request, reply, deps);
      if (!workspace) return reply;
      const b = request.body;
      const input: BootInput = {
        userId: b.user_id,
        email: b.email,
        name: b.name,
        userHash: b.user_hash,
        userJwt: b.user_jwt,
        sessionToken: b.session_token,
        deviceId: b.device_id,
      };
      const address = clientAddress(request);
      // An identity proof is a guess until it verifies; an anonymous boot without a session is a new lead.
      const attempt = bootIsIdentified(input)
        ? await deps.abuse.take([{ limit: "boot_failures_per_ip", scope: "*", subject: address }])
        : (await bootMakesNewVisitor(db, workspace, input))
          ? await deps.abuse.take([
              { limit: "new_leads_per_ip", scope: "*", subject: address },
              { limit: "new_leads_per_workspace", scope: workspace.id, subject: "all" },
            ])
          : null;
      if (attempt && !attempt.ok) return tooManyAttempts(reply, attempt);
      const result = await bootMessenger(db, config.secretKey, workspace, input);
      if (result.ok && bootIsIdentified(input)) await attempt?.release();
      if (!result.ok) {
        // Nothing about the person is in this answer: not whether they exist, not who they are.
        request.log.info({ workspace: workspace.id, reason: result.reason }, "messenger identity refused");
        return reply.code(401).send({
          ...errorBody("unauthorized", `The identity could not be verified: ${result.reason}.`),
          cookie_domain: workspace.cookie_domain,
        });
      }
      return {
        type: "messenger_session",
        session_token: result.sessionToken,
        session_max_age: MESSENGER_SESSION_TTL_MS / 1000,
        expires_at: seconds(result.expiresAt),
        device_id: result.deviceId,
        cookie_domain: workspace.cookie_domain,
        identity_verified: result.verified,
        contact: presentOwnContact(result.contact),
      };
    },
  );

  r.post(
    "/messenger/:workspaceId/shutdown",
    { schema: { params: workspaceParams, body: shutdownBody } },
    async (request, reply) => {
      const workspace = await admit(request.params.workspaceId, request, reply, deps);
      if (!workspace) return reply;
      await endMessengerSession(db, workspace, request.body.session_token);
      return reply.code(204).send();
    },
  );
}
