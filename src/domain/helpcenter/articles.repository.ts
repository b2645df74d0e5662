// Help Center queries: collections and their articles, always within one workspace, in their set order.
import type { Updateable } from "kysely";
import type { Executor } from "../../db/database.ts";
import type {
  HelpArticle,
  HelpArticlesTable,
  HelpCollection,
  HelpCollectionsTable,
} from "../../db/schema.ts";

export function findCollection(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<HelpCollection | undefined> {
  return db
    .selectFrom("help_collections")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function listCollections(db: Executor, workspaceId: string): Promise<HelpCollection[]> {
  return db
    .selectFrom("help_collections")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export async function nextCollectionPosition(db: Executor, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom("help_collections")
    .select((eb) => eb.fn.max("position").as("position"))
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
  return row?.position === null || row?.position === undefined ? 0 : Number(row.position) + 1;
}

export async function insertCollection(trx: Executor, collection: HelpCollection): Promise<void> {
  await trx.insertInto("help_collections").values(collection).execute();
}

export async function updateCollectionRow(
  trx: Executor,
  workspaceId: string,
  id: string,
  changes: Updateable<HelpCollectionsTable>,
): Promise<void> {
  await trx
    .updateTable("help_collections")
    .set(changes)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** Deletes a collection; its articles go with it (foreign key cascade). */
export async function deleteCollectionRow(trx: Executor, workspaceId: string, id: string): Promise<void> {
  await trx
    .deleteFrom("help_collections")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

export function findArticle(db: Executor, workspaceId: string, id: string): Promise<HelpArticle | undefined> {
  return db
    .selectFrom("help_articles")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A published article, as the Help Center shows it; drafts answer as missing. */
export function findPublishedArticle(db: Executor, workspaceId: string, id: string) {
  return db
    .selectFrom("help_articles")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("published", "=", 1)
    .executeTakeFirst();
}

export function listArticlesOfCollection(
  db: Executor,
  workspaceId: string,
  collectionId: string,
  options: { publishedOnly: boolean },
): Promise<HelpArticle[]> {
  return db
    .selectFrom("help_articles")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("collection_id", "=", collectionId)
    .$if(options.publishedOnly, (qb) => qb.where("published", "=", 1))
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export async function listArticleIdsOfCollection(
  db: Executor,
  workspaceId: string,
  collectionId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom("help_articles")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("collection_id", "=", collectionId)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

export async function nextArticlePosition(
  db: Executor,
  workspaceId: string,
  collectionId: string,
): Promise<number> {
  const row = await db
    .selectFrom("help_articles")
    .select((eb) => eb.fn.max("position").as("position"))
    .where("workspace_id", "=", workspaceId)
    .where("collection_id", "=", collectionId)
    .executeTakeFirst();
  return row?.position === null || row?.position === undefined ? 0 : Number(row.position) + 1;
}

export async function insertArticle(trx: Executor, article: HelpArticle): Promise<void> {
  await trx.insertInto("help_articles").values(article).execute();
}

export async function updateArticleRow(
  trx: Executor,
  workspaceId: string,
  id: string,
  changes: Updateable<HelpArticlesTable>,
): Promise<void> {
  await trx
    .updateTable("help_articles")
    .set(changes)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

export async function deleteArticleRow(trx: Executor, workspaceId: string, id: string): Promise<void> {
  await trx
    .deleteFrom("help_articles")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** Every article of the workspace (drafts too), or one collection's, for the editors' list. */
export function listArticles(
  db: Executor,
  workspaceId: string,
  options: { collectionId?: string } = {},
): Promise<HelpArticle[]> {
  return db
    .selectFrom("help_articles")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .$if(options.collectionId !== undefined, (qb) => qb.where("collection_id", "=", options.collectionId!))
    .orderBy("collection_id")
    .orderBy("position")
    .orderBy("id")
    .execute();
}
