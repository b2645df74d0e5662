// TanStack Query hooks over the Help Desk's JSON, with the query keys live updates invalidate
// ("tickets", ["ticket", id], "conversations", ["conversation", id]).
import { useQuery } from "@tanstack/react-query";
import { api } from "./api";
import type {
  Company,
  CompanyChoices,
  CompanySummary,
  Contact,
  Conversation,
  Teammate,
  Ticket,
  TicketType,
} from "./types";

export function useTeammates() {
  return useQuery({
    queryKey: ["teammates"],
    queryFn: ({ signal }) => api.get<{ data: Teammate[] }>("/teammates", signal).then((r) => r.data),
    staleTime: 5 * 60_000,
  });
}

export function useTicketTypes() {
  return useQuery({
    queryKey: ["ticket_types"],
    queryFn: ({ signal }) => api.get<{ data: TicketType[] }>("/ticket_types", signal).then((r) => r.data),
    staleTime: 5 * 60_000,
  });
}

export function useTicket(id: string | null) {
  return useQuery({
    queryKey: ["ticket", id],
    queryFn: ({ signal }) => api.get<Ticket>(`/tickets/${encodeURIComponent(id!)}`, signal),
    enabled: id !== null,
  });
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: ["conversation", id],
    queryFn: ({ signal }) => api.get<Conversation>(`/conversations/${encodeURIComponent(id)}`, signal),
  });
}

export function useCompanyChoices(ticketId: string) {
  return useQuery({
    // Under the ticket's key, so the ticket's live updates refresh the choices too.
    queryKey: ["ticket", ticketId, "company_choices"],
    queryFn: ({ signal }) =>
      api.get<CompanyChoices>(`/tickets/${encodeURIComponent(ticketId)}/company_choices`, signal),
  });
}

export function useCompany(id: string | null) {
  return useQuery({
    queryKey: ["company", id],
    queryFn: ({ signal }) => api.get<Company>(`/companies/${encodeURIComponent(id!)}`, signal),
    enabled: id !== null,
    staleTime: 5 * 60_000,
  });
}

export function useCompanySuggestions(text: string) {
  return useQuery({
    queryKey: ["company_suggestions", text],
    queryFn: ({ signal }) =>
      api
        .get<{ data: CompanySummary[] }>(`/company_suggestions?q=${encodeURIComponent(text)}`, signal)
        .then((r) => r.data),
    placeholderData: (previous) => previous,
  });
}

export function useContact(id: string) {
  return useQuery({
    queryKey: ["contact", id],
    queryFn: ({ signal }) => api.get<Contact>(`/contacts/${encodeURIComponent(id)}`, signal),
    staleTime: 60_000,
  });
}
