// The New ticket form at /tickets/new: a type, its fields, a company, and similar open tickets first.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useAnnounce } from "./announcer";
import { ApiError, createPortalTicket, errorMessage, fetchSimilarTickets, fetchTicketTypes } from "./api";
import { usePortal } from "./bootstrap";
import { applyTicketEvent, portalKeys } from "./queries";
import { Link, navigate, ticketHref, ticketListHref } from "./router";
import { companyName, StateBadge } from "./ticketBits";
import type { PortalTicketType, TicketTypeAttributeField } from "./types";

type FieldValue = string | boolean;
type Values = Record<string, FieldValue>;

const DEFAULT_TITLE = "_default_title_";
const DEFAULT_DESCRIPTION = "_default_description_";
const SIMILAR_DELAY_MS = 400;

function listOptions(attribute: TicketTypeAttributeField): string[] {
  const options = attribute.input_options.list_options;
  if (!Array.isArray(options)) return [];
  return options.flatMap((o: unknown) =>
    typeof o === "object" && o !== null && "label" in o && typeof o.label === "string" ? [o.label] : [],
  );
}

/** Files cannot be uploaded from the portal yet, so those fields are left out of the form. */
function formFields(type: PortalTicketType | undefined): TicketTypeAttributeField[] {
  return type ? type.attributes.filter((a) => a.data_type !== "files") : [];
}

function isEmpty(value: FieldValue | undefined): boolean {
  return value === undefined || value === false || (typeof value === "string" && value.trim() === "");
}

/** The value the API expects, or an error message a person can act on. */
function toApiValue(
  attribute: TicketTypeAttributeField,
  value: FieldValue,
): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (attribute.data_type) {
    case "boolean":
      return { ok: true, value: value === true };
    case "integer": {
      const n = Number(value);
      return Number.isSafeInteger(n)
        ? { ok: true, value: n }
        : { ok: false, message: "Enter a whole number." };
    }
    case "decimal": {
      const n = Number(value);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: "Enter a number." };
    }
    case "datetime": {
      const date = new Date(String(value));
      return Number.isNaN(date.getTime())
        ? { ok: false, message: "Enter a date and time." }
        : { ok: true, value: date.toISOString() };
    }
    case "string":
    case "list":
    case "files":
      return { ok: true, value: String(value) };
  }
}

function FieldInput({
  attribute,
  id,
  value,
  error,
  onChange,
}: {
  attribute: TicketTypeAttributeField;
  id: string;
  value: FieldValue | undefined;
  error: string | undefined;
  onChange: (value: FieldValue) => void;
}) {
  const required = attribute.required_to_create_for_contacts;
  // The default title and description carry descriptions meant for teammates; they need no hint here.
  const showHint =
    attribute.description !== "" &&
    attribute.name !== DEFAULT_TITLE &&
    attribute.name !== DEFAULT_DESCRIPTION;
  const hintId = showHint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    "aria-required": required || undefined,
  };
  const label = (
    <label htmlFor={id}>
      {attribute.label}
      {required ? (
        <span className="required-mark" aria-hidden="true">
          {" "}
          *
        </span>
      ) : null}
      {required ? <span className="sr-only"> (required)</span> : null}
    </label>
  );
  const text = typeof value === "string" ? value : "";
  let input;
  switch (attribute.data_type) {
    case "boolean":
      return (
        <div className="field field--checkbox">
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
          />
          {label}
          {hintId ? (
            <p id={hintId} className="muted field__hint">
              {attribute.description}
            </p>
          ) : null}
          {error ? (
            <p id={errorId} className="field__error">
              {error}
            </p>
          ) : null}
        </div>
      );
    case "list":
      input = (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose…</option>
          {listOptions(attribute).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
      break;
    case "integer":
    case "decimal":
      input = (
        <input
          {...common}
          type="number"
          step={attribute.data_type === "integer" ? 1 : "any"}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case "datetime":
      input = (
        <input {...common} type="datetime-local" value={text} onChange={(e) => onChange(e.target.value)} />
      );
      break;
    case "string":
    case "files":
      input =
        attribute.input_options.multiline === true ? (
          <textarea {...common} rows={5} value={text} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input {...common} type="text" value={text} onChange={(e) => onChange(e.target.value)} />
        );
      break;
  }
  return (
    <div className="field">
      {label}
      {hintId ? (
        <p id={hintId} className="muted field__hint">
          {attribute.description}
        </p>
      ) : null}
      {input}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

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
      const field = error instanceof ApiError ? fieldOfError(error) : undefined;
      if (field) setErrors({ [field]: error.message });
      setFormError(errorMessage(error));
    },
  });

  function fieldOfError(error: ApiError): string | undefined {
    // The server names a field by its label ("Title") or its name; both map back to the form field.
    const match = formFields(chosenType).find(
      (a) => error.message.startsWith(a.label) || error.message.startsWith(a.name),
    );
    return match?.name;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    if (!chosenType) {
      setErrors({});
      setFormError("Choose a ticket type.");
      return;
    }
    const found: Record<string, string> = {};
    const attributes: Record<string, unknown> = {};
    for (const attribute of formFields(chosenType)) {
      const value = values[attribute.name];
      if (isEmpty(value)) {
        if (attribute.required_to_create_for_contacts)
          found[attribute.name] = `${attribute.label} is required.`;
        continue;
      }
      const converted = toApiValue(attribute, value!);
      if (converted.ok) attributes[attribute.name] = converted.value;
      else found[attribute.name] = converted.message;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFormError(
        Object.keys(found).length === 1
          ? "Please correct 1 field."
          : `Please correct ${Object.keys(found).length} fields.`,
      );
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
                  <span aria-hidden="true">{type.icon}</span> {type.name}
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
            onChange={(value) => setValues((current) => ({ ...current, [attribute.name]: value }))}
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
