// Writes to ticket types and their attributes, keeping every type with a usable state per category.
import type { Executor } from "../../db/database.ts";
import {
  ATTRIBUTE_DATA_TYPES,
  TICKET_CATEGORIES,
  TICKET_STATE_CATEGORIES,
  type AttributeDataType,
  type TicketCategory,
  type TicketType,
  type TicketTypeAttribute,
} from "../../db/schema.ts";
import { DomainError, invalid, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId } from "../ids.ts";
import { flag, type JsonObject } from "../json.ts";
import { DEFAULT_DESCRIPTION, DEFAULT_TITLE } from "./attributeValues.ts";
import { listTicketStates, replaceStatesOfType } from "./ticketState.repository.ts";
import { findAttribute, findTicketType, listAttributesOfType } from "./ticketType.repository.ts";

export interface TicketTypeInput {
  category: TicketCategory;
  name: string;
  description?: string;
  icon?: string;
  /** Ordered state ids; default: every non-archived state of the workspace. */
  stateIds?: string[];
}

function cleanName(value: string): string {
  const name = value.trim();
  if (name === "") throw invalid("name", "name must not be empty");
  if (name.length > 200) throw invalid("name", "name must be at most 200 characters");
  return name;
}

function checkCategory(category: string): asserts category is TicketCategory {
  if (!TICKET_CATEGORIES.includes(category as TicketCategory)) {
    throw invalid("category", `category must be one of ${TICKET_CATEGORIES.join(", ")}`);
  }
}

/** Validates an ordered state list: known, unarchived, no duplicates, every category present. */
async function checkStateIds(trx: Executor, workspaceId: string, stateIds: readonly string[]): Promise<void> {
  const states = new Map((await listTicketStates(trx, workspaceId)).map((s) => [s.id, s]));
  if (new Set(stateIds).size !== stateIds.length)
    throw invalid("ticket_state_ids", "a state is listed twice");
  for (const id of stateIds) {
    const state = states.get(id);
    if (!state || state.archived)
      throw new DomainError("ticket_state_id_invalid", `unknown ticket state ${id}`, "ticket_state_ids");
  }
  for (const category of TICKET_STATE_CATEGORIES) {
    if (!stateIds.some((id) => states.get(id)?.category === category)) {
      throw invalid("ticket_state_ids", `a ticket type needs at least one "${category}" state`);
    }
  }
}

export async function createTicketType(
  trx: Executor,
  workspaceId: string,
  input: TicketTypeInput,
): Promise<TicketType> {
  checkCategory(input.category);
  const now = Date.now();
  const type: TicketType = {
    workspace_id: workspaceId,
    id: newId(),
    category: input.category,
    name: cleanName(input.name),
    description: (input.description ?? "").trim(),
    icon: input.icon?.trim() || "🎟️",
    archived: 0,
    created_at: now,
    updated_at: now,
  };
  const stateIds =
    input.stateIds ?? (await listTicketStates(trx, workspaceId)).filter((s) => !s.archived).map((s) => s.id);
  await checkStateIds(trx, workspaceId, stateIds);
  await trx.insertInto("ticket_types").values(type).execute();
  await replaceStatesOfType(trx, workspaceId, type.id, stateIds);
  const defaults: Array<Partial<TicketTypeAttribute> & { name: string }> = [
    {
      name: DEFAULT_TITLE,
      description: "The ticket's title",
      required_to_create: 1,
      required_to_create_for_contacts: 1,
    },
    {
      name: DEFAULT_DESCRIPTION,
      description: "The ticket's description",
      input_options: JSON.stringify({ multiline: true }),
    },
  ];
  let position = 0;
  for (const attribute of defaults) {
    await trx
      .insertInto("ticket_type_attributes")
      .values({
        workspace_id: workspaceId,
        id: newId(),
        ticket_type_id: type.id,
        name: attribute.name,
        description: attribute.description ?? "",
        data_type: "string",
        input_options: attribute.input_options ?? "{}",
        position: position++,
        required_to_create: attribute.required_to_create ?? 0,
        required_to_create_for_contacts: attribute.required_to_create_for_contacts ?? 0,
        visible_on_create: 1,
        visible_to_contacts: 1,
        is_default: 1,
        archived: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  await appendEvent(trx, {
    workspaceId,
    type: "ticket_type.created",
    subjectType: "ticket_type",
    subjectId: type.id,
  });
  return type;
}

export interface TicketTypeChanges {
  name?: string;
  description?: string;
  icon?: string;
  archived?: boolean;
  category?: TicketCategory;
  stateIds?: string[];
}

export async function updateTicketType(
  trx: Executor,
  workspaceId: string,
  id: string,
  changes: TicketTypeChanges,
): Promise<TicketType> {
  const type = await findTicketType(trx, workspaceId, id);
  if (!type) throw notFound("Ticket type");
  const next: TicketType = { ...type, updated_at: Date.now() };
  if (changes.name !== undefined) next.name = cleanName(changes.name);
  if (changes.description !== undefined) next.description = changes.description.trim();
  if (changes.icon !== undefined) next.icon = changes.icon.trim() || type.icon;
  if (changes.archived !== undefined) next.archived = flag(changes.archived);
  if (changes.category !== undefined && changes.category !== type.category) {
    checkCategory(changes.category);
    next.category = changes.category;
    // Tickets follow their type. Sharing is re-derived the safe way: customer tickets are always shared,
    // back-office tickets start unshared (a teammate shares them on purpose), trackers never are.
    await trx
      .updateTable("tickets")
      .set({
        category: next.category,
        is_shared: flag(next.category === "customer"),
        updated_at: next.updated_at,
      })
      .where("workspace_id", "=", workspaceId)
      .where("ticket_type_id", "=", id)
      .execute();
  }
  if (changes.stateIds !== undefined) {
    await checkStateIds(trx, workspaceId, changes.stateIds);
    const used = await trx
      .selectFrom("tickets")
      .select("ticket_state_id")
      .distinct()
      .where("workspace_id", "=", workspaceId)
      .where("ticket_type_id", "=", id)
      .execute();
    const missing = used.filter((u) => !changes.stateIds!.includes(u.ticket_state_id));
    if (missing.length > 0) {
      throw invalid(
        "ticket_state_ids",
        "a state still used by tickets of this type cannot be removed from it",
      );
    }
    await replaceStatesOfType(trx, workspaceId, id, changes.stateIds);
  }
  await trx
    .updateTable("ticket_types")
    .set({
      name: next.name,
      description: next.description,
      icon: next.icon,
      archived: next.archived,
      category: next.category,
      updated_at: next.updated_at,
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
  await appendEvent(trx, {
    workspaceId,
    type: "ticket_type.updated",
    subjectType: "ticket_type",
    subjectId: id,
  });
  return next;
}

export interface AttributeInput {
  name: string;
  description?: string;
  dataType: AttributeDataType;
  inputOptions?: JsonObject;
  requiredToCreate?: boolean;
  requiredToCreateForContacts?: boolean;
  visibleOnCreate?: boolean;
  visibleToContacts?: boolean;
}

function checkAttributeFlags(a: {
  required_to_create_for_contacts: number;
  visible_to_contacts: number;
  visible_on_create: number;
}) {
  if (a.required_to_create_for_contacts && (!a.visible_to_contacts || !a.visible_on_create)) {
    throw invalid(
      "required_to_create_for_contacts",
      "an attribute required from customers must be visible to them on create",
    );
  }
}

function checkInputOptions(dataType: AttributeDataType, options: JsonObject | undefined): string {
  if (dataType === "list") {
    const list = options?.list_options;
    if (!Array.isArray(list) || list.length === 0) {
      throw invalid(
        "input_options",
        "a list attribute needs input_options.list_options with at least one label",
      );
    }
    for (const option of list) {
      if (
        option === null ||
        typeof option !== "object" ||
        Array.isArray(option) ||
        typeof option.label !== "string" ||
        option.label.trim() === ""
      ) {
        throw invalid("input_options", "each list option needs a non-empty label");
      }
    }
  }
  return JSON.stringify(options ?? {});
}

export async function createTicketTypeAttribute(
  trx: Executor,
  workspaceId: string,
  ticketTypeId: string,
  input: AttributeInput,
): Promise<TicketTypeAttribute> {
  const type = await findTicketType(trx, workspaceId, ticketTypeId);
  if (!type) throw notFound("Ticket type");
  if (!ATTRIBUTE_DATA_TYPES.includes(input.dataType)) {
    throw invalid("data_type", `data_type must be one of ${ATTRIBUTE_DATA_TYPES.join(", ")}`);
  }
  const name = cleanName(input.name);
  if (name.startsWith("_default_")) throw invalid("name", "names starting with _default_ are reserved");
  const existing = await listAttributesOfType(trx, workspaceId, ticketTypeId);
  if (existing.some((a) => a.name === name)) {
    throw new DomainError("conflict", `this ticket type already has an attribute named "${name}"`, "name");
  }
  const now = Date.now();
  const row: TicketTypeAttribute = {
    workspace_id: workspaceId,
    id: newId(),
    ticket_type_id: ticketTypeId,
    name,
    description: input.description?.trim() ?? "",
    data_type: input.dataType,
    input_options: checkInputOptions(input.dataType, input.inputOptions),
    position: existing.length,
    required_to_create: flag(input.requiredToCreate ?? false),
    required_to_create_for_contacts: flag(input.requiredToCreateForContacts ?? false),
    visible_on_create: flag(input.visibleOnCreate ?? true),
    visible_to_contacts: flag(input.visibleToContacts ?? true),
    is_default: 0,
    archived: 0,
    created_at: now,
    updated_at: now,
  };
  checkAttributeFlags(row);
  await trx.insertInto("ticket_type_attributes").values(row).execute();
  await trx
    .updateTable("ticket_types")
    .set({ updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", ticketTypeId)
    .execute();
  await appendEvent(trx, {
    workspaceId,
    type: "ticket_type.updated",
    subjectType: "ticket_type",
    subjectId: ticketTypeId,
  });
  return row;
}

export async function updateTicketTypeAttribute(
  trx: Executor,
  workspaceId: string,
  ticketTypeId: string,
  attributeId: string,
  changes: Partial<Omit<AttributeInput, "dataType" | "name">> & { archived?: boolean },
): Promise<TicketTypeAttribute> {
  const attribute = await findAttribute(trx, workspaceId, ticketTypeId, attributeId);
  if (!attribute) throw notFound("Ticket type attribute");
  const next: TicketTypeAttribute = { ...attribute, updated_at: Date.now() };
  if (attribute.is_default && (changes.archived || changes.visibleToContacts === false)) {
    throw invalid("archived", "the default title and description attributes cannot be archived or hidden");
  }
  if (changes.description !== undefined) next.description = changes.description.trim();
  if (changes.inputOptions !== undefined)
    next.input_options = checkInputOptions(attribute.data_type, changes.inputOptions);
  if (changes.requiredToCreate !== undefined) next.required_to_create = flag(changes.requiredToCreate);
  if (changes.requiredToCreateForContacts !== undefined) {
    next.required_to_create_for_contacts = flag(changes.requiredToCreateForContacts);
  }
  if (changes.visibleOnCreate !== undefined) next.visible_on_create = flag(changes.visibleOnCreate);
  if (changes.visibleToContacts !== undefined) next.visible_to_contacts = flag(changes.visibleToContacts);
  if (changes.archived !== undefined) next.archived = flag(changes.archived);
  checkAttributeFlags(next);
  const { workspace_id: _w, id: _i, ...columns } = next;
  await trx
    .updateTable("ticket_type_attributes")
    .set(columns)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", attributeId)
    .execute();
  await appendEvent(trx, {
    workspaceId,
    type: "ticket_type.updated",
    subjectType: "ticket_type",
    subjectId: ticketTypeId,
  });
  return next;
}
