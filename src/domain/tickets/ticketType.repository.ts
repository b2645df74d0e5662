// Ticket type and attribute queries.
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

export function findAttribute(db: Executor, workspaceId: string, ticketTypeId: string, id: string) {
  return db
    .selectFrom("ticket_type_attributes")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("ticket_type_id", "=", ticketTypeId)
    .where("id", "=", id)
    .executeTakeFirst();
}
