// Server-Sent Events: one hub per process routes bus events to the connections of their workspace.
// Each connection renders events in order through its audience; resumes from Last-Event-ID; gets
// heartbeats; is capped per session and per process; and is dropped when it cannot keep up.
import type { ServerResponse } from "node:http";
import type { Db } from "../db/database.ts";
import { isDatabaseUnavailable } from "../db/resilience.ts";
import type { OutboxEvent } from "../db/schema.ts";
import { lastWorkspaceEventId, listEventsSince } from "../domain/events/outbox.repository.ts";
import type { Audience, RealtimeMessage } from "./audiences.ts";
import type { EventBus } from "./bus.ts";
import { EventContext } from "./eventContext.ts";

export interface HubLimits {
  maxConnections: number;
  maxPerSession: number;
  heartbeatMs: number;
  /** A reader with more than this many bytes unsent is too slow and is disconnected. */
  maxBufferedBytes: number;
  /** How many missed events a resume replays at most; further back the reader is told to reload. */
  resumeWindow: number;
  /**
   * While the database is away an event cannot be rendered; the stream stays open and the delivery is
   * retried (in order, nothing skipped) for about this long before the reader is let go to reconnect.
   */
  deliveryRetryMs: number;
}

export const DEFAULT_HUB_LIMITS: HubLimits = {
  maxConnections: 20_000,
  maxPerSession: 10,
  heartbeatMs: 25_000,
  maxBufferedBytes: 1024 * 1024,
  resumeWindow: 1000,
  deliveryRetryMs: 120_000,
};

export type OpenResult = { ok: true } | { ok: false; status: 429 | 503; reason: string };

class Connection {
  /** Events are rendered one after another, so a reader sees them in commit order. */
  private chain: Promise<void> = Promise.resolve();
  private lastSentId = 0;
  private heartbeat: NodeJS.Timeout;
  closed = false;

  constructor(
    readonly audience: Audience,
    readonly sessionKey: string,
    private readonly raw: ServerResponse,
    private readonly limits: HubLimits,
    private readonly onClose: (connection: Connection) => void,
  ) {
    this.heartbeat = setInterval(() => this.write(": heartbeat\n\n"), limits.heartbeatMs);
    this.heartbeat.unref();
    raw.on("close", () => this.close());
  }

  enqueue(work: () => Promise<void>): void {
    this.chain = this.chain
      .then(() => this.retrying(work))
      .catch((error: unknown) => {
        if (!isDatabaseUnavailable(error)) console.error("realtime delivery failed", error);
        this.close();
      });
  }

  private async retrying(work: () => Promise<void>): Promise<void> {
    const giveUpAt = Date.now() + this.limits.deliveryRetryMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (this.closed || !isDatabaseUnavailable(error) || Date.now() > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)).unref());
        if (this.closed) return;
      }
    }
  }

  async deliver(ctx: EventContext): Promise<void> {
    if (this.closed || ctx.event.id <= this.lastSentId) return;
    const messages = await this.audience.render(ctx);
    for (const message of messages) this.send(ctx.event.id, message);
    this.lastSentId = ctx.event.id;
  }

  send(id: number | null, message: RealtimeMessage): void {
    const data = message.json ?? JSON.stringify(message.data);
    const lines = [id === null ? "" : `id: ${id}\n`, `event: ${message.event}\n`, `data: ${data}\n\n`];
    this.write(lines.join(""));
  }

  /** Marks the resume point without sending anything (events the reader may not see still advance it). */
  advance(id: number): void {
    this.lastSentId = Math.max(this.lastSentId, id);
  }

  private write(chunk: string): void {
    if (this.closed) return;
    this.raw.write(chunk);
    if (this.raw.writableLength > this.limits.maxBufferedBytes) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.raw.end();
    this.onClose(this);
  }
}

export class RealtimeHub {
  private readonly byWorkspace = new Map<string, Set<Connection>>();
  private readonly bySession = new Map<string, number>();
  private count = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly limits: HubLimits = DEFAULT_HUB_LIMITS,
  ) {
    this.unsubscribe = bus.subscribe((event) => this.dispatch(event));
  }

  get connections(): number {
    return this.count;
  }

  /** Reserves room for a new connection, or says why there is none. */
  admit(sessionKey: string): OpenResult {
    if (this.count >= this.limits.maxConnections)
      return { ok: false, status: 503, reason: "This server has too many live connections." };
    if ((this.bySession.get(sessionKey) ?? 0) >= this.limits.maxPerSession) {
      return {
        ok: false,
        status: 429,
        reason: "Too many live connections for this session; close another tab.",
      };
    }
    return { ok: true };
  }

  /**
   * Starts streaming to `raw` (already answered 200 with text/event-stream). With `lastEventId`, the
   * events missed since are replayed first, once and in order, through the same audience.
   */
  open(raw: ServerResponse, audience: Audience, sessionKey: string, lastEventId: number | null): void {
    const connection = new Connection(audience, sessionKey, raw, this.limits, (c) => this.remove(c));
    const set = this.byWorkspace.get(audience.workspaceId) ?? new Set();
    set.add(connection);
    this.byWorkspace.set(audience.workspaceId, set);
    this.bySession.set(sessionKey, (this.bySession.get(sessionKey) ?? 0) + 1);
    this.count++;
    raw.write(`retry: 2000\n\n`);
    if (lastEventId === null) {
      // A new reader starts now: events committed before it connected (still on their way through
      // the bus) belong to the state it loads, not to its stream.
      connection.enqueue(async () =>
        connection.advance(await lastWorkspaceEventId(this.db, audience.workspaceId)),
      );
    } else {
      connection.advance(lastEventId);
      connection.enqueue(async () => {
        const missed = await listEventsSince(
          this.db,
          audience.workspaceId,
          lastEventId,
          this.limits.resumeWindow + 1,
        );
        if (missed.length > this.limits.resumeWindow) {
          // Too far behind to replay: the reader reloads its view, then follows live events.
          connection.send(null, { event: "reset", data: {} });
          connection.advance(missed[missed.length - 1]!.id);
          return;
        }
        for (const event of missed) await connection.deliver(new EventContext(this.db, event));
      });
    }
  }

  private dispatch(event: OutboxEvent): void {
    const set = this.byWorkspace.get(event.workspace_id);
    if (!set || set.size === 0) return;
    const ctx = new EventContext(this.db, event);
    for (const connection of set) connection.enqueue(() => connection.deliver(ctx));
  }

  private remove(connection: Connection): void {
    const set = this.byWorkspace.get(connection.audience.workspaceId);
    if (set?.delete(connection)) {
      this.count--;
      const left = (this.bySession.get(connection.sessionKey) ?? 1) - 1;
      if (left > 0) this.bySession.set(connection.sessionKey, left);
      else this.bySession.delete(connection.sessionKey);
      if (set.size === 0) this.byWorkspace.delete(connection.audience.workspaceId);
    }
  }

  /** Ends every stream (readers reconnect elsewhere with Last-Event-ID) and stops listening. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const set of [...this.byWorkspace.values()]) for (const connection of [...set]) connection.close();
  }
}
