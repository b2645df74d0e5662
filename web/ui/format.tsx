// Dates for people, shared by the browser apps: relative "Updated 3 hours ago" with the absolute date at hand, ticking once a minute.
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";

const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

export function toDate(unixSeconds: number): Date {
  return new Date(unixSeconds * 1000);
}

export function formatAbsolute(unixSeconds: number): string {
  return absoluteFormat.format(toDate(unixSeconds));
}

export function toIso(unixSeconds: number): string {
  const date = toDate(unixSeconds);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function formatRelative(unixSeconds: number, nowMs: number): string {
  const diffSeconds = unixSeconds - nowMs / 1000;
  if (Math.abs(diffSeconds) < 60) return "just now";
  for (const [unit, seconds] of UNITS) {
    if (Math.abs(diffSeconds) >= seconds)
      return relativeFormat.format(Math.round(diffSeconds / seconds), unit);
  }
  return "just now";
}

const NowContext = createContext<number>(Date.now());

/** One shared clock so relative times stay right without a timer per row. */
export function NowProvider({ children }: { children: ReactNode }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return <NowContext.Provider value={now}>{children}</NowContext.Provider>;
}

export function RelativeTime({ at, prefix }: { at: number; prefix?: string }) {
  const now = useContext(NowContext);
  const relative = formatRelative(at, now);
  return (
    <time dateTime={toIso(at)} title={formatAbsolute(at)}>
      {prefix ? `${prefix} ${relative}` : relative}
    </time>
  );
}

export function AbsoluteTime({ at }: { at: number }) {
  return <time dateTime={toIso(at)}>{formatAbsolute(at)}</time>;
}
