// Icons drawn as inline SVG, so they look the same on every machine (emoji need a font many systems lack):
// the ticket types' icons, whatever the type stores (an emoji as Intercom does, or a name).
import type { ReactNode } from "react";

type IconName = "ticket" | "bug" | "question" | "card" | "pin";

const SHAPES: Record<IconName, ReactNode> = {
  ticket: (
    <>
      <path d="M4 6h16v4a2 2 0 0 0 0 4v4H4v-4a2 2 0 0 0 0-4z" />
      <path d="M14 7v2M14 11v2M14 15v2" />
    </>
  ),
  bug: (
    <>
      <path d="M12 8a4 4 0 0 1 4 4v3a4 4 0 0 1-8 0v-3a4 4 0 0 1 4-4z" />
      <path d="M9.5 8.6 8 6M14.5 8.6 16 6M12 12v7M4 13h4M16 13h4M5 19l3-2M19 19l-3-2M5 8l3 2M19 8l-3 2" />
    </>
  ),
  question: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.5 9.5a2.5 2.5 0 1 1 3.6 2.2c-.7.4-1.1 1-1.1 1.8v.3M12 17h.01" />
    </>
  ),
  card: (
    <>
      <rect x="3" y="6" width="18" height="12" rx="2" />
      <path d="M3 10h18M7 15h4" />
    </>
  ),
  pin: <path d="M12 21v-6M8 4h8l-1 5 3 3v3H6v-3l3-3z" />,
};

/** Emoji and names a ticket type may store, and the icon drawn for each; anything else is a ticket. */
const KNOWN: Record<string, IconName> = {
  "🐞": "bug",
  "🐛": "bug",
  "🪲": "bug",
  bug: "bug",
  "❓": "question",
  "❔": "question",
  question: "question",
  "💳": "card",
  "💰": "card",
  "🧾": "card",
  billing: "card",
  card: "card",
  "credit-card": "card",
  "📌": "pin",
  "📍": "pin",
  pin: "pin",
  tracker: "pin",
};

export function ticketTypeIconName(icon: string): IconName {
  const key = icon.trim().replace(/\uFE0F/g, "");
  return KNOWN[key] ?? KNOWN[key.toLowerCase()] ?? "ticket";
}

/** The ticket type's icon, decorative: the type's name always stands beside it. */
export function TicketTypeIcon({ icon, className }: { icon: string; className?: string }) {
  const name = ticketTypeIconName(icon);
  return (
    <svg
      className={className}
      data-icon={name}
      viewBox="0 0 24 24"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {SHAPES[name]}
    </svg>
  );
}
