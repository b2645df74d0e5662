// Request schemas of the Help Center sign-in routes (HTML forms, so also form-encoded).
import { Type } from "typebox";

export const ssoJwtBody = Type.Object(
  {
    jwt: Type.String({ minLength: 1, maxLength: 8192 }),
    return_to: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: false },
);

export const emailLinkBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }) },
  { additionalProperties: false },
);

export const linkTokenBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const linkTokenQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });

export const cookieReportBody = Type.Object(
  { cookie_name: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
);

/** Sign-out is a cookie-authenticated write: the form carries the page's CSRF token. */
export const signOutBody = Type.Object({ csrf_token: Type.String({ maxLength: 200 }) });

export const slugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 60 }) });

export const articleParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const slugArticleParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 60 }),
  id: Type.String({ minLength: 1, maxLength: 64 }),
});
