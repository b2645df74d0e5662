// The inbox's company filter: type part of a name to narrow the list, then pick the company.
import { useDeferredValue, useId, useState } from "react";
import { companyName } from "./bits";
import { useCompany, useCompanySuggestions } from "./queries";

export function CompanyFilter({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const [text, setText] = useState("");
  const deferred = useDeferredValue(text.trim());
  const suggestions = useCompanySuggestions(deferred);
  const selected = useCompany(value);
  const findId = useId();
  const selectId = useId();
  const options = suggestions.data ?? [];
  const selectedMissing = value !== null && !options.some((c) => c.id === value);

  return (
    <div className="company-filter">
      <div className="field">
        <label htmlFor={findId}>Find a company</label>
        <input
          id={findId}
          type="search"
          value={text}
          placeholder="Part of a name"
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={selectId}>Company</label>
        <select
          id={selectId}
          value={value ?? ""}
          onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
        >
          <option value="">Any company</option>
          {selectedMissing ? (
            <option value={value}>{selected.data ? companyName(selected.data) : "The chosen company"}</option>
          ) : null}
          {options.map((company) => (
            <option key={company.id} value={company.id}>
              {companyName(company)}
            </option>
          ))}
        </select>
        {suggestions.isError ? <span className="error-text">Companies could not be loaded.</span> : null}
      </div>
    </div>
  );
}
