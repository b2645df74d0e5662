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
    portal_home_card: Type.Optional(Type.Boolean()),
    portal_home_card_position: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])),
    portal_member_visibility: Type.Optional(Type.Union([Type.Literal("all"), Type.Literal("participating")])),
    messenger_allowed_origins: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const secretParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** PATCH /app/settings/portal: the Tickets portal's own settings. */
export const updatePortalSettingsBody = Type.Object(
  {
    portal_enabled: Type.Optional(Type.Boolean()),
    portal_home_card: Type.Optional(Type.Boolean()),
    portal_home_card_position: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])),
    portal_member_visibility: Type.Optional(Type.Union([Type.Literal("all"), Type.Literal("participating")])),
  },
  { additionalProperties: false },
);

/** The access rule set is validated by the domain (validateAccessRules), which names the bad field. */
export const accessRulesBody = Type.Object({
  match: Type.Optional(Type.String({ maxLength: 10 })),
  conditions: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 50 })),
});

export const previewAccessRulesBody = Type.Object({
  match: Type.Optional(Type.String({ maxLength: 10 })),
  conditions: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 50 })),
  sample_size: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
});
