// The in-process bus for SQLite: tails the outbox table. SQLite has one writer, so ids commit in order
// and "id > last seen" never skips an event; writes by other processes (the CLI) are seen too.
import type { Db } from "../db/database.ts";
import { lastEventId, tailEvents } from "../domain/events/outbox.repository.ts";
import { Listeners, type BusStatus, type EventBus, type EventListener } from "./bus.ts";

export class OutboxTailBus implements EventBus {
  private readonly listeners = new Listeners();
  private lastId = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private closed = false;
  /** False after a poll failed (the database could not be read); the next good poll sets it again. */
  private healthy = true;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = 5,
    private readonly batch = 1000,
  ) {}

  async start(): Promise<void> {
    this.lastId = await lastEventId(this.db);
    this.schedule();
  }

  subscribe(listener: EventListener): () => void {
    return this.listeners.add(listener);
  }

  status(): BusStatus {
    return { connected: this.healthy, reconnects: 0, lastEventId: this.lastId };
  }

  /** Polls now instead of at the next tick (after a local commit, to cut latency). */
  kick(): Promise<void> {
    this.polling ??= this.poll().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.kick().finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    for (;;) {
      let events;
      try {
        events = await tailEvents(this.db, this.lastId, this.batch);
        this.healthy = true;
      } catch {
        // Busy or failing disk: nothing is lost, the next tick reads from the same id.
        this.healthy = false;
        return;
      }
      for (const event of events) {
        this.lastId = event.id;
        this.listeners.emit(event);
      }
      if (events.length < this.batch || this.closed) return;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.polling;
  }
}
