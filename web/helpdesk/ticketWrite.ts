// Writes to a ticket, then refreshes the ticket (and what hangs off it) and the inbox lists.
import { useQueryClient } from "@tanstack/react-query";

export function useTicketWrite(ticketId: string) {
  const queryClient = useQueryClient();
  return async function write<T>(request: () => Promise<T>): Promise<T> {
    const result = await request();
    await queryClient.invalidateQueries({ queryKey: ["ticket", ticketId] });
    void queryClient.invalidateQueries({ queryKey: ["tickets"] });
    return result;
  };
}
