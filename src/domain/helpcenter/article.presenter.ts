// The JSON shapes of Help Center collections and articles: the public one (rendered, safe HTML) and the editor's.
import type { HelpArticle, HelpCollection } from "../../db/schema.ts";
import { seconds } from "../json.ts";
import { renderMarkdown } from "./markdown.ts";

export function presentHelpCollection(collection: HelpCollection) {
  return {
    type: "help_collection" as const,
    id: collection.id,
    name: collection.name,
    description: collection.description,
    order: collection.position,
    updated_at: seconds(collection.updated_at),
  };
}

/** What Help Center visitors get: the body as sanitised HTML, never the stored Markdown or draft state. */
export function presentPublicHelpArticle(article: HelpArticle) {
  return {
    type: "help_article" as const,
    id: article.id,
    collection_id: article.collection_id,
    title: article.title,
    body_html: renderMarkdown(article.body_markdown),
    updated_at: seconds(article.updated_at),
  };
}

/** What teammates editing the Help Center get: the Markdown source and the draft state, plus a preview. */
export function presentHelpArticleForEditor(article: HelpArticle) {
  return {
    type: "help_article" as const,
    id: article.id,
    collection_id: article.collection_id,
    title: article.title,
    body_markdown: article.body_markdown,
    body_html: renderMarkdown(article.body_markdown),
    published: article.published === 1,
    order: article.position,
    created_at: seconds(article.created_at),
    updated_at: seconds(article.updated_at),
  };
}
