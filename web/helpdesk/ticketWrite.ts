// Writes to a ticket, then refreshes the ticket (and what hangs off it) and the inbox lists.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useAnnounce } from "../ui/announcer";
import { api, errorMessage } from "./api";
import type { Ticket } from "./types";

export function useTicketWrite(ticketId: string) {
  const queryClient = useQueryClient();
  return async function write<T>(request: () => Promise<T>): Promise<T> {
    const result = await request();
    await queryClient.invalidateQueries({ queryKey: ["ticket", ticketId] });
    void queryClient.invalidateQueries({ queryKey: ["tickets"] });
    return result;
  };
}

/**
 * One property of a ticket changed through PUT /tickets/:id: `body` turns the picked value into the
 * request, `saved` says what happened (it is announced). The error is kept in words until the next
 * success; `setError` lets a form show other failures in the same place.
 */
export function useTicketUpdate<V>(
  ticket: Pick<Ticket, "id">,
  body: (value: V) => Record<string, unknown>,
  saved: (updated: Ticket) => string,
) {
  const write = useTicketWrite(ticket.id);
  const announce = useAnnounce();
  const [error, setError] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (value: V) => write(() => api.put<Ticket>(`/tickets/${ticket.id}`, body(value))),
    onSuccess: (updated) => {
      setError(null);
      announce(saved(updated));
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return { change, error, setError };
}
