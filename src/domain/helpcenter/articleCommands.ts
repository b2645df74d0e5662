// Help Center writes: collections and articles, each change appended to the outbox in the same transaction.
import type { Executor } from "../../db/database.ts";
import type { HelpArticle, HelpCollection } from "../../db/schema.ts";
import { DomainError, invalid } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId } from "../ids.ts";
import { flag } from "../json.ts";
import {
  deleteArticleRow,
  deleteCollectionRow,
  findArticle,
  findCollection,
  insertArticle,
  insertCollection,
  listArticleIdsOfCollection,
  nextArticlePosition,
  nextCollectionPosition,
  updateArticleRow,
  updateCollectionRow,
} from "./articles.repository.ts";

export const MAX_ARTICLE_BODY = 100_000;

const collectionNotFound = () => new DomainError("not_found", "Collection not found", "collection_id");
const articleNotFound = () => new DomainError("not_found", "Article not found", "article_id");

function text(field: string, value: string, options: { max: number; required: boolean }): string {
  const trimmed = value.trim();
  if (options.required && trimmed === "") throw invalid(field, `${field} must not be empty`);
  if (trimmed.length > options.max)
    throw invalid(field, `${field} must be at most ${options.max} characters`);
  return trimmed;
}

function position(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw invalid("position", "position must be a whole number >= 0");
  return value;
}

export interface CollectionInput {
  name: string;
  description?: string;
  /** Defaults to after the last collection. */
  position?: number;
}

export async function createCollection(
  trx: Executor,
  workspaceId: string,
  input: CollectionInput,
): Promise<HelpCollection> {
  const now = Date.now();
  const collection: HelpCollection = {
    workspace_id: workspaceId,
    id: newId(),
    name: text("name", input.name, { max: 100, required: true }),
    description: text("description", input.description ?? "", { max: 1000, required: false }),
    position:
      input.position === undefined
        ? await nextCollectionPosition(trx, workspaceId)
        : position(input.position),
    created_at: now,
    updated_at: now,
  };
  await insertCollection(trx, collection);
  await appendEvent(trx, {
    workspaceId,
    type: "help_collection.created",
    subjectType: "help_collection",
    subjectId: collection.id,
  });
  return collection;
}

export async function updateCollection(
  trx: Executor,
  workspaceId: string,
  id: string,
  changes: Partial<CollectionInput>,
): Promise<HelpCollection> {
  const current = await findCollection(trx, workspaceId, id);
  if (!current) throw collectionNotFound();
  const next: HelpCollection = { ...current, updated_at: Date.now() };
  if (changes.name !== undefined) next.name = text("name", changes.name, { max: 100, required: true });
  if (changes.description !== undefined) {
    next.description = text("description", changes.description, { max: 1000, required: false });
  }
  if (changes.position !== undefined) next.position = position(changes.position);
  const { name, description, position: p, updated_at } = next;
  await updateCollectionRow(trx, workspaceId, id, { name, description, position: p, updated_at });
  await appendEvent(trx, {
    workspaceId,
    type: "help_collection.updated",
    subjectType: "help_collection",
    subjectId: id,
  });
  return next;
}

/** Deletes a collection and every article in it. */
export async function deleteCollection(trx: Executor, workspaceId: string, id: string): Promise<void> {
  if (!(await findCollection(trx, workspaceId, id))) throw collectionNotFound();
  const articleIds = await listArticleIdsOfCollection(trx, workspaceId, id);
  await deleteCollectionRow(trx, workspaceId, id);
  await appendEvent(trx, {
    workspaceId,
    type: "help_collection.deleted",
    subjectType: "help_collection",
    subjectId: id,
    payload: { article_ids: articleIds },
  });
}

export interface ArticleInput {
  collectionId: string;
  title: string;
  bodyMarkdown?: string;
  published?: boolean;
  /** Defaults to after the collection's last article. */
  position?: number;
}

function body(value: string): string {
  if (value.length > MAX_ARTICLE_BODY) {
    throw invalid("body_markdown", `body_markdown must be at most ${MAX_ARTICLE_BODY} characters`);
  }
  return value;
}

export async function createArticle(
  trx: Executor,
  workspaceId: string,
  input: ArticleInput,
): Promise<HelpArticle> {
  if (!(await findCollection(trx, workspaceId, input.collectionId))) throw collectionNotFound();
  const now = Date.now();
  const article: HelpArticle = {
    workspace_id: workspaceId,
    id: newId(),
    collection_id: input.collectionId,
    title: text("title", input.title, { max: 200, required: true }),
    body_markdown: body(input.bodyMarkdown ?? ""),
    published: flag(input.published ?? false),
    position:
      input.position === undefined
        ? await nextArticlePosition(trx, workspaceId, input.collectionId)
        : position(input.position),
    created_at: now,
    updated_at: now,
  };
  await insertArticle(trx, article);
  await appendEvent(trx, {
    workspaceId,
    type: "help_article.created",
    subjectType: "help_article",
    subjectId: article.id,
    payload: { collection_id: article.collection_id, published: article.published === 1 },
  });
  return article;
}

export async function updateArticle(
  trx: Executor,
  workspaceId: string,
  id: string,
  changes: Partial<ArticleInput>,
): Promise<HelpArticle> {
  const current = await findArticle(trx, workspaceId, id);
  if (!current) throw articleNotFound();
  const next: HelpArticle = { ...current, updated_at: Date.now() };
  if (changes.collectionId !== undefined && changes.collectionId !== current.collection_id) {
    if (!(await findCollection(trx, workspaceId, changes.collectionId))) throw collectionNotFound();
    next.collection_id = changes.collectionId;
    if (changes.position === undefined) {
      next.position = await nextArticlePosition(trx, workspaceId, changes.collectionId);
    }
  }
  if (changes.title !== undefined) next.title = text("title", changes.title, { max: 200, required: true });
  if (changes.bodyMarkdown !== undefined) next.body_markdown = body(changes.bodyMarkdown);
  if (changes.published !== undefined) next.published = flag(changes.published);
  if (changes.position !== undefined) next.position = position(changes.position);
  const { workspace_id: _w, id: _i, created_at: _c, ...columns } = next;
  await updateArticleRow(trx, workspaceId, id, columns);
  await appendEvent(trx, {
    workspaceId,
    type: "help_article.updated",
    subjectType: "help_article",
    subjectId: id,
    payload: { collection_id: next.collection_id, published: next.published === 1 },
  });
  return next;
}

export async function deleteArticle(trx: Executor, workspaceId: string, id: string): Promise<void> {
  const current = await findArticle(trx, workspaceId, id);
  if (!current) throw articleNotFound();
  await deleteArticleRow(trx, workspaceId, id);
  await appendEvent(trx, {
    workspaceId,
    type: "help_article.deleted",
    subjectType: "help_article",
    subjectId: id,
    payload: { collection_id: current.collection_id },
  });
}
