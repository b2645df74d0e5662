// Request schemas of the Help Center editing routes (collections and articles).
import { Type } from "typebox";

export const idParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const createCollectionBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    order: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const updateCollectionBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    order: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const createArticleBody = Type.Object(
  {
    collection_id: Type.String({ minLength: 1, maxLength: 64 }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body_markdown: Type.Optional(Type.String({ maxLength: 100_000 })),
    published: Type.Optional(Type.Boolean()),
    order: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const updateArticleBody = Type.Object(
  {
    collection_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    body_markdown: Type.Optional(Type.String({ maxLength: 100_000 })),
    published: Type.Optional(Type.Boolean()),
    order: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const listArticlesQuery = Type.Object({
  collection_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
