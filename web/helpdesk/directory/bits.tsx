// Small pieces the Companies, Contacts and Settings pages share: loading/error wording, dates, state badges.
import type { ReactNode } from "react";
import { errorMessage } from "../api";
import type { StateCategory } from "../types";
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

export const STATE_CATEGORY_NAMES: Record<StateCategory, string> = {
  submitted: "Submitted",
  in_progress: "In progress",
  waiting_on_customer: "Waiting on customer",
  resolved: "Resolved",
};

export function StateBadge({ category, label }: { category: StateCategory; label: string }) {
  return <span className={`state state--${category}`}>{label}</span>;
}

export const displayName = (record: { name: string | null; email?: string | null; id: string }) =>
  record.name || record.email || record.id;
