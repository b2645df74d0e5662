// Client-side navigation shared by the browser apps: pushState/popstate, the current URL as React
// state, and a real <a href> that navigates without a reload.
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
