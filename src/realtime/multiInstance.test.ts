// Two app processes on one PostgreSQL: a change made through process A reaches a reader on process B.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "../db/database.ts";
import { upsertCompany, addMembership } from "../domain/companies/companyCommands.ts";
import { createContact } from "../domain/contacts/contactCommands.ts";
import { createTicket } from "../domain/tickets/ticketCreator.ts";
import { listStatesOfType } from "../domain/tickets/ticketState.repository.ts";
import { createTicketType } from "../domain/tickets/ticketTypeCommands.ts";
import { createWorkspace } from "../domain/workspaces/workspaceCommands.ts";
import { createSession } from "../identity/sessions.ts";
import { updateWorkspace } from "../domain/workspaces/workspace.repository.ts";
import { openSse } from "../../test/sse.ts";
import { portalCookieName } from "../http/helpcenter/helpCenter.routes.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "portico.mjs");
const SECRET_KEY = "ab".repeat(32);
const postgresUrl = inject("postgresUrl");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function startInstance(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, "serve"], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: postgresUrl!,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SECRET_KEY,
      LOG_LEVEL: "warn",
      DATA_DIR: mkdtempSync(join(tmpdir(), "portico-instance-")),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`instance on port ${port} did not start`);
}

describe.runIf(postgresUrl)("two instances on one PostgreSQL (postgres)", () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill("SIGTERM")));

  it("delivers a state change made through instance A to a portal reader on instance B", async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    children.push(await startInstance(portA), await startInstance(portB));

    const database = openDatabase({ dialect: "postgres", url: postgresUrl!, poolSize: 2 });
    const setup = await database.db.transaction().execute(async (trx) => {
      const created = await createWorkspace(trx, Buffer.from(SECRET_KEY, "hex"), { name: "Two instances" });
      const ws = created.workspace.id;
      await updateWorkspace(trx, ws, { portal_enabled: 1 });
      const { company } = await upsertCompany(trx, ws, "multi-co", { name: "Multi" });
      const viewer = await createContact(trx, ws, { externalId: "viewer" });
      const reporter = await createContact(trx, ws, { externalId: "reporter" });
      await addMembership(trx, ws, { companyId: company.id, contactId: viewer.id });
      await addMembership(trx, ws, { companyId: company.id, contactId: reporter.id });
      const type = await createTicketType(trx, ws, { category: "customer", name: "Issue" });
      const ticket = await createTicket(trx, ws, {
        ticketTypeId: type.id,
        contactIds: [reporter.id],
        attributes: { _default_title_: "Across instances" },
        author: { type: "bot" },
      });
      const resolved = (await listStatesOfType(trx, ws, type.id)).find((s) => s.category === "resolved")!;
      const session = await createSession(
        trx,
        { workspaceId: ws, kind: "portal", contactId: viewer.id },
        3600_000,
      );
      return { created, ticket, resolved, session };
    });
    await database.destroy();

    const { workspace, apiToken } = setup.created;
    const stream = await openSse(`http://127.0.0.1:${portB}/help/${workspace.slug}/events`, {
      cookie: `${portalCookieName(workspace.id)}=${setup.session}`,
    });
    expect(stream.status).toBe(200);
    // Give B's stream its starting point before the write happens on A.
    await new Promise((r) => setTimeout(r, 300));
    const update = await fetch(`http://127.0.0.1:${portA}/api/tickets/${setup.ticket.id}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
      body: JSON.stringify({ ticket_state_id: setup.resolved.id }),
    });
    expect(update.status).toBe(200);
    const event = await stream.next((e) => e.event === "ticket", 10_000);
    expect(event.data).toMatchObject({
      ticket_id: setup.ticket.ticket_number,
      state: { category: "resolved", label: "Resolved" },
    });
    stream.close();
  });
});
