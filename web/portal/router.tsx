// The portal's routes on top of the shared client-side navigation (web/ui/navigation).
export { Link, navigate, useLocation } from "../ui/navigation";

export type Route =
  | { kind: "list" }
  | { kind: "new_ticket" }
  | { kind: "ticket"; ticketNumber: number }
  | { kind: "not_found" };

export function matchRoute(pathname: string, basePath: string): Route {
  if (!pathname.startsWith(basePath)) return { kind: "not_found" };
  const rest = pathname.slice(basePath.length);
  if (/^\/tickets\/?$/.test(rest)) return { kind: "list" };
  if (/^\/tickets\/new\/?$/.test(rest)) return { kind: "new_ticket" };
  const match = /^\/tickets\/(\d{1,15})\/?$/.exec(rest);
  const ticketNumber = match?.[1] ? Number(match[1]) : NaN;
  if (Number.isSafeInteger(ticketNumber) && ticketNumber > 0) return { kind: "ticket", ticketNumber };
  return { kind: "not_found" };
}

export function ticketListHref(basePath: string, search = ""): string {
  return `${basePath}/tickets${search}`;
}

export function newTicketHref(basePath: string): string {
  return `${basePath}/tickets/new`;
}

export function ticketHref(basePath: string, ticketNumber: number): string {
  return `${basePath}/tickets/${ticketNumber}`;
}
