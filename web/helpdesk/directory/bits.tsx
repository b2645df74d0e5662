// Small pieces the Companies, Contacts and Settings pages share: loading/error wording, dates, state badges.
import { type FormEvent, type ReactNode, useState } from "react";
import { Link, navigate } from "../../ui/navigation";
import { ApiError, errorMessage } from "../api";
import "./directory.css";

/** What a query shows while it has no data: loading, or its error in plain words. */
export function QueryStatus({
  isPending,
  error,
  what,
}: {
  isPending: boolean;
  error: unknown;
  what: string;
}): ReactNode {
  if (error) {
    return (
      <p className="notice notice--error" role="alert">
        Could not load {what}. {errorMessage(error)}
      </p>
    );
  }
  if (isPending) return <p role="status">Loading {what}…</p>;
  return null;
}

/** Unix seconds as a date a person reads. */
export function formatDate(seconds: number | null | undefined): string {
  if (!seconds) return "—";
  return new Date(seconds * 1000).toLocaleDateString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
  });
}

export const displayName = (record: { name: string | null; email?: string | null; id: string }) =>
  record.name || record.email || record.id;

/** A list page's search: the words go into `?q=` of `path`; "Clear search" shows while there are some. */
export function ListSearch({
  path,
  q,
  inputId,
  label,
}: {
  path: string;
  q: string;
  inputId: string;
  label: string;
}) {
  const [draft, setDraft] = useState(q);
  function submit(event: FormEvent) {
    event.preventDefault();
    const next = draft.trim();
    navigate(next ? `${path}?q=${encodeURIComponent(next)}` : path, { replace: true });
  }
  return (
    <form className="search-form" role="search" onSubmit={submit}>
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <input id={inputId} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
      </div>
      <button type="submit" className="button">
        Search
      </button>
      {q && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            setDraft("");
            navigate(path, { replace: true });
          }}
        >
          Clear search
        </button>
      )}
    </form>
  );
}

/** What a record's page shows while the record is not there: loading, its error, or "not found". */
export function RecordStatus({
  query,
  noun,
  what,
  missing,
  backHref,
  backLabel,
}: {
  query: { isPending: boolean; error: unknown };
  /** The page's heading while it loads, e.g. "Company". */
  noun: string;
  /** The record in a sentence, e.g. "the company". */
  what: string;
  /** Why there is nothing, e.g. "There is no such company in this workspace." */
  missing: string;
  backHref: string;
  backLabel: string;
}) {
  const notFound = query.error instanceof ApiError && query.error.isNotFound;
  return (
    <section>
      <h1 tabIndex={-1}>{notFound ? `${noun} not found` : noun}</h1>
      {notFound ? (
        <p className="notice">
          {missing} <Link href={backHref}>{backLabel}</Link>
        </p>
      ) : (
        <QueryStatus isPending={query.isPending} error={query.error} what={what} />
      )}
    </section>
  );
}
