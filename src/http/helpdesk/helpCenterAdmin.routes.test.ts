// Help Center editing over HTTP: admins create, change and delete collections and articles with the CSRF
// token; agents read but may not write (403); another workspace's ids answer 404.
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import { buildWorkspace } from "../../../test/factories.ts";
import { signedInTeammate } from "../../../test/teammates.ts";

for (const dialect of testDialects()) {
  describe(`help center editing (${dialect.name})`, () => {
    const app = testApp(dialect);

    async function team() {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      return {
        workspace,
        admin: await signedInTeammate(await app(), db, workspace, "admin"),
        agent: await signedInTeammate(await app(), db, workspace, "agent"),
      };
    }

    it("creates, lists, updates and deletes collections and articles", async () => {
      const { workspace, admin } = await team();
      const created = await admin("POST", "/app/help/collections", { name: "Billing", description: "Money" });
      expect(created.statusCode).toBe(201);
      const collection = created.json();
      expect(collection).toMatchObject({
        type: "help_collection",
        name: "Billing",
        description: "Money",
        order: 0,
      });
      const second = (await admin("POST", "/app/help/collections", { name: "Account" })).json();
      expect(second.order).toBe(1);

      const article = await admin("POST", "/app/help/articles", {
        collection_id: collection.id,
        title: "Invoices",
        body_markdown: "Open **Billing**.",
      });
      expect(article.statusCode).toBe(201);
      expect(article.json()).toMatchObject({
        title: "Invoices",
        published: false,
        body_markdown: "Open **Billing**.",
        body_html: "<p>Open <strong>Billing</strong>.</p>\n",
      });
      const id = article.json().id as string;
      const published = await admin("PUT", `/app/help/articles/${id}`, {
        published: true,
        collection_id: second.id,
      });
      expect(published.statusCode).toBe(200);
      expect(published.json()).toMatchObject({ published: true, collection_id: second.id });
      expect((await admin("GET", `/app/help/articles?collection_id=${second.id}`)).json().data).toHaveLength(
        1,
      );
      expect(
        (await admin("GET", `/app/help/articles?collection_id=${collection.id}`)).json().data,
      ).toHaveLength(0);

      const renamed = await admin("PUT", `/app/help/collections/${collection.id}`, {
        name: "Payments",
        order: 5,
      });
      expect(renamed.json()).toMatchObject({ name: "Payments", order: 5 });
      expect(
        (await admin("GET", "/app/help/collections")).json().data.map((c: { name: string }) => c.name),
      ).toEqual(["Account", "Payments"]);
      // The public home shows the article once published.
      const home = await (
        await app()
      ).inject({
        method: "GET",
        url: `/help/${workspace.slug}`,
        headers: { host: "portico.test" },
      });
      expect(home.body).toContain(`/help/${workspace.slug}/articles/${id}`);

      expect((await admin("DELETE", `/app/help/articles/${id}`)).statusCode).toBe(204);
      expect((await admin("GET", "/app/help/articles")).json().data).toHaveLength(0);
      expect((await admin("DELETE", `/app/help/collections/${collection.id}`)).statusCode).toBe(204);
      expect((await admin("GET", "/app/help/collections")).json().data).toHaveLength(1);
      expect((await admin("DELETE", `/app/help/collections/${collection.id}`)).statusCode).toBe(404);
    });

    it("deletes a collection's articles with it and refuses an article in a missing collection", async () => {
      const { admin } = await team();
      const collection = (await admin("POST", "/app/help/collections", { name: "Gone" })).json();
      await admin("POST", "/app/help/articles", { collection_id: collection.id, title: "One" });
      await admin("DELETE", `/app/help/collections/${collection.id}`);
      expect((await admin("GET", "/app/help/articles")).json().data).toEqual([]);
      const orphan = await admin("POST", "/app/help/articles", {
        collection_id: collection.id,
        title: "Two",
      });
      expect(orphan.statusCode).toBe(404);
      const blank = await admin("POST", "/app/help/collections", { name: "   " });
      expect(blank.statusCode).toBe(400);
    });

    it("lets agents read but answers 403 to their writes, and needs the CSRF token", async () => {
      const { admin, agent } = await team();
      const collection = (await admin("POST", "/app/help/collections", { name: "Billing" })).json();
      const article = (
        await admin("POST", "/app/help/articles", { collection_id: collection.id, title: "Invoices" })
      ).json();
      expect((await agent("GET", "/app/help/collections")).json().data).toHaveLength(1);
      expect((await agent("GET", "/app/help/articles")).json().data).toHaveLength(1);
      const writes = [
        ["POST", "/app/help/collections", { name: "Mine" }],
        ["PUT", `/app/help/collections/${collection.id}`, { name: "Mine" }],
        ["DELETE", `/app/help/collections/${collection.id}`, undefined],
        ["POST", "/app/help/articles", { collection_id: collection.id, title: "Mine" }],
        ["PUT", `/app/help/articles/${article.id}`, { title: "Mine" }],
        ["DELETE", `/app/help/articles/${article.id}`, undefined],
      ] as const;
      for (const [method, url, payload] of writes) {
        const refused = await agent(method, url, payload);
        expect(refused.statusCode).toBe(403);
        expect(refused.json().errors[0].code).toBe("forbidden");
        expect((await admin(method, url, payload, { csrf: null })).statusCode).toBe(403);
      }
      expect((await admin("GET", "/app/help/collections")).json().data[0].name).toBe("Billing");
      expect((await admin("GET", "/app/help/articles")).json().data[0].title).toBe("Invoices");
      expect((await (await app()).inject({ method: "GET", url: "/app/help/articles" })).statusCode).toBe(401);
    });

    it("answers 404 for another workspace's collections and articles", async () => {
      const mine = await team();
      const theirs = await team();
      const collection = (await theirs.admin("POST", "/app/help/collections", { name: "Theirs" })).json();
      const article = (
        await theirs.admin("POST", "/app/help/articles", { collection_id: collection.id, title: "Secret" })
      ).json();
      for (const [method, url, payload] of [
        ["PUT", `/app/help/collections/${collection.id}`, { name: "Hijacked" }],
        ["DELETE", `/app/help/collections/${collection.id}`, undefined],
        ["PUT", `/app/help/articles/${article.id}`, { title: "Hijacked" }],
        ["DELETE", `/app/help/articles/${article.id}`, undefined],
        ["POST", "/app/help/articles", { collection_id: collection.id, title: "Planted" }],
      ] as const) {
        expect((await mine.admin(method, url, payload)).statusCode).toBe(404);
      }
      expect((await mine.admin("GET", "/app/help/collections")).json().data).toEqual([]);
      expect(
        (await mine.admin("GET", `/app/help/articles?collection_id=${collection.id}`)).json().data,
      ).toEqual([]);
      expect((await theirs.admin("GET", "/app/help/articles")).json().data[0].title).toBe("Secret");
    });
  });
}
