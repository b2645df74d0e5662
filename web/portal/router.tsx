// A small client-side router: pushState/popstate navigation between the list and ticket pages.
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from "react";

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

function currentHref(): string {
  return window.location.href;
}

/** The current URL; re-renders on navigation and on back/forward. */
export function useLocation(): URL {
  const href = useSyncExternalStore(subscribe, currentHref);
  return new URL(href);
}

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const target = new URL(href, window.location.href);
  if (target.href === window.location.href) return;
  if (options.replace) window.history.replaceState(null, "", target.href);
  else window.history.pushState(null, "", target.href);
  for (const listener of listeners) listener();
}

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

function isPlainLeftClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** A real <a href> (so open-in-new-tab works) that navigates client-side on a plain click. */
export function Link({ href, onClick, target, ...rest }: LinkProps) {
  return (
    <a
      {...rest}
      href={href}
      target={target}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || !isPlainLeftClick(event) || (target && target !== "_self")) return;
        event.preventDefault();
        navigate(href);
        window.scrollTo(0, 0);
      }}
    />
  );
}
