// Help Center editing for teammates: every teammate reads collections and articles (drafts included);
// only admins create, change or delete them. Ids of another workspace answer 404 like missing ones.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Config } from "../../config.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import type { Db } from "../../db/database.ts";
import {
  presentHelpArticleForEditor,
  presentHelpCollection,
} from "../../domain/helpcenter/article.presenter.ts";
import {
  createArticle,
  createCollection,
  deleteArticle,
  deleteCollection,
  updateArticle,
  updateCollection,
} from "../../domain/helpcenter/articleCommands.ts";
import { listArticles, listCollections } from "../../domain/helpcenter/articles.repository.ts";
import {
  createArticleBody,
  createCollectionBody,
  idParams,
  listArticlesQuery,
  updateArticleBody,
  updateCollectionBody,
} from "./helpCenterAdmin.schema.ts";
import { authenticateTeammate, authenticateTeammateWrite, forbidUnlessAdmin } from "./teammateAuth.ts";

interface Deps {
  db: Db;
  config: Config;
  settings: HotSettings;
}

export function helpCenterAdminRoutes(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get("/app/help/collections", async (request, reply) => {
    const current = await authenticateTeammate(request, reply, deps);
    if (!current) return reply;
    const collections = await listCollections(db, current.workspace.id);
    return { type: "list" as const, data: collections.map(presentHelpCollection) };
  });

  r.post("/app/help/collections", { schema: { body: createCollectionBody } }, async (request, reply) => {
    const current = await authenticateTeammateWrite(request, reply, deps);
    if (!current || !forbidUnlessAdmin(current, reply)) return reply;
    const b = request.body;
    const collection = await db.transaction().execute((trx) =>
      createCollection(trx, current.workspace.id, {
        name: b.name,
        description: b.description,
        position: b.order,
      }),
    );
    return reply.code(201).send(presentHelpCollection(collection));
  });

  r.put(
    "/app/help/collections/:id",
    { schema: { params: idParams, body: updateCollectionBody } },
    async (request, reply) => {
      const current = await authenticateTeammateWrite(request, reply, deps);
      if (!current || !forbidUnlessAdmin(current, reply)) return reply;
      const b = request.body;
      const collection = await db.transaction().execute((trx) =>
        updateCollection(trx, current.workspace.id, request.params.id, {
          name: b.name,
          description: b.description,
          position: b.order,
        }),
      );
      return presentHelpCollection(collection);
    },
  );

  r.delete("/app/help/collections/:id", { schema: { params: idParams } }, async (request, reply) => {
    const current = await authenticateTeammateWrite(request, reply, deps);
    if (!current || !forbidUnlessAdmin(current, reply)) return reply;
    await db.transaction().execute((trx) => deleteCollection(trx, current.workspace.id, request.params.id));
    return reply.code(204).send();
  });

  r.get("/app/help/articles", { schema: { querystring: listArticlesQuery } }, async (request, reply) => {
    const current = await authenticateTeammate(request, reply, deps);
    if (!current) return reply;
    const articles = await listArticles(db, current.workspace.id, {
      collectionId: request.query.collection_id,
    });
    return { type: "list" as const, data: articles.map(presentHelpArticleForEditor) };
  });

  r.post("/app/help/articles", { schema: { body: createArticleBody } }, async (request, reply) => {
    const current = await authenticateTeammateWrite(request, reply, deps);
    if (!current || !forbidUnlessAdmin(current, reply)) return reply;
    const b = request.body;
    const article = await db.transaction().execute((trx) =>
      createArticle(trx, current.workspace.id, {
        collectionId: b.collection_id,
        title: b.title,
        bodyMarkdown: b.body_markdown,
        published: b.published,
        position: b.order,
      }),
    );
    return reply.code(201).send(presentHelpArticleForEditor(article));
  });

  r.put(
    "/app/help/articles/:id",
    { schema: { params: idParams, body: updateArticleBody } },
    async (request, reply) => {
      const current = await authenticateTeammateWrite(request, reply, deps);
      if (!current || !forbidUnlessAdmin(current, reply)) return reply;
      const b = request.body;
      const article = await db.transaction().execute((trx) =>
        updateArticle(trx, current.workspace.id, request.params.id, {
          collectionId: b.collection_id,
          title: b.title,
          bodyMarkdown: b.body_markdown,
          published: b.published,
          position: b.order,
        }),
      );
      return presentHelpArticleForEditor(article);
    },
  );

  r.delete("/app/help/articles/:id", { schema: { params: idParams } }, async (request, reply) => {
    const current = await authenticateTeammateWrite(request, reply, deps);
    if (!current || !forbidUnlessAdmin(current, reply)) return reply;
    await db.transaction().execute((trx) => deleteArticle(trx, current.workspace.id, request.params.id));
    return reply.code(204).send();
  });
}
