// The New ticket form at /tickets/new: a type, its fields, a company, and similar open tickets first.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useAnnounce } from "./announcer";
import { ApiError, createPortalTicket, errorMessage, fetchSimilarTickets, fetchTicketTypes } from "./api";
import { usePortal } from "./bootstrap";
import { applyTicketEvent, portalKeys } from "./queries";
import { Link, navigate, ticketHref, ticketListHref } from "./router";
import { companyName, StateBadge } from "./ticketBits";
import { TicketTypeIcon } from "../ui/icons";
import {
  DEFAULT_DESCRIPTION,
  DEFAULT_TITLE,
  FieldInput,
  formFields,
  collectAttributes,
  correctionSummary,
  errorsAfterChange,
  fieldOfError,
  type FieldValue,
  type Values,
} from "../ui/ticketFields";

const SIMILAR_DELAY_MS = 400;

/** The text typed so far, settled for a moment, for the similar-tickets search. */
function useDebounced(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delay);
    return () => window.clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

function SimilarTickets({ text, company }: { text: string; company: string | null }) {
  const { basePath } = usePortal();
  const settled = useDebounced(text.trim(), SIMILAR_DELAY_MS);
  const query = useQuery({
    queryKey: ["portal", "similar", company, settled],
    queryFn: ({ signal }) => fetchSimilarTickets(basePath, { company, text: settled }, signal),
    enabled: settled.length >= 3,
  });
  const tickets = query.data?.tickets ?? [];
  if (settled.length < 3 || tickets.length === 0) return null;
  return (
    <section className="panel similar-tickets" aria-labelledby="similar-heading" aria-live="polite">
      <h2 id="similar-heading">Similar open tickets</h2>
      <p className="muted">One of these may already be about your problem.</p>
      <ul>
        {tickets.map((row) => (
          <li key={row.ticket_id}>
            <Link href={ticketHref(basePath, row.ticket_id)}>{row.title.trim() || "Untitled ticket"}</Link>{" "}
            <span className="ticket-number">#{row.ticket_id}</span>{" "}
            <StateBadge state={row.state} srPrefix="State:" />
            {row.company ? <span className="muted"> · {companyName(row.company)}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function NewTicketPage() {
  const { basePath, csrfToken, companies } = usePortal();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const idPrefix = useId();
  const typesQuery = useQuery({
    queryKey: ["portal", "ticket-types"],
    queryFn: ({ signal }) => fetchTicketTypes(basePath, signal),
  });
  const types = typesQuery.data?.ticket_types ?? [];
  const [typeId, setTypeId] = useState<string | null>(null);
  const chosenType = types.find((t) => t.id === typeId) ?? (types.length === 1 ? types[0] : undefined);
  const [values, setValues] = useState<Values>({});
  // undefined: untouched, so rule 3 decides on the server; "" is "No company".
  const [companyChoice, setCompanyChoice] = useState<string | undefined>(undefined);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const onlyCompany = companies.length === 1 ? companies[0]!.id : "";
  const companyValue = companyChoice ?? onlyCompany;

  const create = useMutation({
    mutationFn: (input: Parameters<typeof createPortalTicket>[2]) =>
      createPortalTicket(basePath, csrfToken, input),
    onSuccess(ticket) {
      applyTicketEvent(queryClient, ticket, null);
      queryClient.setQueryData(portalKeys.ticket(ticket.ticket_id), ticket);
      announce(`Ticket #${ticket.ticket_id} was created.`);
      navigate(ticketHref(basePath, ticket.ticket_id));
    },
    onError(error) {
      const field = error instanceof ApiError ? fieldOfError(chosenType, error.message) : undefined;
      if (field) setErrors({ [field]: error.message });
      setFormError(errorMessage(error));
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

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    if (!chosenType) {
      setErrors({});
      setFormError("Choose a ticket type.");
      return;
    }
    const { attributes, errors: found } = collectAttributes(chosenType, values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFormError(correctionSummary(Object.keys(found).length));
      summaryRef.current?.focus();
      return;
    }
    setFormError(null);
    create.mutate({
      ticket_type_id: chosenType.id,
      ...(companyChoice === undefined ? {} : { company_id: companyChoice === "" ? null : companyChoice }),
      attributes,
    });
  }

  const fields = formFields(chosenType);
  const similarText = `${String(values[DEFAULT_TITLE] ?? "")} ${String(values[DEFAULT_DESCRIPTION] ?? "")}`;

  let content;
  if (typesQuery.isError) {
    content = (
      <div className="notice notice--error" role="alert">
        <p>{errorMessage(typesQuery.error)}</p>
        <button type="button" className="button" onClick={() => void typesQuery.refetch()}>
          Try again
        </button>
      </div>
    );
  } else if (typesQuery.isPending) {
    content = (
      <p className="status-message" aria-busy="true">
        Loading the form…
      </p>
    );
  } else if (types.length === 0) {
    content = <p>There are no ticket types you can create here. Contact the support team instead.</p>;
  } else {
    content = (
      <form className="new-ticket-form panel" onSubmit={submit} noValidate>
        <div
          ref={summaryRef}
          tabIndex={-1}
          role="alert"
          className={formError ? "notice notice--error" : undefined}
        >
          {formError}
        </div>
        {types.length > 1 ? (
          <fieldset className="field">
            <legend>Ticket type</legend>
            {types.map((type) => (
              <div key={type.id} className="field field--checkbox">
                <input
                  type="radio"
                  id={`${idPrefix}-type-${type.id}`}
                  name="ticket_type"
                  checked={chosenType?.id === type.id}
                  onChange={() => setTypeId(type.id)}
                />
                <label htmlFor={`${idPrefix}-type-${type.id}`}>
                  <TicketTypeIcon icon={type.icon} className="ticket-type__icon" /> {type.name}
                </label>
              </div>
            ))}
          </fieldset>
        ) : (
          <p>
            Ticket type: <strong>{types[0]!.name}</strong>
          </p>
        )}
        {companies.length > 0 ? (
          <div className="field">
            <label htmlFor={`${idPrefix}-company`}>Company</label>
            <select
              id={`${idPrefix}-company`}
              value={companyValue}
              onChange={(e) => setCompanyChoice(e.target.value)}
            >
              <option value="">No company</option>
              {companies.map((company) => (
                <option key={company.id} value={company.id}>
                  {companyName(company)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {fields.map((attribute) => (
          <FieldInput
            key={`${chosenType!.id}-${attribute.id}`}
            attribute={attribute}
            id={`${idPrefix}-field-${attribute.id}`}
            value={values[attribute.name]}
            error={errors[attribute.name]}
            onChange={(value) => change(attribute.name, value)}
          />
        ))}
        {fields.some((a) => a.required_to_create_for_contacts) ? (
          <p className="muted">
            Fields marked <span aria-hidden="true">*</span> are required.
          </p>
        ) : null}
        <SimilarTickets text={similarText} company={companyValue || null} />
        <div>
          <button type="submit" className="button" disabled={create.isPending || !chosenType}>
            {create.isPending ? "Creating…" : "Create ticket"}
          </button>
        </div>
      </form>
    );
  }

  return (
    <article className="new-ticket-page" aria-labelledby="new-ticket-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href={ticketListHref(basePath)}>
          <span aria-hidden="true">←</span>
          All tickets
        </Link>
      </nav>
      <h1 id="new-ticket-title" className="page-title" tabIndex={-1}>
        New ticket
      </h1>
      {content}
    </article>
  );
}
