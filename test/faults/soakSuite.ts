// A minute of mixed load on a `portico serve` process (shared by both dialects' files): API writes,
// updates and searches, portal reads, live-stream readers coming and going. No answer may be an error,
// and resident memory may grow by no more than a stated bound once warmed up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/database.ts";
import { listStatesOfType } from "../../src/domain/tickets/ticketState.repository.ts";
import { updateWorkspace } from "../../src/domain/workspaces/workspace.repository.ts";
import { portalCookieName } from "../../src/http/helpcenter/helpCenter.routes.ts";
import { createSession, PORTAL_SESSION_TTL_MS } from "../../src/identity/sessions.ts";
import { addMembership, upsertCompany } from "../../src/domain/companies/companyCommands.ts";
import { openSse, type SseStream } from "../sse.ts";
import { prepare, type World } from "./crashSuite.ts";
import { startInstance, type Instance } from "./instance.ts";

const SECONDS = Number(process.env.FAULT_SOAK_SECONDS ?? 60);
/** Growth of resident memory allowed between the end of the warm-up and the end of the run. */
export const RSS_GROWTH_BOUND = 64 * 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function soakSuite(name: string, open: () => Promise<{ url: string; handle: DatabaseHandle }>) {
  describe(`a minute of mixed load (${name})`, () => {
    let world: World;
    let handle: DatabaseHandle;
    let portalCookie: string;
    let stateIds: string[];
    beforeAll(async () => {
      const opened = await open();
      handle = opened.handle;
      world = await prepare(opened.url, handle);
      await updateWorkspace(handle.db, world.workspaceId, { help_center_live: 1, portal_enabled: 1 });
      const { company } = await handle.db
        .transaction()
        .execute((trx) => upsertCompany(trx, world.workspaceId, "soak-co", { name: "Soak Co" }));
      await handle.db
        .transaction()
        .execute((trx) =>
          addMembership(trx, world.workspaceId, { companyId: company.id, contactId: world.contactId }),
        );
      const token = await createSession(
        handle.db,
        { workspaceId: world.workspaceId, kind: "portal", contactId: world.contactId },
        PORTAL_SESSION_TTL_MS,
      );
      portalCookie = `${portalCookieName(world.workspaceId)}=${token}`;
      stateIds = (await listStatesOfType(handle.db, world.workspaceId, world.typeId)).map((s) => s.id);
    }, 120_000);
    afterAll(async () => handle?.destroy());

    it(
      `serves ${SECONDS} s of mixed load without an error and within the memory bound`,
      async () => {
        const instance: Instance = await startInstance({ databaseUrl: world.databaseUrl });
        try {
          const api = (path: string, init: RequestInit = {}) =>
            fetch(`${instance.url}${path}`, {
              ...init,
              headers: {
                authorization: `Bearer ${world.token}`,
                "content-type": "application/json",
                ...(init.headers as Record<string, string> | undefined),
              },
            });
          const counts = new Map<string, number>();
          const errors: string[] = [];
          const tickets: string[] = [];
          const note = async (what: string, response: Response) => {
            counts.set(what, (counts.get(what) ?? 0) + 1);
            if (!response.ok)
              errors.push(`${what}: ${response.status} ${(await response.text()).slice(0, 200)}`);
            else await response.arrayBuffer();
          };
          // The Help Center at /help/<slug> on the main host (fetch cannot send another Host header).
          const portal = `${instance.url}/help/${world.slug}`;
          const endAt = Date.now() + SECONDS * 1000;
          const streams: SseStream[] = [];
          let warmRss = 0;
          const samples: number[] = [];
          const sampler = setInterval(() => samples.push(instance.rss()), 1000);
          const warmup = setTimeout(() => (warmRss = instance.rss()), Math.min(10_000, (SECONDS * 1000) / 4));
          const workers = [
            // Creates and state changes.
            async () => {
              for (let i = 0; Date.now() < endAt; i++) {
                const created = await api("/api/tickets", {
                  method: "POST",
                  headers: { "idempotency-key": `soak-${name}-${i}` },
                  body: JSON.stringify({
                    ticket_type_id: world.typeId,
                    contacts: [{ id: world.contactId }],
                    ticket_attributes: {
                      _default_title_: `Soak ticket ${i} printer`,
                      _default_description_: "paper jam",
                    },
                  }),
                });
                if (created.ok) tickets.push(((await created.clone().json()) as { id: string }).id);
                await note("create", created);
                const target = tickets[(i * 13) % tickets.length];
                if (target) {
                  await note(
                    "update",
                    await api(`/api/tickets/${target}`, {
                      method: "PUT",
                      body: JSON.stringify({ ticket_state_id: stateIds[i % stateIds.length] }),
                    }),
                  );
                }
              }
            },
            // Searches and reads.
            async () => {
              for (let i = 0; Date.now() < endAt; i++) {
                await note(
                  "search",
                  await api("/api/tickets/search", {
                    method: "POST",
                    body: JSON.stringify({
                      query: { field: "title", operator: "~", value: "printer" },
                      pagination: { per_page: 25 },
                    }),
                  }),
                );
                const target = tickets[(i * 7) % Math.max(1, tickets.length)];
                if (target) await note("get", await api(`/api/tickets/${target}`));
              }
            },
            // The portal as the customer.
            async () => {
              while (Date.now() < endAt) {
                await note(
                  "portal-list",
                  await fetch(`${portal}/portal-api/tickets?per_page=25`, {
                    headers: { cookie: portalCookie },
                  }),
                );
                if (tickets.length > 0)
                  await note(
                    "portal-ticket",
                    await fetch(`${portal}/portal-api/tickets/1`, {
                      headers: { cookie: portalCookie },
                    }),
                  );
              }
            },
            // Live readers that come and go.
            async () => {
              while (Date.now() < endAt) {
                const stream = await openSse(`${portal}/events?tickets=1,2,3`, { cookie: portalCookie });
                counts.set("stream", (counts.get("stream") ?? 0) + 1);
                if (stream.status !== 200) errors.push(`stream: ${stream.status}`);
                streams.push(stream);
                // Ten live streams per session at most (hub limits): keep eight open, closing the oldest.
                if (streams.length > 8) streams.shift()!.close();
                await sleep(200);
              }
            },
          ];
          await Promise.all(workers.map((w) => w()));
          clearInterval(sampler);
          clearTimeout(warmup);
          for (const stream of streams) stream.close();
          const endRss = instance.rss();
          const peak = Math.max(...samples, endRss);
          const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
          console.log(
            `[faults] ${name} soak: ${SECONDS} s, ${JSON.stringify(Object.fromEntries(counts))}, ` +
              `RSS warm ${mb(warmRss)}, end ${mb(endRss)}, peak ${mb(peak)} (bound: growth <= ${mb(RSS_GROWTH_BOUND)})`,
          );
          expect(errors).toEqual([]);
          expect(instance.child.exitCode).toBeNull();
          expect(endRss - warmRss).toBeLessThanOrEqual(RSS_GROWTH_BOUND);
          expect(counts.get("create") ?? 0).toBeGreaterThan(SECONDS);
        } finally {
          instance.kill("SIGTERM");
          await instance.exited;
        }
      },
      (SECONDS + 120) * 1000,
    );
  });
}
