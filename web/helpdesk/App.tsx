// The Help Desk shell: skip link, left navigation, the signed-in teammate, and the page for the URL.
import { useEffect, useRef } from "react";
import { Link, navigate, useLocation } from "../ui/navigation";
import { session } from "./api";
import { useTeammate } from "./session";
import { matchRoute, NAV } from "./routes";
import { ShortcutHelp, useGlobalShortcuts } from "./shortcuts";

const go = (href: string) => navigate(href);
import { useHelpDeskEvents } from "./useHelpDeskEvents";

function NotFoundPage() {
  return (
    <section>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is nothing at this address. <Link href="/app/inbox">Go to the inbox</Link>
      </p>
    </section>
  );
}

export function App({ onSignedOut }: { onSignedOut: () => void }) {
  const teammate = useTeammate();
  const location = useLocation();
  const found = matchRoute(location);
  useHelpDeskEvents();
  useGlobalShortcuts(go);

  const previousPath = useRef(location.pathname);
  useEffect(() => {
    if (previousPath.current === location.pathname) return;
    previousPath.current = location.pathname;
    document.querySelector<HTMLElement>("main h1")?.focus();
  }, [location.pathname]);

  useEffect(() => {
    document.title = `${found?.route.title ?? "Page not found"} · ${teammate.workspace.name}`;
  }, [found?.route.title, teammate.workspace.name]);

  async function signOut() {
    try {
      await session.signOut();
    } finally {
      onSignedOut();
      navigate("/app/inbox", { replace: true });
    }
  }

  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="layout__header">
        <p className="layout__workspace">{teammate.workspace.name}</p>
        <nav aria-label="Help Desk">
          <ul className="nav">
            {NAV.map((entry) => (
              <li key={entry.section}>
                <Link
                  href={entry.href}
                  className="nav__link"
                  aria-current={found?.route.section === entry.section ? "page" : undefined}
                >
                  {entry.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="layout__me">
          <span>{teammate.name ?? teammate.email}</span>
          <button type="button" className="button button--quiet" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="layout__main" tabIndex={-1}>
        {found ? found.route.render(found.match) : <NotFoundPage />}
      </main>
      <ShortcutHelp />
    </div>
  );
}
