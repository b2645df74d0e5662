// Subscribes to the portal's Server-Sent Events for the tickets on screen and hands each event over.
import { useEffect, useEffectEvent, useRef, useState } from "react";
import type { Ticket } from "./types";

export interface TicketEventHandlers {
  onTicket: (ticket: Ticket) => void;
  onTicketRemoved: (ticketNumber: number) => void;
  onAccessChanged: () => void;
}

function parseJson(data: unknown): unknown {
  if (typeof data !== "string") return null;
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

function isTicket(value: unknown): value is Ticket {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Ticket>;
  return (
    typeof candidate.ticket_id === "number" &&
    typeof candidate.title === "string" &&
    typeof candidate.state === "object" &&
    candidate.state !== null &&
    typeof candidate.ticket_type === "object" &&
    candidate.ticket_type !== null &&
    Array.isArray(candidate.history) &&
    Array.isArray(candidate.attributes)
  );
}

function removedTicketNumber(value: unknown): number | null {
  if (typeof value !== "object" || value === null || !("ticket_id" in value)) return null;
  return typeof value.ticket_id === "number" ? value.ticket_id : null;
}

const SEEN_EVENT_IDS_KEPT = 500;

/**
 * The newest event this page has accounted for: the page's own render point at first, then each event
 * handled. Every stream resumes from it (Last-Event-ID), so a change made between loading the page and
 * connecting a stream is replayed instead of lost.
 */
let resumeFrom = 0;

export function resumeEventsFrom(eventId: number): void {
  resumeFrom = Math.max(resumeFrom, eventId);
}

/**
 * Keeps one EventSource open for `ticketNumbers` (null: none). When the set changes a new stream is
 * opened and the old one closed only once the new one is connected, so no event falls in between;
 * events both streams deliver are recognised by their id and handled once.
 */
export function useTicketEvents(
  basePath: string,
  ticketNumbers: readonly number[] | null,
  handlers: TicketEventHandlers,
): void {
  const sources = useRef<EventSource[]>([]);
  const [reopened, setReopened] = useState(0);
  const seenEventIds = useRef<string[]>([]);
  const key = ticketNumbers === null ? null : [...new Set(ticketNumbers)].sort((a, b) => a - b).join(",");

  const firstDelivery = useEffectEvent((event: MessageEvent): boolean => {
    if (event.lastEventId === "") return true;
    if (seenEventIds.current.includes(event.lastEventId)) return false;
    resumeEventsFrom(Number(event.lastEventId));
    seenEventIds.current.push(event.lastEventId);
    if (seenEventIds.current.length > SEEN_EVENT_IDS_KEPT) seenEventIds.current.shift();
    return true;
  });

  const handleTicket = useEffectEvent((event: MessageEvent) => {
    if (!firstDelivery(event)) return;
    const ticket = parseJson(event.data);
    if (isTicket(ticket)) handlers.onTicket(ticket);
  });

  const handleRemoved = useEffectEvent((event: MessageEvent) => {
    if (!firstDelivery(event)) return;
    const ticketNumber = removedTicketNumber(parseJson(event.data));
    if (ticketNumber !== null) handlers.onTicketRemoved(ticketNumber);
  });

  const handleAccessChanged = useEffectEvent((event: MessageEvent) => {
    if (!firstDelivery(event)) return;
    handlers.onAccessChanged();
  });

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    if (key === null) {
      for (const source of sources.current) source.close();
      sources.current = [];
      return;
    }
    const resume = resumeFrom > 0 ? `&last_event_id=${resumeFrom}` : "";
    const source = new EventSource(`${basePath}/events?tickets=${key}${resume}`);
    sources.current.push(source);
    // The browser stops for good when a reconnect is refused (a 503 while the server's database is
    // away): open a fresh stream later, from the newest event handled.
    let retry: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener("error", () => {
      if (source.readyState !== EventSource.CLOSED) return;
      retry = setTimeout(() => setReopened((n) => n + 1), 2000 + Math.random() * 3000);
    });
    source.addEventListener("ticket", handleTicket);
    source.addEventListener("ticket_removed", handleRemoved);
    source.addEventListener("access_changed", handleAccessChanged);
    source.addEventListener("open", () => {
      // This stream is live: the streams opened before it are no longer needed.
      const index = sources.current.indexOf(source);
      for (const older of sources.current.slice(0, Math.max(index, 0))) older.close();
      sources.current = sources.current.slice(Math.max(index, 0));
    });
    return () => clearTimeout(retry);
  }, [basePath, key, reopened]);

  useEffect(
    () => () => {
      for (const source of sources.current) source.close();
      sources.current = [];
    },
    [],
  );
}
