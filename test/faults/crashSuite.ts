// The crash suite shared by both dialects' files (run in parallel): `portico serve` killed with SIGKILL (30+ rounds) and stopped with
// SIGTERM while writers keep creating tickets and replies. Every write that was acknowledged is there and
// whole, ticket numbers run 1..N without a duplicate or a gap, the outbox matches the rows, SQLite's
// integrity check passes, and a retry with the same Idempotency-Key never makes a second ticket.
import { randomBytes } from "node:crypto";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createContact } from "../../src/domain/contacts/contactCommands.ts";
import { createTeammate } from "../../src/domain/teammates/teammate.repository.ts";
import { createTicketType } from "../../src/domain/tickets/ticketTypeCommands.ts";
import { createWorkspace } from "../../src/domain/workspaces/workspaceCommands.ts";
import { FAULT_SECRET_KEY, startInstance, type Instance } from "./instance.ts";

const ROUNDS = Number(process.env.FAULT_KILL_ROUNDS ?? 30);
const WRITERS = 6;
/**
 * A killed request leaves its key claimed until the lock runs out; a short lock keeps the retries quick.
 * Safe however short: a run that outlives its lock cannot commit (idempotency.repository.ts).
 */
const LOCK = { IDEMPOTENCY_LOCK_MS: "1000" };

export interface World {
  databaseUrl: string;
  database: DatabaseHandle;
  workspaceId: string;
  slug: string;
  token: string;
  typeId: string;
  contactId: string;
  adminId: string;
}

export async function prepare(databaseUrl: string, database: DatabaseHandle): Promise<World> {
  await migrateToLatest(database.db);
  return database.db.transaction().execute(async (trx) => {
    const created = await createWorkspace(trx, Buffer.from(FAULT_SECRET_KEY, "hex"), { name: "Crash Co" });
    const contact = await createContact(trx, created.workspace.id, { externalId: "crash-customer" });
    const type = await createTicketType(trx, created.workspace.id, { category: "customer", name: "Crash" });
    const admin = await createTeammate(trx, {
      workspaceId: created.workspace.id,
      email: "crash-admin@example.com",
      name: "Crash Admin",
      role: "admin",
      password: "correct horse battery",
    });
    return {
      databaseUrl,
      database,
      workspaceId: created.workspace.id,
      slug: created.workspace.slug,
      token: created.apiToken,
      typeId: type.id,
      contactId: contact.id,
      adminId: admin.id,
    };
  });
}

interface Write {
  key: string;
  sentAt?: number;
  title: string;
  kind: "create" | "reply";
  /** The ticket a reply goes to. */
  ticketId?: string;
  /** Set once a 2xx answer came back: the ticket's id (create) or the part's id (reply). */
  acked?: string;
}

function send(instance: Instance, world: World, write: Write): Promise<Response> {
  const headers = {
    authorization: `Bearer ${world.token}`,
    "content-type": "application/json",
    "idempotency-key": write.key,
  };
  if (write.kind === "create") {
    return fetch(`${instance.url}/api/tickets`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        ticket_type_id: world.typeId,
        contacts: [{ id: world.contactId }],
        ticket_attributes: { _default_title_: write.title, _default_description_: "x".repeat(200) },
      }),
    });
  }
  return fetch(`${instance.url}/api/tickets/${write.ticketId}/reply`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      message_type: "comment",
      type: "admin",
      admin_id: world.adminId,
      body: write.title,
    }),
  });
}

/**
 * Writers create tickets (and reply to acknowledged ones) until the instance stops answering. Resolves
 * with the first unexpected answer, if any (an error value, so nothing goes unhandled meanwhile).
 */
function load(instance: Instance, world: World, round: number, writes: Write[]): Promise<unknown> {
  return writeUntilGone(instance, world, round, writes).then(
    () => null,
    (error: unknown) => error,
  );
}

async function writeUntilGone(
  instance: Instance,
  world: World,
  round: number,
  writes: Write[],
): Promise<void> {
  let stopped = false;
  void instance.exited.then(() => (stopped = true));
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; !stopped; i++) {
        const done = writes.filter((w) => w.kind === "create" && w.acked);
        const reply = i % 3 === 2 && done.length > 0;
        const write: Write = {
          key: `${round}-${writer}-${i}-${randomBytes(3).toString("hex")}`,
          title: `r${round} w${writer} #${i}`,
          kind: reply ? "reply" : "create",
          ticketId: reply ? done[(i * 7) % done.length]!.acked : undefined,
        };
        writes.push(write);
        write.sentAt = Date.now();
        try {
          const response = await send(instance, world, write);
          if (response.ok) write.acked = ((await response.json()) as { id: string }).id;
          else if (response.status !== 503) {
            throw new Error(`${write.title} answered ${response.status}: ${await response.text()}`);
          }
        } catch (error) {
          if (!stopped && !(error instanceof TypeError)) throw error;
          return; // the process is gone: this write's fate is decided by the retry below
        }
      }
    }),
  );
}

async function verify(world: World, writes: Write[], sqlite: boolean) {
  const db = world.database.db;
  const tickets = await db
    .selectFrom("tickets")
    .select(["id", "title", "ticket_number"])
    .where("workspace_id", "=", world.workspaceId)
    .execute();
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const byTitle = new Map<string, number>();
  for (const t of tickets) byTitle.set(t.title, (byTitle.get(t.title) ?? 0) + 1);
  const creates = writes.filter((w) => w.kind === "create");
  // Every acknowledged ticket is there, under its title; no title (one per key) holds two tickets.
  for (const write of creates.filter((w) => w.acked)) expect(byId.get(write.acked!)?.title).toBe(write.title);
  expect([...byTitle.values()].filter((n) => n > 1)).toEqual([]);
  // Numbers 1..N: none twice, none skipped.
  const numbers = tickets.map((t) => t.ticket_number).sort((a, b) => a - b);
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  const counter = await db
    .selectFrom("ticket_number_counters")
    .select("last_number")
    .where("workspace_id", "=", world.workspaceId)
    .executeTakeFirst();
  expect(counter?.last_number ?? 0).toBe(numbers.length);
  // Whole: each ticket has its participant, its creation in the history, its event in the outbox.
  const [contacts, createdParts, createdEvents, replyParts, replyEvents] = await Promise.all([
    db
      .selectFrom("ticket_contacts")
      .select("ticket_id")
      .where("workspace_id", "=", world.workspaceId)
      .execute(),
    db
      .selectFrom("ticket_parts")
      .select("ticket_id")
      .where("workspace_id", "=", world.workspaceId)
      .where("part_type", "=", "ticket_created")
      .execute(),
    db
      .selectFrom("events")
      .select("subject_id")
      .where("workspace_id", "=", world.workspaceId)
      .where("type", "=", "ticket.created")
      .execute(),
    db
      .selectFrom("ticket_parts")
      .select(["id", "body"])
      .where("workspace_id", "=", world.workspaceId)
      .where("part_type", "=", "comment")
      .execute(),
    db
      .selectFrom("events")
      .select("payload")
      .where("workspace_id", "=", world.workspaceId)
      .where("type", "=", "ticket.part_created")
      .execute(),
  ]);
  const ids = [...byId.keys()].sort();
  expect([...new Set(contacts.map((c) => c.ticket_id))].sort()).toEqual(ids);
  expect(createdParts.map((p) => p.ticket_id).sort()).toEqual(ids);
  expect(createdEvents.map((e) => e.subject_id).sort()).toEqual(ids);
  // Replies: every acknowledged one is there once, and each has its event.
  const replyBodies = new Map<string, number>();
  for (const part of replyParts)
    replyBodies.set(part.body ?? "", (replyBodies.get(part.body ?? "") ?? 0) + 1);
  for (const write of writes.filter((w) => w.kind === "reply" && w.acked)) {
    expect(replyBodies.get(write.title), write.title).toBe(1);
  }
  expect([...replyBodies.values()].filter((n) => n > 1)).toEqual([]);
  expect(replyEvents.length).toBe(replyParts.length);
  if (sqlite) {
    // On a connection of its own: this test's long-lived one keeps FTS5 structure from before the
    // other processes' writes, and FTS5's integrity check reports that stale copy as corruption.
    const disk = new Sqlite(world.databaseUrl.slice("sqlite:".length), { readonly: true });
    try {
      expect(disk.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      disk.close();
    }
  }
  return { tickets: tickets.length, replies: replyParts.length };
}

/** Sends every unacknowledged write again with its key: each must now succeed. */
async function retryUnacknowledged(instance: Instance, world: World, writes: Write[]): Promise<number> {
  const pending = writes.filter((w) => !w.acked);
  await Promise.all(
    pending.map(async (write) => {
      for (let attempt = 0; ; attempt++) {
        const response = await send(instance, world, write);
        if (response.ok) {
          write.acked = ((await response.json()) as { id: string }).id;
          return;
        }
        // 409: the dead process's claim is still locked (until its lock runs out); 503: briefly busy.
        if ((response.status !== 409 && response.status !== 503) || attempt > 200) {
          throw new Error(`retry of ${write.title} answered ${response.status}: ${await response.text()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }),
  );
  return pending.length;
}

export function dialectSuite(
  name: "sqlite" | "postgres",
  open: () => Promise<{ url: string; handle: DatabaseHandle }>,
) {
  describe(`crashes under load (${name})`, () => {
    let world: World;
    beforeAll(async () => {
      const { url, handle } = await open();
      world = await prepare(url, handle);
    }, 120_000);
    afterAll(async () => world?.database.destroy());

    it(`keeps every acknowledged write whole through ${ROUNDS} SIGKILL rounds, and retries make no duplicate`, async () => {
      const writes: Write[] = [];
      let retried = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const instance = await startInstance({ databaseUrl: world.databaseUrl, env: LOCK });
        retried += await retryUnacknowledged(instance, world, writes);
        const running = load(instance, world, round, writes);
        await new Promise((resolve) => setTimeout(resolve, 150 + ((round * 97) % 350)));
        instance.kill("SIGKILL");
        await running;
        expect(await instance.exited).toBe("SIGKILL");
      }
      const last = await startInstance({ databaseUrl: world.databaseUrl, env: LOCK });
      retried += await retryUnacknowledged(last, world, writes);
      last.kill("SIGTERM");
      await last.exited;
      const counts = await verify(world, writes, name === "sqlite");
      console.log(
        `[faults] ${name}: ${ROUNDS} SIGKILL rounds, ${writes.length} writes sent, ${retried} retried by key, ` +
          `${counts.tickets} tickets and ${counts.replies} replies verified whole`,
      );
      expect(counts.tickets).toBeGreaterThan(ROUNDS);
    }, 600_000);

    it("finishes in-flight requests on SIGTERM and loses nothing acknowledged", async () => {
      const instance = await startInstance({ databaseUrl: world.databaseUrl, env: LOCK });
      const writes: Write[] = [];
      const running = load(instance, world, 1000, writes);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const signalledAt = Date.now();
      instance.kill("SIGTERM");
      expect(await running).toBeNull();
      expect(await instance.exited, instance.output()).toBe(0);
      expect(instance.output()).not.toMatch(/server_error|Unhandled|uncaught|DeprecationWarning/i);
      // Graceful: a write sent well before the signal was answered, not cut off mid-flight.
      const cut = writes.filter((w) => !w.acked && w.sentAt! < signalledAt - 100);
      expect(cut.map((w) => w.title)).toEqual([]);
      expect(writes.filter((w) => w.acked).length).toBeGreaterThan(0);
      await verify(world, writes, name === "sqlite");
    }, 120_000);
  });
}
