// Tickets: every ticket the person created or takes part in, the banner to the Help Center portal, one
// ticket with its history and conversation ("Join conversation" when not yet in it), and the ticket form.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { AbsoluteTime, RelativeTime } from "../portal/format";
import { authorLabel } from "../ui/authors";
import { companyName, StateBadge, TicketTypeLabel } from "../portal/ticketBits";
import type { PortalTicketType } from "../portal/types";
import {
  collectAttributes,
  correctionSummary,
  errorsAfterChange,
  FieldInput,
  fieldOfError,
  formFields,
  type FieldValue,
  type Values,
} from "../ui/ticketFields";
import { ApiError } from "./api";
import { queryKeys, useMessenger } from "./App";
import { BackButton, Composer, ErrorNotice, Loading } from "./bits";
import { Thread, useMarkRead } from "./MessagesSpace";
import type { MessengerTicket, TicketRow } from "./types";

export function TicketRowButton({ ticket }: { ticket: TicketRow }) {
  const { navigate } = useMessenger();
  return (
    <button type="button" className="row" onClick={() => navigate({ ticket: ticket.ticket_id })}>
      <span className="row__main">
        <span className="row__title">{ticket.title}</span>
        <span className="row__meta">
          #{ticket.ticket_id} · <TicketTypeLabel ticketType={ticket.ticket_type} />
        </span>
      </span>
      <span className="row__side">
        <StateBadge state={ticket.state} srPrefix="State:" />
        <RelativeTime at={ticket.updated_at} />
      </span>
    </button>
  );
}

function PortalBanner({ url }: { url: string }) {
  return (
    <aside className="banner" aria-label="Tickets portal">
      <p>See every ticket of your company, and follow them, in the Help Center.</p>
      <a className="button button--secondary" href={url} target="_blank" rel="noopener">
        Open the tickets portal<span className="sr-only"> (opens in a new tab)</span>
      </a>
    </aside>
  );
}

export function TicketsSpace() {
  const { api, navigate } = useMessenger();
  const list = useInfiniteQuery({
    queryKey: queryKeys.tickets,
    queryFn: ({ pageParam, signal }) => api.tickets(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const portalUrl = list.data?.pages[0]?.portal_url ?? null;
  const tickets = list.data?.pages.flatMap((p) => p.tickets) ?? [];
  return (
    <div className="space">
      {portalUrl ? <PortalBanner url={portalUrl} /> : null}
      <div className="space__head">
        <h2>Tickets</h2>
        <button type="button" className="button" onClick={() => navigate({ newTicket: true })}>
          Submit a ticket
        </button>
      </div>
      {list.isPending ? (
        <Loading what="your tickets" />
      ) : list.isError ? (
        <ErrorNotice error={list.error} retry={() => void list.refetch()} />
      ) : tickets.length === 0 ? (
        <p className="empty">You have no tickets yet. Submit one and follow it here.</p>
      ) : (
        <>
          <ul className="rows" aria-label="Your tickets">
            {tickets.map((t) => (
              <li key={t.ticket_id}>
                <TicketRowButton ticket={t} />
              </li>
            ))}
          </ul>
          {list.hasNextPage ? (
            <button
              type="button"
              className="button button--secondary"
              disabled={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              {list.isFetchingNextPage ? "Loading…" : "Show more tickets"}
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}

function historyLine(entry: MessengerTicket["history"][number]) {
  switch (entry.kind) {
    case "created":
      return entry.state ? `Opened as ${entry.state.label}` : "Opened";
    case "state_change":
      return entry.state ? `State changed to ${entry.state.label}` : "State changed";
    case "comment":
      return `${authorLabel(entry.author)} replied`;
  }
}

function attributeText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.map(String).join(", ");
  return String(value);
}

export function TicketView({ ticketNumber }: { ticketNumber: number }) {
  const { api, navigate } = useMessenger();
  const client = useQueryClient();
  const ticket = useQuery({
    queryKey: queryKeys.ticket(ticketNumber),
    queryFn: ({ signal }) => api.ticket(ticketNumber, signal),
  });
  const join = useMutation({
    mutationFn: () => api.join(ticketNumber),
    onSuccess(updated) {
      client.setQueryData(queryKeys.ticket(ticketNumber), updated);
      void client.invalidateQueries({ queryKey: queryKeys.tickets });
      void client.invalidateQueries({ queryKey: queryKeys.conversations });
    },
  });
  const conversation = ticket.data?.conversation ?? null;
  useMarkRead(conversation?.id ?? null, conversation?.parts.at(-1)?.id);

  if (ticket.isPending)
    return (
      <div className="space">
        <BackButton label="All tickets" onClick={() => navigate({ space: "tickets" })} />
        <Loading what="the ticket" />
      </div>
    );
  if (ticket.isError)
    return (
      <div className="space">
        <BackButton label="All tickets" onClick={() => navigate({ space: "tickets" })} />
        <ErrorNotice error={ticket.error} retry={() => void ticket.refetch()} />
      </div>
    );
  const t = ticket.data;
  const shownAttributes = t.attributes.filter(
    (a) => a.name !== "_default_title_" && a.name !== "_default_description_",
  );
  return (
    <article className="space ticket" aria-labelledby="ticket-title">
      <BackButton label="All tickets" onClick={() => navigate({ space: "tickets" })} />
      <header className="ticket__head">
        <StateBadge state={t.state} srPrefix="State:" />
        <h2 id="ticket-title">{t.title}</h2>
        <p className="row__meta">
          Ticket #{t.ticket_id} · <TicketTypeLabel ticketType={t.ticket_type} />
          {t.company ? <> · {companyName(t.company)}</> : null}
        </p>
      </header>
      {t.description ? <p className="ticket__description">{t.description}</p> : null}
      {shownAttributes.length > 0 ? (
        <dl className="attributes">
          {shownAttributes.map((a) => (
            <div key={a.name}>
              <dt>{a.name}</dt>
              <dd>{attributeText(a.value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <section aria-labelledby="ticket-history">
        <h3 id="ticket-history">History</h3>
        <ol className="history">
          {t.history.map((entry) => (
            <li key={entry.id} className={entry.kind === "comment" ? "history__reply" : undefined}>
              <span>{historyLine(entry)}</span> <AbsoluteTime at={entry.created_at} />
              {entry.kind === "comment" && entry.body ? <p className="history__body">{entry.body}</p> : null}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="ticket-conversation">
        <h3 id="ticket-conversation">Conversation</h3>
        {conversation ? (
          <>
            <Thread conversation={conversation} />
            <Composer
              label="Your message"
              placeholder="Write a reply…"
              submitLabel="Send"
              onSend={async (body) => {
                await api.reply(conversation.id, body);
                await client.invalidateQueries({ queryKey: queryKeys.ticket(ticketNumber) });
              }}
            />
          </>
        ) : t.abilities.join ? (
          <div>
            <p className="muted">
              Join the conversation about this ticket to follow it and write to the team.
            </p>
            <button type="button" className="button" disabled={join.isPending} onClick={() => join.mutate()}>
              {join.isPending ? "Joining…" : "Join conversation"}
            </button>
            {join.isError ? <ErrorNotice error={join.error} /> : null}
          </div>
        ) : (
          <p className="muted">This ticket has no conversation. The team will update it here.</p>
        )}
      </section>
    </article>
  );
}

export function NewTicketForm() {
  const { api, navigate } = useMessenger();
  const client = useQueryClient();
  const idPrefix = useId();
  const types = useQuery({
    queryKey: queryKeys.ticketTypes,
    queryFn: ({ signal }) => api.ticketTypes(signal),
  });
  const home = useQuery({ queryKey: queryKeys.home, queryFn: ({ signal }) => api.home(signal) });
  const [typeId, setTypeId] = useState<string>("");
  const [companyId, setCompanyId] = useState<string | undefined>(undefined);
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const available = types.data?.ticket_types ?? [];
  const chosen: PortalTicketType | undefined =
    available.find((t) => t.id === typeId) ?? (available.length === 1 ? available[0] : undefined);
  const companies = home.data?.companies ?? [];

  const create = useMutation({
    mutationFn: (input: Parameters<typeof api.createTicket>[0]) => api.createTicket(input),
    onSuccess(ticket) {
      client.setQueryData(queryKeys.ticket(ticket.ticket_id), ticket);
      void client.invalidateQueries({ queryKey: queryKeys.tickets });
      void client.invalidateQueries({ queryKey: queryKeys.home });
      navigate({ ticket: ticket.ticket_id });
    },
    onError(error) {
      const field = error instanceof ApiError ? fieldOfError(chosen, error.message) : undefined;
      if (field) setErrors({ [field]: error.message });
      setFormError(error instanceof ApiError ? error.message : "The ticket could not be created. Try again.");
    },
  });

  function change(name: string, value: FieldValue) {
    setValues((current) => ({ ...current, [name]: value }));
    if (name in errors) {
      const rest = errorsAfterChange(errors, name);
      setErrors(rest);
      setFormError(correctionSummary(Object.keys(rest).length));
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) {
      setFormError("Choose a ticket type.");
      return;
    }
    const { attributes, errors: found } = collectAttributes(chosen, values);
    setErrors(found);
    const count = Object.keys(found).length;
    if (count > 0) {
      setFormError(correctionSummary(count));
      return;
    }
    setFormError(null);
    // Rule 3: without a choice the server picks the only company, or none when there are several.
    create.mutate({
      ticket_type_id: chosen.id,
      ...(companyId === undefined ? {} : { company_id: companyId || null }),
      attributes,
    });
  }

  return (
    <div className="space">
      <BackButton label="All tickets" onClick={() => navigate({ space: "tickets" })} />
      <h2>Submit a ticket</h2>
      {types.isPending ? (
        <Loading what="the form" />
      ) : types.isError ? (
        <ErrorNotice error={types.error} retry={() => void types.refetch()} />
      ) : available.length === 0 ? (
        <p className="empty">There are no tickets you can submit here. Send us a message instead.</p>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          {formError ? (
            <p className="notice notice--error" role="alert">
              {formError}
            </p>
          ) : null}
          {available.length > 1 ? (
            <div className="field">
              <label htmlFor={`${idPrefix}-type`}>Ticket type</label>
              <select id={`${idPrefix}-type`} value={typeId} onChange={(e) => setTypeId(e.target.value)}>
                <option value="">Choose…</option>
                {available.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p>
              Ticket type: <strong>{available[0]!.name}</strong>
            </p>
          )}
          {companies.length > 1 ? (
            <div className="field">
              <label htmlFor={`${idPrefix}-company`}>Company</label>
              <select
                id={`${idPrefix}-company`}
                value={companyId ?? ""}
                onChange={(e) => setCompanyId(e.target.value)}
              >
                <option value="">No company</option>
                {companies.map((c) => (
                  <option key={c.id} value={c.id}>
                    {companyName(c)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {formFields(chosen).map((attribute) => (
            <FieldInput
              key={`${chosen!.id}-${attribute.id}`}
              attribute={attribute}
              id={`${idPrefix}-field-${attribute.id}`}
              value={values[attribute.name]}
              error={errors[attribute.name]}
              onChange={(value) => change(attribute.name, value)}
            />
          ))}
          <button type="submit" className="button" disabled={create.isPending || !chosen}>
            {create.isPending ? "Submitting…" : "Submit ticket"}
          </button>
        </form>
      )}
    </div>
  );
}
