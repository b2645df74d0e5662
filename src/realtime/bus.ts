// The event bus: committed outbox events, in commit order per workspace, to this process's listeners.
import type { OutboxEvent } from "../db/schema.ts";

export type EventListener = (event: OutboxEvent) => void;

export interface BusStatus {
  /** False while the bus has lost its source (the LISTEN connection) and is reconnecting. */
  connected: boolean;
  reconnects: number;
  lastEventId: number;
}

export interface EventBus {
  /** Starts delivering events committed from now on. */
  start(): Promise<void>;
  subscribe(listener: EventListener): () => void;
  status(): BusStatus;
  close(): Promise<void>;
}

export class Listeners {
  private readonly listeners = new Set<EventListener>();

  add(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: OutboxEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // One failing reader must not stop the others; the reader's own connection handles its failure.
        console.error("event listener failed", error);
      }
    }
  }
}
