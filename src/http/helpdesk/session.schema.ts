// Request and response schemas of the teammate session routes.
import { Type } from "typebox";

export const signInBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const teammateResponse = Type.Object({
  type: Type.Literal("admin"),
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal("admin"), Type.Literal("agent")]),
  workspace: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
  /** Send back as the X-CSRF-Token header on every cookie-authenticated write. */
  csrf_token: Type.String(),
});

export const changePasswordBody = Type.Object(
  {
    current_password: Type.String({ minLength: 1, maxLength: 1024 }),
    new_password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
