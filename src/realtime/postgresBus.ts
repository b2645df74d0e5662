// The bus for PostgreSQL: LISTEN on the outbox channel. Each commit's NOTIFY carries
// `<workspace_id>:<event id>`; this instance loads those events and hands them to its readers. Any
// number of stateless instances share one stream this way. After a lost connection it reconnects and
// catches up from the outbox, so nothing committed meanwhile is missed.
import pg from "pg";
import type { Db } from "../db/database.ts";
import type { OutboxEvent } from "../db/schema.ts";
import {
  EVENTS_CHANNEL,
  findEventsByIds,
  lastEventId,
  tailEvents,
} from "../domain/events/outbox.repository.ts";
import { Listeners, type EventBus, type EventListener } from "./bus.ts";

export class PostgresBus implements EventBus {
  private readonly listeners = new Listeners();
  private client: pg.Client | undefined;
  private closed = false;
  /** Ids already delivered, so a catch-up after reconnecting does not repeat them. */
  private readonly delivered = new Set<number>();
  private highest = 0;
  private pending = new Map<string, number[]>();
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly url: string,
  ) {}

  async start(): Promise<void> {
    this.highest = await lastEventId(this.db);
    await this.connect();
  }

  subscribe(listener: EventListener): () => void {
    return this.listeners.add(listener);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on("notification", (message) => {
      const [workspaceId, id] = (message.payload ?? "").split(":");
      if (!workspaceId || !id) return;
      const ids = this.pending.get(workspaceId) ?? [];
      ids.push(Number(id));
      this.pending.set(workspaceId, ids);
      this.flush();
    });
    client.on("error", () => void this.reconnect(client));
    client.on("end", () => void this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.client = client;
  }

  private async reconnect(broken: pg.Client): Promise<void> {
    if (this.closed || this.client !== broken) return;
    this.client = undefined;
    broken.removeAllListeners();
    for (let attempt = 0; !this.closed; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** attempt)));
      try {
        await this.connect();
        // Whatever committed while we were away: replay it from the outbox, in id order.
        const missed = await tailEvents(this.db, this.highest, 10_000);
        for (const event of missed) this.deliver(event);
        return;
      } catch {
        // try again
      }
    }
  }

  /** Loads notified events in batches per workspace, delivering each once and in id order. */
  private flush(): void {
    this.flushing ??= (async () => {
      while (this.pending.size > 0) {
        const batches = this.pending;
        this.pending = new Map();
        for (const [workspaceId, ids] of batches) {
          const events = await findEventsByIds(this.db, workspaceId, ids).catch(() => []);
          for (const event of events) this.deliver(event);
        }
      }
    })().finally(() => (this.flushing = undefined));
  }

  private deliver(event: OutboxEvent): void {
    if (this.delivered.has(event.id)) return;
    this.delivered.add(event.id);
    if (this.delivered.size > 50_000) {
      // Keep the de-duplication window bounded: drop the oldest half.
      const sorted = [...this.delivered].sort((a, b) => a - b);
      for (const id of sorted.slice(0, 25_000)) this.delivered.delete(id);
    }
    this.highest = Math.max(this.highest, event.id);
    this.listeners.emit(event);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await this.flushing;
    if (client) {
      client.removeAllListeners();
      await client.end().catch(() => {});
    }
  }
}
