// Ticket type and attribute queries.
import { groupBy, inChunks } from "../../db/batches.ts";
import type { Executor } from "../../db/database.ts";
import type { TicketType, TicketTypeAttribute } from "../../db/schema.ts";

export function findTicketType(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<TicketType | undefined> {
  return db
    .selectFrom("ticket_types")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function listTicketTypesByIds(
  db: Executor,
  workspaceId: string,
  ids: readonly string[],
): Promise<TicketType[]> {
  return inChunks(ids, (chunk) =>
    db
      .selectFrom("ticket_types")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("id", "in", chunk)
      .execute(),
  );
}

export function listTicketTypes(db: Executor, workspaceId: string): Promise<TicketType[]> {
  return db
    .selectFrom("ticket_types")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function listAttributesOfType(
  db: Executor,
  workspaceId: string,
  ticketTypeId: string,
): Promise<TicketTypeAttribute[]> {
  return db
    .selectFrom("ticket_type_attributes")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("ticket_type_id", "=", ticketTypeId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** The attributes of each of these types, each in listAttributesOfType's order (one query). */
export async function listAttributesOfTypes(
  db: Executor,
  workspaceId: string,
  ticketTypeIds: readonly string[],
): Promise<Map<string, TicketTypeAttribute[]>> {
  const rows = await inChunks(ticketTypeIds, (ids) =>
    db
      .selectFrom("ticket_type_attributes")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("ticket_type_id", "in", ids)
      .orderBy("position")
      .orderBy("id")
      .execute(),
  );
  return groupBy(rows, (r) => r.ticket_type_id);
}

export function findAttribute(db: Executor, workspaceId: string, ticketTypeId: string, id: string) {
  return db
    .selectFrom("ticket_type_attributes")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("ticket_type_id", "=", ticketTypeId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Types a customer may create in the portal: customer category, not archived. */
export function listCustomerTicketTypes(db: Executor, workspaceId: string): Promise<TicketType[]> {
  return db
    .selectFrom("ticket_types")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("category", "=", "customer")
    .where("archived", "=", 0)
    .orderBy("name")
    .orderBy("id")
    .execute();
}

/** The attributes a contact fills in when creating a ticket of these types, in one read. */
export function listContactCreateAttributes(
  db: Executor,
  workspaceId: string,
  ticketTypeIds: readonly string[],
): Promise<TicketTypeAttribute[]> {
  if (ticketTypeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("ticket_type_attributes")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("ticket_type_id", "in", ticketTypeIds)
    .where("archived", "=", 0)
    .where("visible_to_contacts", "=", 1)
    .where("visible_on_create", "=", 1)
    .orderBy("position")
    .orderBy("id")
    .execute();
}
