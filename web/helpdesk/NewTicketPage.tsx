// Creating a ticket on behalf of a customer: type, the customer (by e-mail; a new one is created),
// the company (rule 3: one candidate preselected, several wait for a pick), title, description, details.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useDeferredValue, useId, useState } from "react";
import { useAnnounce } from "../ui/announcer";
import { Link, navigate } from "../ui/navigation";
import { api, errorMessage } from "./api";
import { AttributeInput, type AttributeValue, editableAttributes } from "./AttributeEditor";
import { companyName, Loading } from "./bits";
import { rememberedInboxHref } from "./inboxView";
import { useTicketTypes } from "./queries";
import type { Company, Contact, Ticket } from "./types";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The companies of the customer with this e-mail, when they are known. */
function useCustomerCompanies(email: string) {
  return useQuery({
    queryKey: ["customer-companies", email],
    enabled: EMAIL.test(email),
    queryFn: async () => {
      const found = await api.post<{ data: Contact[] }>("/contacts/search", {
        query: { field: "email", operator: "=", value: email },
        pagination: { per_page: 1 },
      });
      const contact = found.data[0];
      if (!contact) return { known: false, companies: [] as Company[] };
      const companies = await Promise.all(
        contact.companies.data.map((c) => api.get<Company>(`/companies/${encodeURIComponent(c.id)}`)),
      );
      return { known: true, companies };
    },
  });
}

export function NewTicketPage({ search }: { search: string }) {
  const types = useTicketTypes();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const initialType = new URLSearchParams(search).get("type") ?? "";
  const [typeId, setTypeId] = useState(initialType);
  const [email, setEmail] = useState("");
  const deferredEmail = useDeferredValue(email.trim().toLowerCase());
  const [companyChoice, setCompanyChoice] = useState<{ touched: boolean; value: string }>({
    touched: false,
    value: "",
  });
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [values, setValues] = useState<Record<string, AttributeValue>>({});
  const [error, setError] = useState<string | null>(null);
  const ids = {
    type: useId(),
    email: useId(),
    company: useId(),
    companyHint: useId(),
    title: useId(),
    description: useId(),
  };
  const customer = useCustomerCompanies(deferredEmail);
  const available = (types.data ?? []).filter((t) => !t.archived);
  const type = available.find((t) => t.id === typeId);
  const candidates = customer.data?.companies ?? [];
  // Rule 3 as the form shows it: exactly one candidate is preselected; several leave "No company".
  const companyValue = companyChoice.touched
    ? companyChoice.value
    : candidates.length === 1
      ? candidates[0]!.id
      : "";

  const create = useMutation({
    mutationFn: () =>
      api.post<Ticket>("/tickets", {
        ticket_type_id: typeId,
        contacts: email.trim() ? [{ email: email.trim() }] : [],
        ...(companyChoice.touched
          ? { company_id: companyChoice.value === "" ? null : companyChoice.value }
          : {}),
        ticket_attributes: { ...values, _default_title_: title, _default_description_: description },
      }),
    onSuccess: (ticket) => {
      void queryClient.invalidateQueries({ queryKey: ["tickets"] });
      announce(`Ticket #${ticket.ticket_id} created.`);
      navigate(`/app/tickets/${ticket.id}`);
    },
    onError: (e) => setError(errorMessage(e)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!typeId) return setError("Choose a ticket type.");
    if (type?.category === "Customer" && !email.trim())
      return setError("A customer ticket needs the customer's e-mail.");
    if (!title.trim()) return setError("Give the ticket a title.");
    setError(null);
    create.mutate();
  }

  const companyHint = !EMAIL.test(deferredEmail)
    ? "Enter the customer's e-mail to see their companies."
    : customer.isPending
      ? "Looking up the customer…"
      : !customer.data?.known
        ? "A new customer: they belong to no company yet."
        : candidates.length === 0
          ? "The customer belongs to no company."
          : candidates.length === 1
            ? "The customer's one company."
            : `The customer belongs to ${candidates.length} companies: pick the one this ticket is about.`;

  return (
    <section className="new-ticket">
      <p className="breadcrumb">
        <Link href={rememberedInboxHref()}>Inbox</Link> <span aria-hidden="true">›</span> New ticket
      </p>
      <h1 tabIndex={-1}>New ticket</h1>
      {types.isPending ? <Loading what="ticket types" /> : null}
      <form className="panel form-narrow" onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.type}>Ticket type</label>
          <select id={ids.type} value={typeId} onChange={(e) => setTypeId(e.target.value)}>
            <option value="">Choose a type</option>
            {available.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.category})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.email}>
            Customer's e-mail{type && type.category !== "Customer" ? " (optional)" : ""}
          </label>
          <input
            id={ids.email}
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.company}>Company</label>
          <select
            id={ids.company}
            aria-describedby={ids.companyHint}
            value={companyValue}
            onChange={(e) => setCompanyChoice({ touched: true, value: e.target.value })}
          >
            <option value="">No company</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {companyName(c)}
              </option>
            ))}
          </select>
          <span id={ids.companyHint} className="muted">
            {companyHint}
          </span>
        </div>
        <div className="field">
          <label htmlFor={ids.title}>Title</label>
          <input id={ids.title} required value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.description}>Description</label>
          <textarea
            id={ids.description}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        {type
          ? editableAttributes(type.ticket_type_attributes.data)
              .filter((a) => a.required_to_create || a.visible_on_create)
              .map((attribute) => (
                <AttributeInput
                  key={attribute.id}
                  attribute={attribute}
                  value={values[attribute.name]}
                  onChange={(value) => setValues((v) => ({ ...v, [attribute.name]: value }))}
                />
              ))
          : null}
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create ticket"}
        </button>
      </form>
    </section>
  );
}
