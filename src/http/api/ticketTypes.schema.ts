// Request schemas of the ticket type, attribute and state endpoints.
import { Type } from "typebox";

const category = Type.Union([Type.Literal("Customer"), Type.Literal("Back-office"), Type.Literal("Tracker")]);

export const ticketTypeParams = Type.Object({ id: Type.String() });
export const attributeParams = Type.Object({ id: Type.String(), attr_id: Type.String() });

export const createTicketTypeBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  category: Type.Optional(category),
  icon: Type.Optional(Type.String({ maxLength: 16 })),
  /** 2.11: internal types are back-office. */
  is_internal: Type.Optional(Type.Boolean()),
});

export const updateTicketTypeBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  category: Type.Optional(category),
  icon: Type.Optional(Type.String({ maxLength: 16 })),
  archived: Type.Optional(Type.Boolean()),
  is_internal: Type.Optional(Type.Boolean()),
});

const attributeFlags = {
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  required_to_create: Type.Optional(Type.Boolean()),
  required_to_create_for_contacts: Type.Optional(Type.Boolean()),
  visible_on_create: Type.Optional(Type.Boolean()),
  visible_to_contacts: Type.Optional(Type.Boolean()),
  multiline: Type.Optional(Type.Boolean()),
  /** Intercom sends list options as one comma-separated string. */
  list_items: Type.Optional(Type.String({ maxLength: 10000 })),
  allow_multiple_values: Type.Optional(Type.Boolean()),
};

export const createAttributeBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  data_type: Type.Union(
    ["string", "list", "integer", "decimal", "boolean", "datetime", "files"].map((t) => Type.Literal(t)),
  ),
  ...attributeFlags,
});

export const updateAttributeBody = Type.Object({
  ...attributeFlags,
  archived: Type.Optional(Type.Boolean()),
});
