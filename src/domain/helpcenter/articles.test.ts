// Help Center collections and articles: ordering, drafts, moves, cascades, events and tenancy on each dialect.
import { describe, expect, it } from "vitest";
import { testDialects } from "../../../test/dialects.ts";
import { buildWorkspace } from "../../../test/factories.ts";
import type { Db, Executor } from "../../db/database.ts";
import { DomainError } from "../errors.ts";
import { presentPublicHelpArticle } from "./article.presenter.ts";
import {
  createArticle,
  createCollection,
  deleteArticle,
  deleteCollection,
  updateArticle,
  updateCollection,
} from "./articleCommands.ts";
import {
  findArticle,
  findPublishedArticle,
  listArticlesOfCollection,
  listCollections,
} from "./articles.repository.ts";

const inTrx = <T>(db: Db, fn: (trx: Executor) => Promise<T>) => db.transaction().execute(fn);

async function eventsOf(db: Db, workspaceId: string) {
  const rows = await db
    .selectFrom("events")
    .select(["type", "subject_id", "payload"])
    .where("workspace_id", "=", workspaceId)
    .where("type", "like", "help_%")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    type: r.type,
    subject_id: r.subject_id,
    payload: JSON.parse(r.payload) as unknown,
  }));
}

for (const dialect of testDialects()) {
  describe(`help center articles (${dialect.name})`, () => {
    it("keeps collections and articles in their order, appending new ones at the end", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const billing = await inTrx(db, (trx) => createCollection(trx, ws.id, { name: " Billing " }));
      const start = await inTrx(db, (trx) =>
        createCollection(trx, ws.id, { name: "Getting started", position: 0 }),
      );
      expect(billing.name).toBe("Billing");
      expect(billing.position).toBe(0);
      await inTrx(db, (trx) => updateCollection(trx, ws.id, billing.id, { position: 5 }));
      expect((await listCollections(db, ws.id)).map((c) => c.id)).toEqual([start.id, billing.id]);

      const first = await inTrx(db, (trx) =>
        createArticle(trx, ws.id, { collectionId: billing.id, title: "Invoices" }),
      );
      const second = await inTrx(db, (trx) =>
        createArticle(trx, ws.id, { collectionId: billing.id, title: "Refunds", published: true }),
      );
      expect([first.position, second.position]).toEqual([0, 1]);
      expect(
        (await listArticlesOfCollection(db, ws.id, billing.id, { publishedOnly: false })).map((a) => a.id),
      ).toEqual([first.id, second.id]);
      expect(
        (await listArticlesOfCollection(db, ws.id, billing.id, { publishedOnly: true })).map((a) => a.id),
      ).toEqual([second.id]);
      expect(await findPublishedArticle(db, ws.id, first.id)).toBeUndefined();
    });

    it("updates, moves and deletes articles, and deletes a collection with its articles, each with an event", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const a = await inTrx(db, (trx) => createCollection(trx, ws.id, { name: "A" }));
      const b = await inTrx(db, (trx) => createCollection(trx, ws.id, { name: "B" }));
      await inTrx(db, (trx) => createArticle(trx, ws.id, { collectionId: b.id, title: "Already here" }));
      const article = await inTrx(db, (trx) =>
        createArticle(trx, ws.id, { collectionId: a.id, title: "Draft" }),
      );
      const moved = await inTrx(db, (trx) =>
        updateArticle(trx, ws.id, article.id, {
          collectionId: b.id,
          title: "Published",
          bodyMarkdown: "Hello [docs](/docs)",
          published: true,
        }),
      );
      expect(moved).toMatchObject({ collection_id: b.id, title: "Published", published: 1, position: 1 });
      expect(await findArticle(db, ws.id, article.id)).toEqual(moved);
      expect(presentPublicHelpArticle(moved).body_html).toBe('<p>Hello <a href="/docs">docs</a></p>\n');

      const gone = await inTrx(db, (trx) => createArticle(trx, ws.id, { collectionId: a.id, title: "Gone" }));
      await inTrx(db, (trx) => deleteArticle(trx, ws.id, gone.id));
      await inTrx(db, (trx) => deleteCollection(trx, ws.id, b.id));
      expect(await findArticle(db, ws.id, article.id)).toBeUndefined();
      expect((await listCollections(db, ws.id)).map((c) => c.id)).toEqual([a.id]);

      const events = await eventsOf(db, ws.id);
      expect(events.map((e) => e.type)).toEqual([
        "help_collection.created",
        "help_collection.created",
        "help_article.created",
        "help_article.created",
        "help_article.updated",
        "help_article.created",
        "help_article.deleted",
        "help_collection.deleted",
      ]);
      expect(events.at(-1)!.payload).toEqual({
        article_ids: expect.arrayContaining([article.id]) as unknown,
      });
      expect((events.at(-1)!.payload as { article_ids: string[] }).article_ids).toHaveLength(2);
    });

    it("keeps each workspace's Help Center to itself", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const other = await buildWorkspace(db);
      const theirs = await inTrx(db, (trx) => createCollection(trx, other.id, { name: "Theirs" }));
      const article = await inTrx(db, (trx) =>
        createArticle(trx, other.id, { collectionId: theirs.id, title: "Secret", published: true }),
      );
      await expect(
        inTrx(db, (trx) => createArticle(trx, ws.id, { collectionId: theirs.id, title: "Sneaky" })),
      ).rejects.toMatchObject({ code: "not_found", field: "collection_id" });
      await expect(inTrx(db, (trx) => updateArticle(trx, ws.id, article.id, { title: "x" }))).rejects.toThrow(
        DomainError,
      );
      await expect(inTrx(db, (trx) => deleteCollection(trx, ws.id, theirs.id))).rejects.toThrow(DomainError);
      expect(await findPublishedArticle(db, ws.id, article.id)).toBeUndefined();
      expect(await listCollections(db, ws.id)).toEqual([]);
      expect(await findPublishedArticle(db, other.id, article.id)).toEqual(article);
    });

    it("refuses empty names and titles, bad positions and oversized bodies", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      await expect(inTrx(db, (trx) => createCollection(trx, ws.id, { name: "  " }))).rejects.toMatchObject({
        field: "name",
      });
      const c = await inTrx(db, (trx) => createCollection(trx, ws.id, { name: "C" }));
      await expect(
        inTrx(db, (trx) => createArticle(trx, ws.id, { collectionId: c.id, title: "" })),
      ).rejects.toMatchObject({ field: "title" });
      await expect(
        inTrx(db, (trx) => createArticle(trx, ws.id, { collectionId: c.id, title: "T", position: -1 })),
      ).rejects.toMatchObject({ field: "position" });
      await expect(
        inTrx(db, (trx) =>
          createArticle(trx, ws.id, { collectionId: c.id, title: "T", bodyMarkdown: "x".repeat(100_001) }),
        ),
      ).rejects.toMatchObject({ field: "body_markdown" });
      expect(await listArticlesOfCollection(db, ws.id, c.id, { publishedOnly: false })).toEqual([]);
    });
  });
}
