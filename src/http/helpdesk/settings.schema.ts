// Request schemas of the workspace settings routes (admins).
import { Type } from "typebox";

const nullableDomain = Type.Union([Type.String({ maxLength: 253 }), Type.Null()]);

export const updateSettingsBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    help_center_domain: Type.Optional(nullableDomain),
    help_center_https: Type.Optional(Type.Boolean()),
    help_center_live: Type.Optional(Type.Boolean()),
    cookie_domain: Type.Optional(nullableDomain),
    identity_enforced: Type.Optional(Type.Boolean()),
    portal_enabled: Type.Optional(Type.Boolean()),
    messenger_allowed_origins: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const secretParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
