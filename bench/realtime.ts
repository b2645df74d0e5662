// Realtime delivery latency: 1,000 portal readers of one company connected over SSE; a teammate changes
// the state of the company's ticket through the API; how long until each reader has it?
// Baseline in the same run: a bare Node SSE broadcast server (no database, no authorization).
import { mkdtempSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../src/db/database.ts";
import { startInstance } from "./instance.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { addMembership, upsertCompany } from "../src/domain/companies/companyCommands.ts";
import { createContact } from "../src/domain/contacts/contactCommands.ts";
import { createTicket } from "../src/domain/tickets/ticketCreator.ts";
import { listStatesOfType } from "../src/domain/tickets/ticketState.repository.ts";
import { createTicketType } from "../src/domain/tickets/ticketTypeCommands.ts";
import { createWorkspace } from "../src/domain/workspaces/workspaceCommands.ts";
import { createSession } from "../src/identity/sessions.ts";
import { updateWorkspace } from "../src/domain/workspaces/workspace.repository.ts";
import { portalCookieName } from "../src/http/helpcenter/helpCenter.routes.ts";

const READERS = Number(process.env.BENCH_READERS ?? 1000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 20);
const SECRET_KEY = "cd".repeat(32);
const SYNCHRONOUS = process.env.SQLITE_SYNCHRONOUS === "normal" ? "normal" : "full";

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Opens an SSE stream with a plain keep-alive socket; calls onEvent with each event's data line. */
function connect(
  port: number,
  path: string,
  headers: Record<string, string>,
  onEvent: (event: string, data: string) => void,
) {
  return new Promise<http.ClientRequest>((resolve, reject) => {
    const request = http.get(
      { host: "127.0.0.1", port, path, headers: { accept: "text/event-stream", ...headers }, agent: false },
      (response) => {
        if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`));
        let buffer = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) onEvent(event, data);
          }
        });
        resolve(request);
      },
    );
    request.on("error", reject);
  });
}

interface Round {
  trigger(round: number): Promise<void>;
  /** Whether a reader's event belongs to this round. */
  matches(event: string, data: string, round: number): boolean;
}

async function measure(
  port: number,
  paths: Array<{ path: string; headers: Record<string, string> }>,
  round: Round,
) {
  const arrivals: number[][] = Array.from({ length: CHANGES }, () => []);
  let current = -1;
  let started = 0;
  let waiting: (() => void) | undefined;
  const requests = [];
  for (const { path, headers } of paths) {
    requests.push(
      await connect(port, path, headers, (event, data) => {
        if (current >= 0 && round.matches(event, data, current)) {
          arrivals[current]!.push(performance.now() - started);
          if (arrivals[current]!.length === paths.length) waiting?.();
        }
      }),
    );
  }
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < CHANGES; i++) {
    const done = new Promise<void>((resolve) => (waiting = resolve));
    current = i;
    started = performance.now();
    await round.trigger(i);
    await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
    if (arrivals[i]!.length < paths.length)
      throw new Error(`round ${i}: only ${arrivals[i]!.length} of ${paths.length} readers got it`);
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const r of requests) r.destroy();
  const all = arrivals.flat().sort((a, b) => a - b);
  return {
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    max: all[all.length - 1]!,
    deliveries: all.length,
  };
}

async function baseline() {
  const streams = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    if (request.url === "/events") {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.flushHeaders();
      streams.add(response);
      request.on("close", () => streams.delete(response));
    } else {
      const body = JSON.stringify({
        round: Number(new URL(request.url!, "http://x").searchParams.get("round")),
        state: "resolved",
      });
      for (const s of streams) s.write(`event: ticket\ndata: ${body}\n\n`);
      response.end("ok");
    }
  });
  server.maxConnections = READERS + 100;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const result = await measure(
    port,
    Array.from({ length: READERS }, () => ({ path: "/events", headers: {} })),
    {
      trigger: async (round) => {
        await fetch(`http://127.0.0.1:${port}/trigger?round=${round}`);
      },
      matches: (event, data, round) => event === "ticket" && data.includes(`"round":${round}`),
    },
  );
  server.closeAllConnections();
  server.close();
  return result;
}

async function portico() {
  const dataDir = mkdtempSync(join(tmpdir(), "portico-bench-"));
  const file = join(dataDir, "portico.db");
  const database = openDatabase({ dialect: "sqlite", file, synchronous: "full" });
  await migrateToLatest(database.db);
  const world = await database.db.transaction().execute(async (trx) => {
    const created = await createWorkspace(trx, Buffer.from(SECRET_KEY, "hex"), { name: "Bench" });
    const ws = created.workspace.id;
    await updateWorkspace(trx, ws, { portal_enabled: 1 });
    const { company } = await upsertCompany(trx, ws, "bench-co", { name: "Bench Co" });
    const sessions: string[] = [];
    let first = "";
    for (let i = 0; i < READERS; i++) {
      const contact = await createContact(trx, ws, { externalId: `reader-${i}` });
      first ||= contact.id;
      await addMembership(trx, ws, { companyId: company.id, contactId: contact.id });
      sessions.push(
        await createSession(trx, { workspaceId: ws, kind: "portal", contactId: contact.id }, 3600_000),
      );
    }
    const type = await createTicketType(trx, ws, { category: "customer", name: "Issue" });
    const ticket = await createTicket(trx, ws, {
      ticketTypeId: type.id,
      contactIds: [first],
      attributes: { _default_title_: "Bench" },
      author: { type: "bot" },
    });
    const states = await listStatesOfType(trx, ws, type.id);
    return { created, sessions, ticket, states };
  });
  await database.destroy();

  const instance = await startInstance({ file, dataDir, secretKey: SECRET_KEY, synchronous: SYNCHRONOUS });
  const port = instance.port;
  try {
    const { workspace, apiToken } = world.created;
    const cycle = ["in_progress", "waiting_on_customer", "resolved", "submitted"];
    const stateFor = (round: number) => world.states.find((s) => s.category === cycle[round % cycle.length])!;
    return await measure(
      port,
      world.sessions.map((token) => ({
        path: `/help/${workspace.slug}/events`,
        headers: { cookie: `${portalCookieName(workspace.id)}=${token}` },
      })),
      {
        trigger: async (round) => {
          const response = await fetch(`http://127.0.0.1:${port}/api/tickets/${world.ticket.id}`, {
            method: "PUT",
            headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
            body: JSON.stringify({ ticket_state_id: stateFor(round).id }),
          });
          if (!response.ok) throw new Error(`update answered ${response.status}`);
        },
        matches: (event, data, round) =>
          event === "ticket" && data.includes(`"label":"${stateFor(round).external_label}"`),
      },
    );
  } finally {
    instance.stop();
  }
}

export async function runRealtimeBench() {
  const base = await baseline();
  const ours = await portico();
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
    `\nRealtime delivery: ${READERS} portal readers, ${CHANGES} state changes (SQLite, synchronous=${SYNCHRONOUS})`,
  );
  console.log(
    `  baseline (bare Node SSE broadcast): p50 ${ms(base.p50)}  p99 ${ms(base.p99)}  max ${ms(base.max)}`,
  );
  console.log(
    `  Portico (API write -> policy -> SSE): p50 ${ms(ours.p50)}  p99 ${ms(ours.p99)}  max ${ms(ours.max)}  (${ours.deliveries} deliveries)`,
  );
  console.log(
    `  ratio p99 Portico/baseline: ${(ours.p99 / base.p99).toFixed(2)}   budget: p99 <= 100 ms -> ${ours.p99 <= 100 ? "within" : "OVER"}`,
  );
  return { base, ours };
}
