// The hub's limits and lifecycle, with in-memory streams: caps, slow readers, heartbeats, shutdown;
// and outbox pruning on each dialect.
import type { ServerResponse } from "node:http";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { testDialects } from "../../test/dialects.ts";
import { buildTicket, buildWorkspace } from "../../test/factories.ts";
import type { OutboxEvent } from "../db/schema.ts";
import { listEventsSince } from "../domain/events/outbox.repository.ts";
import { HelpDeskAudience } from "./audiences.ts";
import { Listeners, type EventBus } from "./bus.ts";
import { DEFAULT_HUB_LIMITS, RealtimeHub } from "./hub.ts";
import { pruneOutbox } from "./outboxPruning.ts";

class ManualBus implements EventBus {
  readonly listeners = new Listeners();
  async start() {}
  subscribe(listener: (event: OutboxEvent) => void) {
    return this.listeners.add(listener);
  }
  status() {
    return { connected: true, reconnects: 0, lastEventId: 0 };
  }
  async close() {}
}

/** A response that buffers what is written; `read()` drains it like a reading client would. */
function fakeResponse() {
  const stream = new PassThrough({ highWaterMark: 64 });
  let text = "";
  return {
    raw: stream as unknown as ServerResponse,
    read() {
      let chunk: Buffer | null;
      while ((chunk = stream.read() as Buffer | null) !== null) text += chunk.toString();
      return text;
    },
    get ended() {
      return stream.writableEnded;
    },
  };
}

const event = (id: number, workspaceId: string, payload = "{}"): OutboxEvent => ({
  id,
  workspace_id: workspaceId,
  type: "ticket.updated",
  subject_type: "ticket",
  subject_id: `t${id}`,
  payload,
  created_at: Date.now(),
});

const tick = () => new Promise((r) => setTimeout(r, 20));

for (const dialect of testDialects()) {
  describe(`realtime hub (${dialect.name})`, () => {
    it("caps connections per session and per process", async () => {
      const { db } = await dialect.db();
      const hub = new RealtimeHub(db, new ManualBus(), {
        ...DEFAULT_HUB_LIMITS,
        maxConnections: 3,
        maxPerSession: 2,
      });
      const ws = (await buildWorkspace(db)).id;
      hub.open(fakeResponse().raw, new HelpDeskAudience(ws), "s1", null);
      hub.open(fakeResponse().raw, new HelpDeskAudience(ws), "s1", null);
      expect(hub.admit("s1")).toMatchObject({ ok: false, status: 429 });
      expect(hub.admit("s2")).toEqual({ ok: true });
      hub.open(fakeResponse().raw, new HelpDeskAudience(ws), "s2", null);
      expect(hub.admit("s3")).toMatchObject({ ok: false, status: 503 });
      hub.close();
      expect(hub.connections).toBe(0);
      expect(hub.admit("s1")).toEqual({ ok: true });
    });

    it("delivers in order to its workspace only, drops a reader that stops reading, and ends streams on close", async () => {
      const { db } = await dialect.db();
      const bus = new ManualBus();
      const hub = new RealtimeHub(db, bus, { ...DEFAULT_HUB_LIMITS, maxBufferedBytes: 4096 });
      const ws = (await buildWorkspace(db)).id;
      const reader = fakeResponse();
      const stalled = fakeResponse();
      const elsewhere = fakeResponse();
      hub.open(reader.raw, new HelpDeskAudience(ws), "a", null);
      hub.open(stalled.raw, new HelpDeskAudience(ws), "b", null);
      hub.open(elsewhere.raw, new HelpDeskAudience("another-workspace"), "c", null);
      await tick();
      const big = JSON.stringify({ filler: "x".repeat(2000) });
      for (let id = 1_000_001; id <= 1_000_010; id++) {
        bus.listeners.emit(event(id, ws, big));
        await tick();
        reader.read();
      }
      const ids = [...reader.read().matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
      expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => 1_000_001 + i));
      expect(stalled.ended).toBe(true);
      expect(elsewhere.read()).not.toContain("ticket.updated");
      expect(hub.connections).toBe(2);
      hub.close();
      expect(reader.ended).toBe(true);
      expect(elsewhere.ended).toBe(true);
    });

    it("sends heartbeats to idle readers", async () => {
      const { db } = await dialect.db();
      const hub = new RealtimeHub(db, new ManualBus(), { ...DEFAULT_HUB_LIMITS, heartbeatMs: 10 });
      const reader = fakeResponse();
      hub.open(reader.raw, new HelpDeskAudience((await buildWorkspace(db)).id), "a", null);
      await new Promise((r) => setTimeout(r, 60));
      expect(reader.read()).toContain(": heartbeat");
      hub.close();
    });

    it("prunes events past the retention in batches and keeps the recent ones", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      await buildTicket(db, workspace);
      const old = Date.now() - 10 * 24 * 3600 * 1000;
      const before = await listEventsSince(db, workspace.id, 0, 10_000);
      await db
        .updateTable("events")
        .set({ created_at: old })
        .where("workspace_id", "=", workspace.id)
        .where("type", "=", "ticket_state.created")
        .execute();
      const recentCount = before.filter((e) => e.type !== "ticket_state.created").length;
      await pruneOutbox(db, 7);
      const after = await listEventsSince(db, workspace.id, 0, 10_000);
      expect(after.map((e) => e.type)).not.toContain("ticket_state.created");
      expect(after).toHaveLength(recentCount);
    });
  });
}
