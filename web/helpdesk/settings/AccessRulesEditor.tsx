// The portal's access rules: conditions on the person or their company, a preview of whom they let in
// (counted by the server on the rules being edited), and saving them.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { errorMessage } from "../api";
import { SelectField } from "../bits";
import { StatusLine } from "./StatusLine";
import {
  type AccessCondition,
  type AccessPreview,
  type AccessRuleSet,
  admin,
  type PortalSettings,
} from "./settingsApi";
import { useSaveStatus } from "./useSaved";

const ATTRIBUTES = {
  person: { email: "E-mail", name: "Name", external_id: "User ID", role: "Type (user or lead)" },
  company: {
    name: "Name",
    plan: "Plan",
    size: "Size",
    industry: "Industry",
    website: "Website",
    monthly_spend: "Monthly spend",
  },
} as const;
const NUMERIC = new Set(["company.size", "company.monthly_spend"]);
const OPERATORS = {
  equals: "is",
  not_equals: "is not",
  contains: "contains",
  is_set: "is set",
  is_not_set: "is not set",
  greater_than: "is at least",
  less_than: "is at most",
} as const;

interface Row {
  target: "person" | "company";
  attribute: string;
  operator: keyof typeof OPERATORS;
  value: string;
}

const toRow = (c: AccessCondition): Row => ({
  target: c.target,
  attribute: c.attribute,
  operator: (c.operator in OPERATORS ? c.operator : "equals") as Row["operator"],
  value: c.value === undefined ? "" : String(c.value),
});

function toCondition(row: Row): AccessCondition {
  const base = { target: row.target, attribute: row.attribute, operator: row.operator };
  if (row.operator === "is_set" || row.operator === "is_not_set") return base;
  const numeric = NUMERIC.has(`${row.target}.${row.attribute}`);
  return { ...base, value: numeric && row.value.trim() !== "" ? Number(row.value) : row.value };
}

export function AccessRulesEditor({ saved }: { saved: AccessRuleSet }) {
  const queryClient = useQueryClient();
  const [match, setMatch] = useState(saved.match);
  const [rows, setRows] = useState<Row[]>(saved.conditions.map(toRow));
  const [preview, setPreview] = useState<{ result?: AccessPreview; error?: string; busy?: boolean }>({});
  const save = useSaveStatus();
  useEffect(() => {
    setMatch(saved.match);
    setRows(saved.conditions.map(toRow));
  }, [saved]);

  const rules = (): AccessRuleSet => ({ match, conditions: rows.map(toCondition) });
  const update = (index: number, change: Partial<Row>) =>
    setRows((current) => current.map((r, i) => (i === index ? { ...r, ...change } : r)));

  async function runPreview() {
    setPreview({ busy: true });
    try {
      const result = await admin.post<AccessPreview>("/settings/portal/access-rules/preview", {
        ...rules(),
        sample_size: 5,
      });
      setPreview({ result });
    } catch (error) {
      setPreview({ error: errorMessage(error) });
    }
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const updated = await save.run(
      () => admin.put<PortalSettings>("/settings/portal/access-rules", rules()),
      "Access rules saved.",
    );
    if (updated) queryClient.setQueryData(["settings", "portal"], updated);
  }

  return (
    <form className="form-grid" onSubmit={submit}>
      <div className="field">
        <label htmlFor="rules-match">People need to pass</label>
        <select
          id="rules-match"
          value={match}
          onChange={(e) => setMatch(e.target.value === "any" ? "any" : "all")}
        >
          <option value="all">all of the conditions</option>
          <option value="any">any one of the conditions</option>
        </select>
      </div>
      {rows.length === 0 && <p className="muted">No conditions: everyone signed in may open the portal.</p>}
      {rows.map((row, index) => {
        const n = index + 1;
        const noValue = row.operator === "is_set" || row.operator === "is_not_set";
        return (
          <fieldset key={index}>
            <legend>Condition {n}</legend>
            <div className="inline-actions">
              <div className="field">
                <label htmlFor={`rule-${n}-target`}>Of the</label>
                <select
                  id={`rule-${n}-target`}
                  value={row.target}
                  onChange={(e) => {
                    const target = e.target.value === "company" ? "company" : "person";
                    update(index, { target, attribute: Object.keys(ATTRIBUTES[target])[0]! });
                  }}
                >
                  <option value="person">person</option>
                  <option value="company">person's company</option>
                </select>
              </div>
              <SelectField
                id={`rule-${n}-attribute`}
                label="Attribute"
                value={row.attribute}
                options={ATTRIBUTES[row.target]}
                onChange={(attribute) => update(index, { attribute })}
              />
              <SelectField
                id={`rule-${n}-operator`}
                label="Test"
                value={row.operator}
                options={OPERATORS}
                onChange={(operator) => update(index, { operator: operator as Row["operator"] })}
              />
              {!noValue && (
                <div className="field">
                  <label htmlFor={`rule-${n}-value`}>Value</label>
                  <input
                    id={`rule-${n}-value`}
                    value={row.value}
                    inputMode={NUMERIC.has(`${row.target}.${row.attribute}`) ? "decimal" : undefined}
                    onChange={(e) => update(index, { value: e.target.value })}
                  />
                </div>
              )}
              <button
                type="button"
                className="button button--quiet"
                onClick={() => setRows((current) => current.filter((_, i) => i !== index))}
              >
                Remove condition {n}
              </button>
            </div>
          </fieldset>
        );
      })}
      <div className="inline-actions">
        <button
          type="button"
          className="button"
          disabled={rows.length >= 20}
          onClick={() =>
            setRows((current) => [
              ...current,
              { target: "person", attribute: "email", operator: "contains", value: "" },
            ])
          }
        >
          Add a condition
        </button>
        <button type="button" className="button" disabled={preview.busy} onClick={() => void runPreview()}>
          Preview who gets in
        </button>
        <button type="submit" className="button button--primary" disabled={save.status.kind === "busy"}>
          Save access rules
        </button>
      </div>
      <div aria-live="polite">
        {preview.busy && <p>Counting…</p>}
        {preview.error && <p className="notice notice--error">Could not preview: {preview.error}</p>}
        {preview.result && (
          <div className="notice">
            <p>
              These rules let in {preview.result.matching} of {preview.result.total}{" "}
              {preview.result.total === 1 ? "person" : "people"}.
            </p>
            {preview.result.sample.length > 0 && (
              <ul aria-label="Some of the people let in">
                {preview.result.sample.map((p) => (
                  <li key={p.id}>{p.name || p.email || p.id}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <StatusLine status={save.status} />
    </form>
  );
}
