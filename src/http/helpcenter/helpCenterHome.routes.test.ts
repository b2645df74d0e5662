// The Help Center home and article pages: published articles by collection, the Tickets card only for
// people who may use the portal and where the settings put it, and article Markdown rendered inert.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import { buildIdentityWorkspace, uniqueDomain } from "../../../test/factories.ts";
import { signJwt } from "../../../test/identity.ts";
import type { Db } from "../../db/database.ts";
import { setPortalAccessRules } from "../../domain/helpcenter/accessRuleCommands.ts";
import { createArticle, createCollection } from "../../domain/helpcenter/articleCommands.ts";
import type { WorkspaceSettingsChanges } from "../../domain/workspaces/workspaceCommands.ts";

for (const dialect of testDialects()) {
  describe(`help center home (${dialect.name})`, () => {
    const app = testApp(dialect);

    async function helpCenter(settings: WorkspaceSettingsChanges = {}) {
      const { db } = await dialect.db();
      const cookieDomain = uniqueDomain();
      const host = `help.${cookieDomain}`;
      const made = await buildIdentityWorkspace(db, {
        cookieDomain,
        helpCenterDomain: host,
        helpCenterHttps: true,
        helpCenterLive: true,
        identityEnforced: true,
        portalEnabled: true,
        ...settings,
      });
      return { ...made, db, host };
    }

    async function content(db: Db, workspaceId: string) {
      return db.transaction().execute(async (trx) => {
        const billing = await createCollection(trx, workspaceId, { name: "Billing & plans" });
        const invoices = await createArticle(trx, workspaceId, {
          collectionId: billing.id,
          title: "Download <your> invoices",
          bodyMarkdown: "# Invoices\n\nOpen **Billing**.",
          published: true,
        });
        const draft = await createArticle(trx, workspaceId, {
          collectionId: billing.id,
          title: "Unfinished draft",
          published: false,
        });
        return { billing, invoices, draft };
      });
    }

    async function signIn(host: string, workspaceId: string, secret: string, name = "Pat Person") {
      const jwt = await signJwt(secret, {
        user_id: `u-${randomBytes(4).toString("hex")}`,
        name,
        jti: randomBytes(8).toString("hex"),
      });
      const response = await (
        await app()
      ).inject({
        method: "POST",
        url: "/sso/jwt",
        headers: { host, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ jwt }).toString(),
      });
      expect(response.statusCode).toBe(303);
      return {
        [`portico-hc-${workspaceId}`]: response.cookies.find((c) =>
          c.name.endsWith(`portico-hc-${workspaceId}`),
        )!.value,
      };
    }

    const get = async (host: string, url: string, cookies: Record<string, string> = {}) =>
      (await app()).inject({ method: "GET", url, headers: { host }, cookies });

    const hasCard = (body: string) => body.includes('<h2 id="tickets-card">Tickets</h2>');

    it("lists each collection's published articles as links, never drafts", async () => {
      const { workspace, db, host } = await helpCenter();
      const { invoices } = await content(db, workspace.id);
      const page = await get(host, "/");
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("<h3");
      expect(page.body).toContain("Billing &amp; plans");
      expect(page.body).toContain(`<a href="/articles/${invoices.id}">Download &lt;your&gt; invoices</a>`);
      expect(page.body).not.toContain("Unfinished draft");
      expect(page.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      // The same home at /help/<slug> links under its base path.
      const bySlug = await get("portico.test", `/help/${workspace.slug}`);
      expect(bySlug.body).toContain(`<a href="/help/${workspace.slug}/articles/${invoices.id}">`);
    });

    it("shows the Tickets card to a signed-in person the rules let in, linking to the portal", async () => {
      const { workspace, secret, db, host } = await helpCenter();
      await content(db, workspace.id);
      const signedOut = await get(host, "/");
      expect(hasCard(signedOut.body)).toBe(false);
      const cookies = await signIn(host, workspace.id, secret);
      const page = await get(host, "/", cookies);
      expect(hasCard(page.body)).toBe(true);
      expect(page.body).toContain('<a class="button" href="/tickets">See your tickets</a>');
      expect(page.body).toContain("Signed in as <strong>Pat Person</strong>");
    });

    it("places the card before the collections at position 0 and after them at position 1", async () => {
      for (const position of [0, 1]) {
        const { workspace, secret, db, host } = await helpCenter({ portalHomeCardPosition: position });
        await content(db, workspace.id);
        const body = (await get(host, "/", await signIn(host, workspace.id, secret))).body;
        const card = body.indexOf('id="tickets-card"');
        const articles = body.indexOf('id="articles"');
        expect(card).toBeGreaterThan(-1);
        expect(articles).toBeGreaterThan(-1);
        expect(card < articles).toBe(position === 0);
      }
    });

    it("shows no card when the portal is off, the card is off, or the rules keep the person out", async () => {
      const off = await helpCenter({ portalEnabled: false });
      expect(
        hasCard((await get(off.host, "/", await signIn(off.host, off.workspace.id, off.secret))).body),
      ).toBe(false);
      const noCard = await helpCenter({ portalHomeCard: false });
      expect(
        hasCard(
          (await get(noCard.host, "/", await signIn(noCard.host, noCard.workspace.id, noCard.secret))).body,
        ),
      ).toBe(false);
      const ruled = await helpCenter();
      await ruled.db.transaction().execute((trx) =>
        setPortalAccessRules(trx, ruled.workspace.id, {
          match: "all",
          conditions: [{ target: "person", attribute: "name", operator: "equals", value: "Vip Person" }],
        }),
      );
      const outsider = await signIn(ruled.host, ruled.workspace.id, ruled.secret, "Pat Person");
      expect(hasCard((await get(ruled.host, "/", outsider)).body)).toBe(false);
      const insider = await signIn(ruled.host, ruled.workspace.id, ruled.secret, "Vip Person");
      expect(hasCard((await get(ruled.host, "/", insider)).body)).toBe(true);
    });

    it("renders an article's Markdown inert: no script, no javascript: link, no event attribute", async () => {
      const { workspace, db, host } = await helpCenter();
      const { billing } = await content(db, workspace.id);
      const evil = await db.transaction().execute((trx) =>
        createArticle(trx, workspace.id, {
          collectionId: billing.id,
          title: "<script>alert(1)</script>Evil",
          bodyMarkdown: [
            "<script>alert(1)</script>",
            "",
            '<img src=x onerror="alert(1)">',
            "",
            "[click](javascript:alert(1)) [tab](java\tscript:alert(1)) ![img](javascript:alert(1))",
            "",
            "[fine](https://example.com/ok)",
          ].join("\n"),
          published: true,
        }),
      );
      const page = await get(host, `/articles/${evil.id}`);
      expect(page.statusCode).toBe(200);
      const html = page.body;
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/href="\s*java/i);
      expect(html).not.toMatch(/src="\s*java/i);
      expect(html).not.toMatch(/<img[^>]*onerror/i);
      // No element carries an event handler; the escaped source text may still read "onerror".
      expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(html).toContain("&lt;img src=x onerror=");
      expect(html).toContain(
        '<h1 id="article-title" class="page-title">&lt;script&gt;alert(1)&lt;/script&gt;Evil</h1>',
      );
      expect(html).toContain('href="https://example.com/ok"');
      const csp = String(page.headers["content-security-policy"]);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
      expect(csp).not.toContain("unsafe-inline");
    });

    it("answers 404 for a draft, a missing article, and another workspace's article", async () => {
      const { workspace, db, host } = await helpCenter();
      const { draft, invoices } = await content(db, workspace.id);
      const other = await helpCenter();
      const theirs = await content(other.db, other.workspace.id);
      expect((await get(host, `/articles/${invoices.id}`)).statusCode).toBe(200);
      expect((await get(host, `/articles/${draft.id}`)).statusCode).toBe(404);
      expect((await get(host, "/articles/nope")).statusCode).toBe(404);
      expect((await get(host, `/articles/${theirs.invoices.id}`)).statusCode).toBe(404);
      expect(
        (await get("portico.test", `/help/${workspace.slug}/articles/${theirs.invoices.id}`)).statusCode,
      ).toBe(404);
      const bySlug = await get("portico.test", `/help/${workspace.slug}/articles/${invoices.id}`);
      expect(bySlug.statusCode).toBe(200);
      expect(bySlug.body).toContain("<h1>Invoices</h1>");
    });

    it("lets the home's cookie check run only by its nonce", async () => {
      const { host } = await helpCenter();
      const page = await get(host, "/");
      const nonce = /script-src 'nonce-([^']+)'/.exec(String(page.headers["content-security-policy"]))![1]!;
      const scripts = [...page.body.matchAll(/<script([^>]*)>/g)];
      expect(scripts).toHaveLength(1);
      expect(scripts[0]![1]).toBe(` nonce="${nonce}"`);
      const again = await get(host, "/");
      expect(again.headers["content-security-policy"]).not.toBe(page.headers["content-security-policy"]);
    });
  });
}
