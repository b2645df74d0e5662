// /api/ticket_types (with attributes) and /api/ticket_states.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Executor } from "../../db/database.ts";
import type { AttributeDataType, TicketCategory, TicketType } from "../../db/schema.ts";
import { DomainError } from "../../domain/errors.ts";
import type { JsonObject } from "../../domain/json.ts";
import {
  CATEGORY_NAMES,
  presentTicketState,
  presentTicketType,
  presentTicketTypeAttribute,
} from "../../domain/tickets/ticket.presenter.ts";
import {
  listStatesOfTypes,
  listTicketStates,
  listTypesByState,
} from "../../domain/tickets/ticketState.repository.ts";
import {
  findTicketType,
  listAttributesOfTypes,
  listTicketTypes,
} from "../../domain/tickets/ticketType.repository.ts";
import {
  createTicketType,
  createTicketTypeAttribute,
  updateTicketType,
  updateTicketTypeAttribute,
} from "../../domain/tickets/ticketTypeCommands.ts";
import { apiContext, type ApiDeps } from "./api.plugin.ts";
import {
  attributeParams,
  createAttributeBody,
  createTicketTypeBody,
  ticketTypeParams,
  updateAttributeBody,
  updateTicketTypeBody,
} from "./ticketTypes.schema.ts";

const CATEGORY_BY_NAME: Record<string, TicketCategory> = {
  Customer: "customer",
  "Back-office": "back_office",
  Tracker: "tracker",
};

function categoryOf(body: { category?: string; is_internal?: boolean }): TicketCategory | undefined {
  if (body.category !== undefined) return CATEGORY_BY_NAME[body.category];
  if (body.is_internal !== undefined) return body.is_internal ? "back_office" : "customer";
  return undefined;
}

async function presentTicketTypeRow(db: Executor, type: TicketType) {
  return (await presentTicketTypeRows(db, type.workspace_id, [type]))[0]!;
}

/** Types with their attributes and states, two queries for any number of types. */
async function presentTicketTypeRows(db: Executor, workspaceId: string, types: readonly TicketType[]) {
  const ids = types.map((t) => t.id);
  const [attributes, states] = await Promise.all([
    listAttributesOfTypes(db, workspaceId, ids),
    listStatesOfTypes(db, workspaceId, ids),
  ]);
  return types.map((t) => presentTicketType(t, attributes.get(t.id) ?? [], states.get(t.id) ?? []));
}

function inputOptions(body: {
  multiline?: boolean;
  list_items?: string;
  allow_multiple_values?: boolean;
}): JsonObject | undefined {
  if (body.list_items !== undefined) {
    return {
      list_options: body.list_items
        .split(",")
        .map((label) => label.trim())
        .filter((label) => label !== "")
        .map((label) => ({ label })),
      ...(body.allow_multiple_values !== undefined
        ? { allow_multiple_values: body.allow_multiple_values }
        : {}),
    };
  }
  if (body.multiline !== undefined) return { multiline: body.multiline };
  return undefined;
}

export function ticketTypeRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const notFound = () => new DomainError("not_found", "Ticket type not found");

  r.get("/ticket_types", { schema: { tags: ["Ticket types"] } }, async (request) => {
    const { workspaceId } = apiContext(request);
    const types = await listTicketTypes(db, workspaceId);
    return { type: "list" as const, data: await presentTicketTypeRows(db, workspaceId, types) };
  });

  r.post(
    "/ticket_types",
    { schema: { body: createTicketTypeBody, tags: ["Ticket types"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const body = request.body;
      const type = await db.transaction().execute((trx) =>
        createTicketType(trx, workspaceId, {
          category: categoryOf(body) ?? "customer",
          name: body.name,
          description: body.description,
          icon: body.icon,
        }),
      );
      return presentTicketTypeRow(db, type);
    },
  );

  r.get(
    "/ticket_types/:id",
    { schema: { params: ticketTypeParams, tags: ["Ticket types"] } },
    async (request) => {
      const type = await findTicketType(db, apiContext(request).workspaceId, request.params.id);
      if (!type) throw notFound();
      return presentTicketTypeRow(db, type);
    },
  );

  r.put(
    "/ticket_types/:id",
    { schema: { params: ticketTypeParams, body: updateTicketTypeBody, tags: ["Ticket types"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const body = request.body;
      const type = await db.transaction().execute((trx) =>
        updateTicketType(trx, workspaceId, request.params.id, {
          name: body.name,
          description: body.description,
          icon: body.icon,
          archived: body.archived,
          category: categoryOf(body),
        }),
      );
      return presentTicketTypeRow(db, type);
    },
  );

  r.post(
    "/ticket_types/:id/attributes",
    { schema: { params: ticketTypeParams, body: createAttributeBody, tags: ["Ticket types"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const body = request.body;
      const attribute = await db.transaction().execute((trx) =>
        createTicketTypeAttribute(trx, workspaceId, request.params.id, {
          name: body.name,
          description: body.description,
          dataType: body.data_type as AttributeDataType,
          inputOptions: inputOptions(body),
          requiredToCreate: body.required_to_create,
          requiredToCreateForContacts: body.required_to_create_for_contacts,
          visibleOnCreate: body.visible_on_create,
          visibleToContacts: body.visible_to_contacts,
        }),
      );
      return presentTicketTypeAttribute(attribute);
    },
  );

  r.put(
    "/ticket_types/:id/attributes/:attr_id",
    { schema: { params: attributeParams, body: updateAttributeBody, tags: ["Ticket types"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const body = request.body;
      const attribute = await db.transaction().execute((trx) =>
        updateTicketTypeAttribute(trx, workspaceId, request.params.id, request.params.attr_id, {
          description: body.description,
          inputOptions: inputOptions(body),
          requiredToCreate: body.required_to_create,
          requiredToCreateForContacts: body.required_to_create_for_contacts,
          visibleOnCreate: body.visible_on_create,
          visibleToContacts: body.visible_to_contacts,
          archived: body.archived,
        }),
      );
      return presentTicketTypeAttribute(attribute);
    },
  );

  r.get("/ticket_states", { schema: { tags: ["Ticket types"] } }, async (request) => {
    const { workspaceId } = apiContext(request);
    const [states, links] = await Promise.all([
      listTicketStates(db, workspaceId),
      listTypesByState(db, workspaceId),
    ]);
    return {
      type: "list" as const,
      data: states.map((state) => {
        const types = links.filter((l) => l.ticket_state_id === state.id);
        return {
          ...presentTicketState(state),
          archived: state.archived === 1,
          ticket_types: {
            type: "list" as const,
            data: types.map((t) => ({
              type: "ticket_type" as const,
              id: t.id,
              name: t.name,
              category: CATEGORY_NAMES[t.category],
              icon: t.icon,
              archived: t.archived === 1,
            })),
            total_count: types.length,
          },
        };
      }),
    };
  });
}
