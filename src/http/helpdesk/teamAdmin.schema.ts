// Request schemas of the admin routes for teammates, invitations, API tokens and ticket states.
import { Type } from "typebox";

const role = Type.Union([Type.Literal("admin"), Type.Literal("agent")]);

export const idParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const inviteBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    role,
  },
  { additionalProperties: false },
);

export const acceptInviteBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ maxLength: 200 }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const changeRoleBody = Type.Object({ role }, { additionalProperties: false });

export const createApiTokenBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

const stateCategory = Type.Union([
  Type.Literal("submitted"),
  Type.Literal("in_progress"),
  Type.Literal("waiting_on_customer"),
  Type.Literal("resolved"),
]);

export const createTicketStateBody = Type.Object(
  {
    category: stateCategory,
    internal_label: Type.String({ maxLength: 200 }),
    external_label: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const updateTicketStateBody = Type.Object(
  {
    internal_label: Type.Optional(Type.String({ maxLength: 200 })),
    external_label: Type.Optional(Type.String({ maxLength: 200 })),
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
