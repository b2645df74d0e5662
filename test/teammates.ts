// Help Desk test helpers: a signed-in teammate (session cookie and CSRF token) and inject() as them.
import type { FastifyInstance, InjectOptions } from "fastify";
import type { Db } from "../src/db/database.ts";
import type { Workspace } from "../src/db/schema.ts";
import { TEAMMATE_COOKIE } from "../src/http/helpdesk/session.routes.ts";
import { buildTeammate } from "./factories.ts";

export type TeammateCall = (
  method: InjectOptions["method"],
  url: string,
  payload?: unknown,
  options?: { csrf?: string | null },
) => Promise<Awaited<ReturnType<FastifyInstance["inject"]>>>;

/** Signs a new teammate of `workspace` in: their session cookie's value and CSRF token. */
export async function signInTeammate(
  app: FastifyInstance,
  db: Db,
  workspace: Workspace,
  role: "admin" | "agent",
): Promise<{ token: string; csrfToken: string; cookie: string }> {
  const password = "correct horse battery";
  const teammate = await buildTeammate(db, workspace, { role, password });
  const response = await app.inject({
    method: "POST",
    url: "/app/session",
    payload: { email: teammate.email, password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const token = response.cookies.find((c) => c.name === TEAMMATE_COOKIE)!.value;
  return { token, csrfToken: response.json().csrf_token as string, cookie: `${TEAMMATE_COOKIE}=${token}` };
}

/** Signs a new teammate of `workspace` in; the call sends the CSRF header unless told `csrf: null`. */
export async function signedInTeammate(
  app: FastifyInstance,
  db: Db,
  workspace: Workspace,
  role: "admin" | "agent",
): Promise<TeammateCall> {
  const { token, csrfToken } = await signInTeammate(app, db, workspace, role);
  return async (method, url, payload, options = {}) => {
    const csrf = options.csrf === undefined ? csrfToken : options.csrf;
    return app.inject({
      method,
      url,
      cookies: { [TEAMMATE_COOKIE]: token },
      headers: csrf === null ? {} : { "x-csrf-token": csrf },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }),
    });
  };
}
