// What the demo customer's own server does for the demo product on app.<cookie domain>: it knows who is
// signed in (Pat, in two companies), computes the Messenger's user_hash with the workspace's identity
// secret, and signs a short-lived JWT for the Help Center's single sign-on — exactly what README asks of a
// real product. Only the seeded demo workspace (by its slug) has such a product; every other host is not it.
import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { SignJWT } from "jose";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/database.ts";
import type { Contact, Workspace } from "../../db/schema.ts";
import { findContactByExternalId } from "../../domain/contacts/contact.repository.ts";
import { listViewerCompanies } from "../../domain/tickets/portalList.repository.ts";
import { demoProductHost } from "../../domain/workspaces/demoWorkspace.ts";
import { activeIdentitySecrets } from "../../domain/workspaces/identitySecrets.ts";
import { findWorkspaceBySlug } from "../../domain/workspaces/workspace.repository.ts";
import { userHashOf } from "../../identity/endUserVerification.ts";

/** The seeded person who belongs to two companies (demoWorkspace.ts): the product's signed-in user. */
export const DEMO_PERSON = "pat";

export interface DemoProduct {
  workspace: Workspace;
  /** "Demo Analytics" for "Demo Support": the product that team supports. */
  productName: string;
  person: Contact;
  companies: string[];
  /** The newest identity secret: what the product's server signs with. */
  secret: string;
}

/** The demo and its signed-in person, when the demo exists and has them; undefined otherwise. */
export async function loadDemoProduct(db: Db, config: Config): Promise<DemoProduct | undefined> {
  const workspace = await findWorkspaceBySlug(db, config.demoSlug);
  if (!workspace) return undefined;
  const [person, [secret]] = await Promise.all([
    findContactByExternalId(db, workspace.id, DEMO_PERSON),
    activeIdentitySecrets(db, config.secretKey, workspace.id),
  ]);
  if (!person || !secret) return undefined;
  const companies = await listViewerCompanies(db, { workspaceId: workspace.id, contactId: person.id });
  return {
    workspace,
    productName: `${workspace.name.replace(/ Support$/, "")} Analytics`,
    person,
    secret,
    companies: companies.map((c) => c.name ?? "a company"),
  };
}

/** The demo product, when this request is for its host (app.<the demo's cookie domain>). */
export async function demoProductOfRequest(
  request: FastifyRequest,
  db: Db,
  config: Config,
): Promise<DemoProduct | undefined> {
  const host = request.hostname.toLowerCase();
  if (!host.startsWith("app.")) return undefined;
  const demo = await loadDemoProduct(db, config);
  return demo && demoProductHost(demo.workspace) === host ? demo : undefined;
}

/** window.porticoSettings as the product's server writes it: identity proven by user_hash. */
export function messengerSettingsOf(demo: DemoProduct): Record<string, string> {
  return {
    workspace_id: demo.workspace.id,
    user_id: DEMO_PERSON,
    name: demo.person.name ?? DEMO_PERSON,
    email: demo.person.email ?? "",
    user_hash: userHashOf(demo.secret, DEMO_PERSON),
  };
}

/** The Help Center SSO token: HS256, user_id, a fresh jti, five minutes to live. */
export function signSsoJwt(demo: DemoProduct): Promise<string> {
  return new SignJWT({
    user_id: DEMO_PERSON,
    ...(demo.person.name ? { name: demo.person.name } : {}),
    ...(demo.person.email ? { email: demo.person.email } : {}),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(demo.secret));
}
