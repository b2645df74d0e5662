// GET / on the main host: the start page, from which a newcomer reaches every surface by clicking (the
// portal as the demo person, the Help Desk signed in, the demo product with the Messenger). GET / on the
// demo product's host: that product; on a Help Center domain: its home; anywhere else: a plain 404.
// GET /support on the demo product's host hands the person to the Help Center by JWT single sign-on.
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { findFirstAdmin } from "../domain/teammates/teammate.repository.ts";
import { readDemoCredentials } from "../domain/workspaces/demoCredentials.ts";
import { demoProductUrl } from "../domain/workspaces/demoWorkspace.ts";
import { isLoopbackServerName } from "../domain/workspaces/loopbackNames.ts";
import { helpCenterUrl } from "../domain/workspaces/workspace.presenter.ts";
import {
  demoProductOfRequest,
  loadDemoProduct,
  messengerSettingsOf,
  signSsoJwt,
} from "./firstRun/demoProduct.ts";
import {
  productPageCsp,
  productPageHtml,
  startPageCsp,
  startPageHtml,
  supportHandOffHtml,
  type StartPageDemo,
} from "./firstRun/pages.ts";
import type { HotSettings } from "../domain/workspaces/hotSettings.ts";
import { helpCenterHomeForHost } from "./helpcenter/helpCenter.routes.ts";
import { isMainHost, plainNotFound } from "./helpcenter/hosts.ts";
import type { WebAssets } from "./webAssets.ts";

const LOOPBACK_PEERS = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * Whether the start page may show the demo admin's password: only to a browser on this very machine,
 * talking to a server that calls itself localhost (no proxy in between, which would make everyone local).
 */
function isThisMachine(request: FastifyRequest, config: Config): boolean {
  return (
    config.trustProxy === false &&
    isLoopbackServerName(new URL(config.publicUrl).hostname) &&
    isLoopbackServerName(request.hostname) &&
    LOOPBACK_PEERS.has(request.socket.remoteAddress ?? "")
  );
}

export function startPageRoutes(
  app: FastifyInstance,
  deps: { db: Db; config: Config; settings: HotSettings; web: WebAssets | null },
): void {
  const { db, config, web } = deps;
  const otherHost = helpCenterHomeForHost(deps);
  const styles = () => (web ? web.styleLinks("site") : "");

  async function startPage(request: FastifyRequest, reply: FastifyReply) {
    const demo = await loadDemoProduct(db, config);
    const admin = demo ? await findFirstAdmin(db, demo.workspace.id) : undefined;
    const productUrl = demo ? demoProductUrl(demo.workspace, config) : null;
    let shown: StartPageDemo | null = null;
    if (demo && admin && productUrl) {
      const kept = isThisMachine(request, config) ? readDemoCredentials(config.dataDir) : null;
      shown = {
        name: demo.workspace.name,
        adminEmail: admin.email,
        adminPassword: kept && kept.email === admin.email ? kept.password : null,
        person: { name: demo.person.name ?? "the demo person", companies: demo.companies },
        portalSignInUrl: `${productUrl}/support`,
        productUrl: `${productUrl}/`,
        helpCenterUrl: `${helpCenterUrl(demo.workspace, config)}/`,
      };
    }
    const nonce = randomBytes(16).toString("base64");
    return reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", startPageCsp(nonce))
      .header("cache-control", "no-store")
      .send(startPageHtml({ nonce, styles: styles(), demo: shown }));
  }

  app.get("/", async (request, reply) => {
    if (isMainHost(request, config)) return startPage(request, reply);
    const demo = await demoProductOfRequest(request, db, config);
    if (!demo) return otherHost(request, reply);
    const nonce = randomBytes(16).toString("base64");
    const porticoOrigin = new URL(config.publicUrl).origin;
    const hc = helpCenterUrl(demo.workspace, config);
    return reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", productPageCsp(nonce, porticoOrigin, new URL(hc).origin))
      .header("cache-control", "no-store")
      .send(
        productPageHtml({
          nonce,
          productName: demo.productName,
          person: { name: demo.person.name ?? "you", companies: demo.companies },
          messengerSettings: messengerSettingsOf(demo),
          loaderUrl: `${config.publicUrl}/messenger.js`,
          helpCenterUrl: hc,
          startPageUrl: `${config.publicUrl}/`,
          cookieDomain: demo.workspace.cookie_domain ?? "",
        }),
      );
  });

  // The demo product's "Support tickets": a fresh JWT posted to the Help Center's /sso/jwt.
  app.get("/support", async (request, reply) => {
    const demo = await demoProductOfRequest(request, db, config);
    if (!demo) return plainNotFound(reply);
    const nonce = randomBytes(16).toString("base64");
    const hc = helpCenterUrl(demo.workspace, config);
    return reply
      .type("text/html; charset=utf-8")
      .header(
        "content-security-policy",
        productPageCsp(nonce, new URL(config.publicUrl).origin, new URL(hc).origin),
      )
      .header("cache-control", "no-store")
      .header("referrer-policy", "no-referrer")
      .send(
        supportHandOffHtml({
          nonce,
          productName: demo.productName,
          ssoUrl: `${hc}/sso/jwt`,
          jwt: await signSsoJwt(demo),
          returnTo: "/tickets",
        }),
      );
  });

  // The start page used to link the product here; it lives on its own host now, beside the Help Center.
  app.get("/demo/product", async (request, reply) => {
    if (!isMainHost(request, config)) return plainNotFound(reply);
    const demo = await loadDemoProduct(db, config);
    const url = demo ? demoProductUrl(demo.workspace, config) : null;
    return url ? reply.redirect(`${url}/`, 302) : plainNotFound(reply);
  });
}
