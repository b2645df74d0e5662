// The bus for PostgreSQL: LISTEN on the outbox channel. Each commit's NOTIFY carries
// `<workspace_id>:<event id>`; this instance loads those events and hands them to its readers. Any
// number of stateless instances share one stream this way. A lost LISTEN connection (server restart,
// pg_terminate_backend, network) is replaced with backoff, and what committed meanwhile is replayed
// from the outbox, so readers miss nothing and the process never ends over it.
import pg from "pg";
import type { Db } from "../db/database.ts";
import type { OutboxEvent } from "../db/schema.ts";
import {
  EVENTS_CHANNEL,
  findEventsByIds,
  lastEventId,
  tailEvents,
} from "../domain/events/outbox.repository.ts";
import { Listeners, type BusStatus, type EventBus, type EventListener } from "./bus.ts";

/**
 * Sequence ids are handed out at insert and committed in any order, so an event with a lower id can
 * commit after a higher one was delivered. Catch-up therefore re-reads this many ids below the highest
 * delivered (the delivered set drops what was already sent).
 */
const CATCH_UP_LOOKBACK = 1000;
const CATCH_UP_BATCH = 1000;
const DELIVERED_KEPT = 50_000;

export interface PostgresBusOptions {
  /** First reconnect delay; doubles on each failure up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  connectTimeoutMs: number;
  log: (message: string, error?: unknown) => void;
}

const DEFAULTS: PostgresBusOptions = {
  backoffMs: 100,
  maxBackoffMs: 2000,
  connectTimeoutMs: 5000,
  log: () => {},
};

export class PostgresBus implements EventBus {
  private readonly listeners = new Listeners();
  private readonly options: PostgresBusOptions;
  private client: pg.Client | undefined;
  private closed = false;
  private reconnecting: Promise<void> | undefined;
  /** Ids already delivered, so a catch-up after reconnecting does not repeat them. */
  private readonly delivered = new Set<number>();
  private highest = 0;
  /** Events up to here committed before this instance started: they belong to no reader's stream. */
  private startedAfter = 0;
  private pending = new Map<string, number[]>();
  private flushing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private reconnects = 0;

  constructor(
    private readonly db: Db,
    private readonly url: string,
    options: Partial<PostgresBusOptions> = {},
  ) {
    const given = Object.entries(options).filter(([, value]) => value !== undefined);
    this.options = { ...DEFAULTS, ...Object.fromEntries(given) };
  }

  async start(): Promise<void> {
    this.highest = await lastEventId(this.db);
    this.startedAfter = this.highest;
    await this.connect();
  }

  subscribe(listener: EventListener): () => void {
    return this.listeners.add(listener);
  }

  status(): BusStatus {
    return { connected: this.client !== undefined, reconnects: this.reconnects, lastEventId: this.highest };
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      keepAlive: true,
      application_name: "portico-bus",
    });
    // This listener stays for the client's whole life, even after it is replaced: a late error from a
    // broken client must find someone listening, or Node ends the process.
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, new Error("the LISTEN connection ended")));
    client.on("notification", (message) => {
      const [workspaceId, id] = (message.payload ?? "").split(":");
      if (!workspaceId || !id) return;
      const ids = this.pending.get(workspaceId) ?? [];
      ids.push(Number(id));
      this.pending.set(workspaceId, ids);
      this.flush();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners("notification");
      client.removeAllListeners("end");
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners("notification");
    client.removeAllListeners("end");
    void client.end().catch(() => {});
    this.options.log("live updates: the LISTEN connection was lost; reconnecting", error);
    this.reconnecting ??= this.reconnect().finally(() => (this.reconnecting = undefined));
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      const delay = Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      if (this.closed) return;
      try {
        await this.connect();
        this.reconnects++;
        // Whatever committed while we were away: replay it from the outbox, in id order.
        await this.catchUp();
        this.options.log("live updates: reconnected");
        return;
      } catch (error) {
        // The database is still away (or the catch-up read failed): drop the half-made connection
        // and try again; readers keep their streams open meanwhile.
        const client = this.client;
        this.client = undefined;
        if (client) {
          client.removeAllListeners("notification");
          client.removeAllListeners("end");
          void client.end().catch(() => {});
        }
        if (attempt === 0) this.options.log("live updates: reconnect failed; retrying", error);
      }
    }
  }

  private async catchUp(): Promise<void> {
    let after = Math.max(this.startedAfter, this.highest - CATCH_UP_LOOKBACK);
    for (;;) {
      const events = await tailEvents(this.db, after, CATCH_UP_BATCH);
      for (const event of events) this.deliver(event);
      if (events.length < CATCH_UP_BATCH) return;
      after = events[events.length - 1]!.id;
    }
  }

  /** Loads notified events in batches per workspace, delivering each once and in id order. */
  private flush(): void {
    this.flushing ??= (async () => {
      while (this.pending.size > 0) {
        const batches = this.pending;
        this.pending = new Map();
        for (const [workspaceId, ids] of batches) {
          try {
            const events = await findEventsByIds(this.db, workspaceId, ids);
            for (const event of events) this.deliver(event);
          } catch (error) {
            // The database could not be read just now: keep the ids and try again shortly.
            const waiting = this.pending.get(workspaceId) ?? [];
            this.pending.set(workspaceId, [...ids, ...waiting]);
            this.options.log("live updates: could not load notified events; retrying", error);
            this.retryTimer = setTimeout(() => this.flush(), 250);
            this.retryTimer.unref();
            return;
          }
        }
      }
    })().finally(() => (this.flushing = undefined));
  }

  private deliver(event: OutboxEvent): void {
    if (this.delivered.has(event.id)) return;
    this.delivered.add(event.id);
    if (this.delivered.size > DELIVERED_KEPT) {
      // Keep the de-duplication window bounded: drop the oldest half.
      const sorted = [...this.delivered].sort((a, b) => a - b);
      for (const id of sorted.slice(0, DELIVERED_KEPT / 2)) this.delivered.delete(id);
    }
    this.highest = Math.max(this.highest, event.id);
    this.listeners.emit(event);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await this.flushing;
    if (client) {
      client.removeAllListeners("notification");
      client.removeAllListeners("end");
      await client.end().catch(() => {});
    }
  }
}
