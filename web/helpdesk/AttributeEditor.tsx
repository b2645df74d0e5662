// A ticket type's attributes as form inputs, each by its data type, for editing and for creating.
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useAnnounce } from "../ui/announcer";
import { api, errorMessage } from "./api";
import { useTicketWrite } from "./ticketWrite";
import type { Ticket, TicketTypeAttribute } from "./types";

export type AttributeValue = string | number | boolean | string[] | null;

function listOptions(attribute: TicketTypeAttribute): string[] {
  const options = attribute.input_options.list_options;
  if (!Array.isArray(options)) return [];
  return options.flatMap((o: unknown) =>
    typeof o === "object" && o !== null && typeof (o as { label?: unknown }).label === "string"
      ? [(o as { label: string }).label]
      : [],
  );
}

function toLocalInput(seconds: number): string {
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The attributes a teammate edits: not the default title/description (edited above), not archived. */
export function editableAttributes(attributes: TicketTypeAttribute[]): TicketTypeAttribute[] {
  return attributes.filter((a) => !a.default && !a.archived).sort((a, b) => a.order - b.order);
}

export function AttributeInput({
  attribute,
  value,
  onChange,
}: {
  attribute: TicketTypeAttribute;
  value: AttributeValue | undefined;
  onChange: (value: AttributeValue) => void;
}) {
  const id = useId();
  const hintId = useId();
  const label = `${attribute.name}${attribute.required_to_create ? " (required)" : ""}`;
  const described = attribute.description ? hintId : undefined;
  const hint = attribute.description ? (
    <span id={hintId} className="muted">
      {attribute.description}
    </span>
  ) : null;
  switch (attribute.data_type) {
    case "boolean":
      return (
        <div className="field">
          <label className="check">
            <input
              type="checkbox"
              aria-describedby={described}
              checked={value === true}
              onChange={(e) => onChange(e.target.checked)}
            />
            {label}
          </label>
          {hint}
        </div>
      );
    case "list":
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <select
            id={id}
            aria-describedby={described}
            value={typeof value === "string" ? value : ""}
            onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
          >
            <option value="">Not set</option>
            {listOptions(attribute).map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
          {hint}
        </div>
      );
    case "integer":
    case "decimal":
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            type="number"
            aria-describedby={described}
            step={attribute.data_type === "integer" ? 1 : "any"}
            value={typeof value === "number" ? value : ""}
            onChange={(e) => onChange(e.target.value === "" ? null : Number(e.target.value))}
          />
          {hint}
        </div>
      );
    case "datetime":
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            type="datetime-local"
            aria-describedby={described}
            value={typeof value === "number" ? toLocalInput(value) : ""}
            onChange={(e) =>
              onChange(e.target.value === "" ? null : Math.floor(new Date(e.target.value).getTime() / 1000))
            }
          />
          {hint}
        </div>
      );
    case "files":
      return (
        <div className="field">
          <label htmlFor={id}>{label} (one file address per line)</label>
          <textarea
            id={id}
            aria-describedby={described}
            value={Array.isArray(value) ? value.join("\n") : ""}
            onChange={(e) =>
              onChange(
                e.target.value
                  .split("\n")
                  .map((l) => l.trim())
                  .filter((l) => l !== ""),
              )
            }
          />
          {hint}
        </div>
      );
    case "string":
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          {attribute.input_options.multiline === true ? (
            <textarea
              id={id}
              aria-describedby={described}
              value={typeof value === "string" ? value : ""}
              onChange={(e) => onChange(e.target.value)}
            />
          ) : (
            <input
              id={id}
              aria-describedby={described}
              value={typeof value === "string" ? value : ""}
              onChange={(e) => onChange(e.target.value)}
            />
          )}
          {hint}
        </div>
      );
  }
}

/** The ticket's type attributes, saved together. */
export function AttributeEditor({ ticket }: { ticket: Ticket }) {
  const attributes = editableAttributes(ticket.ticket_type.ticket_type_attributes.data);
  const [draft, setDraft] = useState<Record<string, AttributeValue>>({});
  const [error, setError] = useState<string | null>(null);
  const announce = useAnnounce();
  const write = useTicketWrite(ticket.id);
  const headingId = useId();
  const save = useMutation({
    mutationFn: () => write(() => api.put<Ticket>(`/tickets/${ticket.id}`, { ticket_attributes: draft })),
    onSuccess: () => {
      setDraft({});
      setError(null);
      announce("Attributes saved.");
    },
    onError: (e) => setError(errorMessage(e)),
  });
  if (attributes.length === 0) return null;
  const valueOf = (a: TicketTypeAttribute): AttributeValue | undefined =>
    a.name in draft ? draft[a.name] : (ticket.ticket_attributes[a.name] as AttributeValue | undefined);
  const dirty = Object.keys(draft).length > 0;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{ticket.ticket_type.name} details</h2>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {attributes.map((attribute) => (
          <AttributeInput
            key={attribute.id}
            attribute={attribute}
            value={valueOf(attribute)}
            onChange={(value) => setDraft((d) => ({ ...d, [attribute.name]: value }))}
          />
        ))}
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={!dirty || save.isPending}>
          {save.isPending ? "Saving…" : "Save details"}
        </button>
      </form>
    </section>
  );
}
