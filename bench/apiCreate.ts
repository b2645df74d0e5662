// API ticket creation throughput on SQLite (budget: >= 2,000/s), next to a bare Fastify route that
// answers a small JSON POST, both driven by the same client at the same concurrency in this run.
import { mkdtempSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Fastify from "fastify";
import { openDatabase } from "../src/db/database.ts";
import { startInstance } from "./instance.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { createContact } from "../src/domain/contacts/contactCommands.ts";
import { createTicketType } from "../src/domain/tickets/ticketTypeCommands.ts";
import { createWorkspace } from "../src/domain/workspaces/workspaceCommands.ts";

const REQUESTS = Number(process.env.BENCH_CREATES ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECRET_KEY = "ef".repeat(32);
const SYNCHRONOUS = process.env.SQLITE_SYNCHRONOUS === "normal" ? "normal" : "full";

function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...headers,
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Sends `total` POSTs with `CONCURRENCY` in flight over keep-alive sockets; requests per second and p99. */
async function drive(
  url: string,
  headers: Record<string, string>,
  body: (i: number) => string,
  total: number,
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const target = new URL(url);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const status = await post(agent, target, headers, body(i));
        if (status < 200 || status >= 300) failures++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p99: latencies[Math.floor(latencies.length * 0.99)]!, failures };
}

async function baseline() {
  const app = Fastify();
  app.post("/hello", async (request) => ({ hello: "world", got: request.body }));
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  const result = await drive(`http://127.0.0.1:${port}/hello`, {}, (i) => JSON.stringify({ i }), REQUESTS);
  await app.close();
  return result;
}

async function portico() {
  const dataDir = mkdtempSync(join(tmpdir(), "portico-bench-api-"));
  const file = join(dataDir, "portico.db");
  const database = openDatabase({ dialect: "sqlite", file, synchronous: SYNCHRONOUS });
  await migrateToLatest(database.db);
  const world = await database.db.transaction().execute(async (trx) => {
    const created = await createWorkspace(trx, Buffer.from(SECRET_KEY, "hex"), { name: "API bench" });
    const contact = await createContact(trx, created.workspace.id, { externalId: "bench-user" });
    const type = await createTicketType(trx, created.workspace.id, { category: "customer", name: "Bench" });
    return { token: created.apiToken, contactId: contact.id, typeId: type.id };
  });
  await database.destroy();
  const instance = await startInstance({ file, dataDir, secretKey: SECRET_KEY, synchronous: SYNCHRONOUS });
  const port = instance.port;
  try {
    return await drive(
      `http://127.0.0.1:${port}/api/tickets`,
      { authorization: `Bearer ${world.token}` },
      (i) =>
        JSON.stringify({
          ticket_type_id: world.typeId,
          contacts: [{ id: world.contactId }],
          ticket_attributes: {
            _default_title_: `Bench ticket ${i}`,
            _default_description_: "Created by the benchmark",
          },
        }),
      REQUESTS,
    );
  } finally {
    instance.stop();
  }
}

export async function runApiCreateBench() {
  const base = await baseline();
  const ours = await portico();
  console.log(
    `\nAPI ticket creation: ${REQUESTS} requests, ${CONCURRENCY} in flight (SQLite, synchronous=${SYNCHRONOUS})`,
  );
  console.log(
    `  baseline (bare Fastify JSON POST): ${base.perSecond.toFixed(0)}/s  p99 ${base.p99.toFixed(1)} ms`,
  );
  console.log(
    `  Portico POST /api/tickets:        ${ours.perSecond.toFixed(0)}/s  p99 ${ours.p99.toFixed(1)} ms  failures ${ours.failures}`,
  );
  console.log(
    `  ratio Portico/baseline: ${(ours.perSecond / base.perSecond).toFixed(3)}   budget: >= 2,000/s -> ${ours.perSecond >= 2000 ? "within" : "UNDER"}`,
  );
}
