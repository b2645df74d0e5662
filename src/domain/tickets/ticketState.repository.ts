// Ticket state queries: the workspace's states and the ordered states each ticket type allows.
import { groupBy, inChunks } from "../../db/batches.ts";
import type { Executor } from "../../db/database.ts";
import type { TicketState, TicketStateCategory } from "../../db/schema.ts";

export function findTicketState(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<TicketState | undefined> {
  return db
    .selectFrom("ticket_states")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function listTicketStates(db: Executor, workspaceId: string): Promise<TicketState[]> {
  return db
    .selectFrom("ticket_states")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function isInternalLabelTaken(
  db: Executor,
  workspaceId: string,
  label: string,
  exceptId?: string,
) {
  let query = db
    .selectFrom("ticket_states")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("internal_label", "=", label);
  if (exceptId) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The states a type allows, in its order (the first of a category is that category's default). */
export function listStatesOfType(db: Executor, workspaceId: string, ticketTypeId: string) {
  return db
    .selectFrom("ticket_type_states as tts")
    .innerJoin("ticket_states as s", (join) =>
      join.onRef("s.workspace_id", "=", "tts.workspace_id").onRef("s.id", "=", "tts.ticket_state_id"),
    )
    .selectAll("s")
    .select("tts.position")
    .where("tts.workspace_id", "=", workspaceId)
    .where("tts.ticket_type_id", "=", ticketTypeId)
    .orderBy("tts.position")
    .execute();
}

/** The states each of these types allows, each in listStatesOfType's order and shape (one query). */
export async function listStatesOfTypes(db: Executor, workspaceId: string, ticketTypeIds: readonly string[]) {
  const rows = await inChunks(ticketTypeIds, (ids) =>
    db
      .selectFrom("ticket_type_states as tts")
      .innerJoin("ticket_states as s", (join) =>
        join.onRef("s.workspace_id", "=", "tts.workspace_id").onRef("s.id", "=", "tts.ticket_state_id"),
      )
      .selectAll("s")
      .select(["tts.position", "tts.ticket_type_id as of_ticket_type_id"])
      .where("tts.workspace_id", "=", workspaceId)
      .where("tts.ticket_type_id", "in", ids)
      .orderBy("tts.position")
      .execute(),
  );
  return groupBy(
    rows,
    (r) => r.of_ticket_type_id,
    ({ of_ticket_type_id: _type, ...state }) => state,
  );
}

export async function firstStateOfCategory(
  db: Executor,
  workspaceId: string,
  ticketTypeId: string,
  category: TicketStateCategory,
): Promise<TicketState | undefined> {
  const states = await listStatesOfType(db, workspaceId, ticketTypeId);
  return states.find((s) => s.category === category && s.archived === 0);
}

export async function replaceStatesOfType(
  db: Executor,
  workspaceId: string,
  ticketTypeId: string,
  stateIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom("ticket_type_states")
    .where("workspace_id", "=", workspaceId)
    .where("ticket_type_id", "=", ticketTypeId)
    .execute();
  if (stateIds.length === 0) return;
  await db
    .insertInto("ticket_type_states")
    .values(
      stateIds.map((id, position) => ({
        workspace_id: workspaceId,
        ticket_type_id: ticketTypeId,
        ticket_state_id: id,
        position,
      })),
    )
    .execute();
}

/** Types that would lose their last usable state of `category` if `stateId` were archived. */
export async function typesLeftWithoutCategory(
  db: Executor,
  workspaceId: string,
  stateId: string,
  category: TicketStateCategory,
): Promise<string[]> {
  const rows = await db
    .selectFrom("ticket_type_states as tts")
    .select("tts.ticket_type_id")
    .where("tts.workspace_id", "=", workspaceId)
    .where("tts.ticket_state_id", "=", stateId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("ticket_type_states as other")
            .innerJoin("ticket_states as s", (join) =>
              join
                .onRef("s.workspace_id", "=", "other.workspace_id")
                .onRef("s.id", "=", "other.ticket_state_id"),
            )
            .select("other.ticket_state_id")
            .whereRef("other.workspace_id", "=", "tts.workspace_id")
            .whereRef("other.ticket_type_id", "=", "tts.ticket_type_id")
            .where("other.ticket_state_id", "!=", stateId)
            .where("s.category", "=", category)
            .where("s.archived", "=", 0),
        ),
      ),
    )
    .execute();
  return rows.map((r) => r.ticket_type_id);
}

/** Every (state, type) pair of the workspace with the type's summary, for GET /ticket_states. */
export function listTypesByState(db: Executor, workspaceId: string) {
  return db
    .selectFrom("ticket_type_states as tts")
    .innerJoin("ticket_types as t", (join) =>
      join.onRef("t.workspace_id", "=", "tts.workspace_id").onRef("t.id", "=", "tts.ticket_type_id"),
    )
    .select(["tts.ticket_state_id", "t.id", "t.name", "t.category", "t.icon", "t.archived"])
    .where("tts.workspace_id", "=", workspaceId)
    .orderBy("t.created_at")
    .execute();
}
