// Small pieces the Help Desk's pages share: state badges, names of teammates and companies, notices.
import type { ReactNode } from "react";
import { Link } from "../ui/navigation";
import { ApiError, errorMessage } from "./api";
import { rememberedInboxHref } from "./inboxView";
import type { CompanySummary, StateCategory, Teammate, TicketState } from "./types";

export const STATE_CATEGORY_LABELS: Record<StateCategory, string> = {
  submitted: "Submitted",
  in_progress: "In progress",
  waiting_on_customer: "Waiting on customer",
  resolved: "Resolved",
};

export function StateBadge({ state }: { state: Pick<TicketState, "category" | "internal_label"> }) {
  return <span className={`state state--${state.category}`}>{state.internal_label}</span>;
}

export function teammateName(teammates: readonly Teammate[] | undefined, id: string | null): string {
  if (id === null || id === "0") return "Unassigned";
  const teammate = teammates?.find((t) => t.id === id);
  return teammate ? (teammate.name ?? teammate.email) : "A teammate";
}

export function companyName(company: Pick<CompanySummary, "name" | "company_id" | "id"> | null): string {
  if (!company) return "No company";
  return company.name ?? company.company_id ?? company.id;
}

export function ErrorNotice({ error, children }: { error: unknown; children?: ReactNode }) {
  return (
    <p className="notice notice--error" role="alert">
      {children ?? errorMessage(error)}
    </p>
  );
}

/** A form's or field's error in words, announced; nothing when there is none. */
export function ErrorText({ message, inline = false }: { message: string | null; inline?: boolean }) {
  if (!message) return null;
  const Tag = inline ? "span" : "p";
  return (
    <Tag className="error-text" role="alert">
      {message}
    </Tag>
  );
}

/** The button under a paged list that fetches the next page. */
export function MoreButton({
  list,
  label,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  label: string;
}) {
  if (!list.hasNextPage) return null;
  return (
    <button
      type="button"
      className="button"
      disabled={list.isFetchingNextPage}
      onClick={() => void list.fetchNextPage()}
    >
      {list.isFetchingNextPage ? "Loading more…" : label}
    </button>
  );
}

/** A labelled select whose options are a record of values and their labels (after `first`, if given). */
export function SelectField({
  id,
  label,
  value,
  options,
  onChange,
  first,
}: {
  id: string;
  label: string;
  value: string;
  options: Readonly<Record<string, string>>;
  onChange: (value: string) => void;
  /** An option before the record's, e.g. `<option value="">Any state</option>`. */
  first?: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {first}
        {Object.entries(options).map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A form's progress or failure in words (sign-in, accepting an invitation): an alert when it failed. */
export function FormProgress({ status }: { status: { kind: string; message: string } }) {
  return (
    <p
      role={status.kind === "error" ? "alert" : "status"}
      className={status.kind === "error" ? "error-text" : ""}
    >
      {status.message}
    </p>
  );
}

/** A ticket's or conversation's page when it could not be loaded: missing (404) or failed, and the way back. */
export function NotLoaded({ error, noun }: { error: unknown; noun: "ticket" | "conversation" }) {
  const missing = error instanceof ApiError && error.status === 404;
  const Noun = noun === "ticket" ? "Ticket" : "Conversation";
  return (
    <section>
      <h1 tabIndex={-1}>{missing ? `${Noun} not found` : `The ${noun} could not be loaded`}</h1>
      <ErrorNotice error={error}>
        {missing ? `There is no such ${noun} in this workspace.` : errorMessage(error)}
      </ErrorNotice>
      <p>
        <Link href={rememberedInboxHref()}>Back to the inbox</Link>
      </p>
    </section>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="muted">
      Loading {what}…
    </p>
  );
}
