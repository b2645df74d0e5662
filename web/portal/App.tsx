// The portal shell: header, main landmark, and the page for the current URL.
import { useEffect, useRef } from "react";
import { usePortal } from "./bootstrap";
import { rememberedListSearch } from "./listMemory";
import { Link, matchRoute, ticketListHref, useLocation } from "./router";
import { TicketListPage } from "./TicketListPage";
import { NewTicketPage } from "./NewTicketPage";
import { TicketPage } from "./TicketPage";

function NotFoundPage() {
  const { basePath } = usePortal();
  return (
    <div>
      <h1 className="page-title" tabIndex={-1}>
        Page not found
      </h1>
      <p>
        There is nothing at this address. <Link href={ticketListHref(basePath)}>See all tickets</Link>
      </p>
    </div>
  );
}

export function App() {
  const { basePath, workspace, viewer } = usePortal();
  const location = useLocation();
  const route = matchRoute(location.pathname, basePath);
  const viewerName = viewer.name?.trim() || viewer.email;

  // After moving to another page, put focus on its heading so keyboard and screen-reader users start
  // there; filter changes on the same page keep focus where it is.
  const previousPath = useRef(location.pathname);
  useEffect(() => {
    if (previousPath.current === location.pathname) return;
    previousPath.current = location.pathname;
    document.querySelector<HTMLElement>("main h1")?.focus();
  }, [location.pathname]);

  useEffect(() => {
    if (route.kind === "list") document.title = `Tickets · ${workspace.name}`;
    else if (route.kind === "new_ticket") document.title = `New ticket · ${workspace.name}`;
    else if (route.kind === "not_found") document.title = `Page not found · ${workspace.name}`;
  }, [route.kind, workspace.name]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="container site-header__inner">
          <Link className="site-header__brand" href={ticketListHref(basePath, rememberedListSearch())}>
            {workspace.name}
            <span className="sr-only"> tickets</span>
          </Link>
          {viewerName ? <p className="site-header__viewer">Signed in as {viewerName}</p> : null}
        </div>
      </header>
      <main id="main" className="container site-main" tabIndex={-1}>
        {route.kind === "list" ? (
          <TicketListPage search={location.search} />
        ) : route.kind === "new_ticket" ? (
          <NewTicketPage />
        ) : route.kind === "ticket" ? (
          <TicketPage key={route.ticketNumber} ticketNumber={route.ticketNumber} />
        ) : (
          <NotFoundPage />
        )}
      </main>
    </>
  );
}
