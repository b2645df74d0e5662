// Follows /app/events (the workspace's events for teammates) and refreshes what is on screen: the
// inbox rows and the open ticket or conversation. The stream resumes from the page's render point.
import { openLiveStream } from "../ui/liveStream";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

const TICKET_EVENTS = [
  "ticket.created",
  "ticket.updated",
  "ticket.state_changed",
  "ticket.part_created",
  "ticket.company_changed",
  "ticket.contacts_changed",
  "ticket.linked",
  "ticket.deleted",
];
const CONVERSATION_EVENTS = [
  "conversation.created",
  "conversation.part_created",
  "conversation.participant_added",
  "conversation.participant_removed",
];

let resumeFrom = 0;

export function resumeEventsFrom(eventId: number): void {
  resumeFrom = Math.max(resumeFrom, eventId);
}

interface HelpDeskEvent {
  subject_type: string;
  subject_id: string;
}

function parse(data: unknown): HelpDeskEvent | null {
  if (typeof data !== "string") return null;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== "object" || value === null) return null;
    const { subject_type, subject_id } = value as Record<string, unknown>;
    return typeof subject_type === "string" && typeof subject_id === "string"
      ? { subject_type, subject_id }
      : null;
  } catch {
    return null;
  }
}

export function useHelpDeskEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const onEvent = (message: MessageEvent) => {
      if (message.lastEventId) resumeEventsFrom(Number(message.lastEventId));
      const event = parse(message.data);
      if (!event) return;
      if (event.subject_type === "ticket") {
        void queryClient.invalidateQueries({ queryKey: ["ticket", event.subject_id] });
        void queryClient.invalidateQueries({ queryKey: ["tickets"] });
      } else if (event.subject_type === "conversation") {
        void queryClient.invalidateQueries({ queryKey: ["conversation", event.subject_id] });
        void queryClient.invalidateQueries({ queryKey: ["conversations"] });
      }
    };
    const stream = openLiveStream(
      () => `/app/events${resumeFrom > 0 ? `?last_event_id=${resumeFrom}` : ""}`,
      (source) => {
        for (const type of [...TICKET_EVENTS, ...CONVERSATION_EVENTS]) source.addEventListener(type, onEvent);
        source.addEventListener("reset", () => void queryClient.invalidateQueries());
      },
    );
    return () => stream.close();
  }, [queryClient]);
}
