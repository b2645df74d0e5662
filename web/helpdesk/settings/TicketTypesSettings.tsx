// Ticket types with their attributes, and the workspace's ticket states (internal and customer-facing
// labels, category, archive).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api";
import { SelectField, STATE_CATEGORY_LABELS, StateBadge } from "../bits";
import { QueryStatus } from "../directory/bits";
import type { StateCategory, TicketState, TicketType } from "../types";
import { StatusLine } from "./StatusLine";
import { admin } from "./settingsApi";
import { useSaveStatus } from "./useSaved";

const TYPES_KEY = ["ticket_types"] as const;
const STATES_KEY = ["ticket_states"] as const;
const DATA_TYPES = {
  string: "Text",
  integer: "Whole number",
  decimal: "Decimal number",
  boolean: "Yes / no",
  datetime: "Date and time",
} as const;

interface StateRow extends TicketState {
  archived: boolean;
  ticket_types: { data: Array<{ id: string; name: string }> };
}

export function TicketTypesSettings() {
  const types = useQuery({
    queryKey: TYPES_KEY,
    queryFn: ({ signal }) => api.get<{ data: TicketType[] }>("/ticket_types", signal),
  });
  return (
    <section aria-labelledby="types-title">
      <h1 id="types-title" tabIndex={-1}>
        Ticket types
      </h1>
      <NewTypeForm />
      {!types.data ? (
        <QueryStatus isPending={types.isPending} error={types.error} what="the ticket types" />
      ) : types.data.data.length === 0 ? (
        <p className="notice">There are no ticket types yet.</p>
      ) : (
        types.data.data.map((type) => <TypePanel key={type.id} type={type} />)
      )}
      <StatesPanel />
    </section>
  );
}

function NewTypeForm() {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [category, setCategory] = useState<"Customer" | "Back-office" | "Tracker">("Customer");
  const save = useSaveStatus();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const made = await save.run(
      () => api.post("/ticket_types", { name, category }),
      `Ticket type “${name}” made.`,
    );
    if (made) setName("");
    await queryClient.invalidateQueries({ queryKey: TYPES_KEY });
  }
  return (
    <form className="panel form-grid" onSubmit={submit}>
      <h2>New ticket type</h2>
      <div className="field">
        <label htmlFor="type-name">Name</label>
        <input
          id="type-name"
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="type-category">Category</label>
        <select
          id="type-category"
          value={category}
          onChange={(e) => setCategory(e.target.value as typeof category)}
        >
          <option value="Customer">Customer: raised by or for a customer, visible to them</option>
          <option value="Back-office">
            Back-office: internal work, shared with the customer only if chosen
          </option>
          <option value="Tracker">Tracker: groups many customer tickets about one problem</option>
        </select>
      </div>
      <div>
        <button type="submit" className="button button--primary" disabled={save.status.kind === "busy"}>
          Make ticket type
        </button>
      </div>
      <StatusLine status={save.status} />
    </form>
  );
}

function TypePanel({ type }: { type: TicketType }) {
  const queryClient = useQueryClient();
  const save = useSaveStatus();
  const [attrName, setAttrName] = useState("");
  const [dataType, setDataType] = useState<keyof typeof DATA_TYPES>("string");
  const [visible, setVisible] = useState(true);
  const refresh = () => queryClient.invalidateQueries({ queryKey: TYPES_KEY });
  const base = `/ticket_types/${encodeURIComponent(type.id)}`;

  async function addAttribute(event: FormEvent) {
    event.preventDefault();
    const made = await save.run(
      () =>
        api.post(`${base}/attributes`, {
          name: attrName,
          data_type: dataType,
          visible_to_contacts: visible,
          visible_on_create: true,
        }),
      `Attribute “${attrName}” added.`,
    );
    if (made) setAttrName("");
    await refresh();
  }

  async function setArchived(archived: boolean) {
    await save.run(
      () => api.put(base, { archived }),
      archived ? "Ticket type archived." : "Ticket type restored.",
    );
    await refresh();
  }

  async function archiveAttribute(id: string, name: string) {
    await save.run(
      () => api.put(`${base}/attributes/${encodeURIComponent(id)}`, { archived: true }),
      `Attribute “${name}” archived.`,
    );
    await refresh();
  }

  const attributes = type.ticket_type_attributes.data.filter((a) => !a.archived);
  const headingId = `type-${type.id}`;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {type.name} <span className="muted">· {type.category}</span>
        {type.archived && <span className="muted"> · archived</span>}
      </h2>
      <h3>Attributes</h3>
      <ul>
        {attributes.map((a) => (
          <li key={a.id} className="inline-actions">
            <span>
              {a.default ? (a.name === "_default_title_" ? "Title" : "Description") : a.name}{" "}
              <span className="muted">
                ({a.data_type}
                {a.visible_to_contacts ? ", customers see it" : ", teammates only"})
              </span>
            </span>
            {!a.default && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => void archiveAttribute(a.id, a.name)}
              >
                Archive {a.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="inline-actions" onSubmit={addAttribute} aria-label={`New attribute of ${type.name}`}>
        <div className="field">
          <label htmlFor={`${headingId}-attr-name`}>New attribute</label>
          <input
            id={`${headingId}-attr-name`}
            required
            maxLength={200}
            value={attrName}
            onChange={(e) => setAttrName(e.target.value)}
          />
        </div>
        <SelectField
          id={`${headingId}-attr-type`}
          label="Kind"
          value={dataType}
          options={DATA_TYPES}
          onChange={(value) => setDataType(value as keyof typeof DATA_TYPES)}
        />
        <label className="checkbox">
          <input type="checkbox" checked={visible} onChange={(e) => setVisible(e.target.checked)} />
          Customers see it
        </label>
        <button type="submit" className="button">
          Add attribute
        </button>
      </form>
      <h3>States</h3>
      <p>
        {type.ticket_states.data.map((s) => (
          <span key={s.id}>
            <StateBadge state={s} />{" "}
          </span>
        ))}
      </p>
      <button type="button" className="button button--quiet" onClick={() => void setArchived(!type.archived)}>
        {type.archived ? `Restore ${type.name}` : `Archive ${type.name}`}
      </button>
      <StatusLine status={save.status} />
    </section>
  );
}

function StatesPanel() {
  const queryClient = useQueryClient();
  const states = useQuery({
    queryKey: STATES_KEY,
    queryFn: ({ signal }) => api.get<{ data: StateRow[] }>("/ticket_states", signal),
  });
  const save = useSaveStatus();
  const [category, setCategory] = useState<StateCategory>("in_progress");
  const [internal, setInternal] = useState("");
  const [external, setExternal] = useState("");
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: STATES_KEY });
    await queryClient.invalidateQueries({ queryKey: TYPES_KEY });
  };

  async function create(event: FormEvent) {
    event.preventDefault();
    const made = await save.run(
      () =>
        admin.post("/ticket-states", {
          category,
          internal_label: internal,
          external_label: external.trim() || undefined,
        }),
      `State “${internal}” made.`,
    );
    if (made) {
      setInternal("");
      setExternal("");
    }
    await refresh();
  }

  async function relabel(state: StateRow) {
    const internalLabel = window.prompt("Label teammates see", state.internal_label);
    if (internalLabel === null) return;
    const externalLabel = window.prompt("Label customers see", state.external_label);
    if (externalLabel === null) return;
    await save.run(
      () =>
        admin.put(`/ticket-states/${encodeURIComponent(state.id)}`, {
          internal_label: internalLabel,
          external_label: externalLabel,
        }),
      "State relabelled.",
    );
    await refresh();
  }

  async function setArchived(state: StateRow, archived: boolean) {
    await save.run(
      () => admin.put(`/ticket-states/${encodeURIComponent(state.id)}`, { archived }),
      archived ? `“${state.internal_label}” archived.` : `“${state.internal_label}” restored.`,
    );
    await refresh();
  }

  return (
    <section className="panel" aria-labelledby="states-title">
      <h2 id="states-title">Ticket states</h2>
      {!states.data ? (
        <QueryStatus isPending={states.isPending} error={states.error} what="the ticket states" />
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="sr-only">Ticket states</caption>
            <thead>
              <tr>
                <th scope="col">Teammates see</th>
                <th scope="col">Customers see</th>
                <th scope="col">Category</th>
                <th scope="col">Used by</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {states.data.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.internal_label}
                    {s.archived && <span className="muted"> (archived)</span>}
                  </td>
                  <td>{s.external_label}</td>
                  <td>{STATE_CATEGORY_LABELS[s.category]}</td>
                  <td>{s.ticket_types.data.map((t) => t.name).join(", ") || "—"}</td>
                  <td>
                    <div className="inline-actions">
                      <button type="button" className="button button--quiet" onClick={() => void relabel(s)}>
                        Relabel {s.internal_label}
                      </button>
                      <button
                        type="button"
                        className="button button--quiet"
                        onClick={() => void setArchived(s, !s.archived)}
                      >
                        {s.archived ? `Restore ${s.internal_label}` : `Archive ${s.internal_label}`}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="form-grid" onSubmit={create}>
        <h3>New state</h3>
        <SelectField
          id="state-category"
          label="Category"
          value={category}
          options={STATE_CATEGORY_LABELS}
          onChange={(value) => setCategory(value as StateCategory)}
        />
        <div className="field">
          <label htmlFor="state-internal">Label teammates see</label>
          <input
            id="state-internal"
            required
            value={internal}
            onChange={(e) => setInternal(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="state-external">Label customers see (optional, the same when empty)</label>
          <input id="state-external" value={external} onChange={(e) => setExternal(e.target.value)} />
        </div>
        <div>
          <button type="submit" className="button button--primary" disabled={save.status.kind === "busy"}>
            Make state
          </button>
        </div>
      </form>
      <StatusLine status={save.status} />
    </section>
  );
}
