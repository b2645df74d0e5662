// The read paths the benchmark loads, built from the dataset manifest: the portal list (1, 3 and 20
// companies; first and deep cursor pages; with and without a state filter), the portal ticket page,
// the Help Desk's searches exactly as its inbox sends them, and the REST search.
import http from "node:http";
import { portalCookieName } from "../src/http/helpcenter/helpCenter.routes.ts";
import { TEAMMATE_COOKIE } from "../src/http/helpdesk/session.routes.ts";
import { parseInboxState, ticketSearchQuery } from "../web/helpdesk/inboxView.ts";
import type { BenchManifest, ManifestViewer, ManifestWorkspace } from "./dataset/manifest.ts";
import type { LoadCase } from "./loadTest.ts";
import type { Budget } from "./report.ts";

export interface HttpCase {
  id: string;
  group: string;
  label: string;
  budget?: Budget;
  note?: string;
  load: LoadCase;
}

/** What a customer filters on: the open states (a label can stand for several states). */
export const OPEN_STATE_LABELS = ["Submitted", "In progress", "Awaiting your reply"];
const PORTAL_PAGE = 25;

const portalHeaders = (ws: ManifestWorkspace, viewer: ManifestViewer) => ({
  host: ws.host,
  cookie: `${portalCookieName(ws.id)}=${viewer.session}`,
});

function listPath(stateFilter: boolean, cursor?: string | null): string {
  const params = new URLSearchParams({ per_page: String(PORTAL_PAGE) });
  if (stateFilter) for (const label of OPEN_STATE_LABELS) params.append("state", label);
  if (cursor) params.set("cursor", cursor);
  return `/portal-api/tickets?${params.toString()}`;
}

/** A GET with node:http (fetch drops a Host header, and portal requests need the Help Center's host). */
function getJson<T>(port: number, path: string, headers: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        if (response.statusCode !== 200)
          reject(new Error(`GET ${path} answered ${response.statusCode}: ${body}`));
        else resolve(JSON.parse(body) as T);
      });
    });
    request.on("error", reject);
  });
}

/** Walks the viewer's list to the page about 80% of the way down; null when it has one page only. */
async function deepCursor(port: number, ws: ManifestWorkspace, viewer: ManifestViewer, stateFilter: boolean) {
  const cursors: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { next_cursor: string | null } = await getJson(
      port,
      listPath(stateFilter, cursor),
      portalHeaders(ws, viewer),
    );
    cursor = page.next_cursor;
    if (cursor) cursors.push(cursor);
  } while (cursor && cursors.length < 400);
  if (cursors.length === 0) return null;
  const index = Math.max(0, Math.ceil(cursors.length * 0.8) - 1);
  return { cursor: cursors[index]!, page: index + 2, pages: cursors.length + 1 };
}

const PORTAL_BUDGETS: Record<string, Budget> = {
  viewer1: { minRatio: 0.1, maxP99Ms: 20 },
  viewer3: { minRatio: 0.1, maxP99Ms: 20 },
  viewer20: { minRatio: 0.05, maxP99Ms: 40 },
};

export async function buildHttpCases(port: number, manifest: BenchManifest): Promise<HttpCase[]> {
  const main = manifest.workspaces.main!;
  const cases: HttpCase[] = [];

  for (const key of ["viewer1", "viewer3", "viewer20"] as const) {
    const viewer = main.viewers[key]!;
    const companies = viewer.companyIds.length;
    for (const stateFilter of [false, true]) {
      const filter = stateFilter ? "state filter" : "no filter";
      const budget = stateFilter ? PORTAL_BUDGETS[key] : undefined;
      cases.push({
        id: `portal.${key}.first.${stateFilter ? "state" : "all"}`,
        group: "Portal list (1M workspace)",
        label: `${companies} ${companies === 1 ? "company" : "companies"}, first page, ${filter}`,
        budget,
        load: { method: "GET", path: listPath(stateFilter), headers: portalHeaders(main, viewer) },
      });
      const deep = await deepCursor(port, main, viewer, stateFilter);
      cases.push({
        id: `portal.${key}.deep.${stateFilter ? "state" : "all"}`,
        group: "Portal list (1M workspace)",
        label: `${companies} ${companies === 1 ? "company" : "companies"}, deep page, ${filter}`,
        budget,
        note: deep ? `page ${deep.page} of ${deep.pages}` : "the list has one page: measured the first",
        load: {
          method: "GET",
          path: listPath(stateFilter, deep?.cursor),
          headers: portalHeaders(main, viewer),
        },
      });
    }
  }

  // Size of the workspace and of the viewer's history (each compared with its 1M counterpart).
  const tenk = manifest.workspaces.tenk!;
  for (const key of ["viewer1", "viewer3"] as const) {
    const viewer = tenk.viewers[key]!;
    cases.push({
      id: `portal.tenk.${key}.first.state`,
      group: "Portal list: workspace size and viewer history",
      label: `10k workspace, ${viewer.companyIds.length} ${viewer.companyIds.length === 1 ? "company" : "companies"}, state filter`,
      budget: PORTAL_BUDGETS[key],
      load: { method: "GET", path: listPath(true), headers: portalHeaders(tenk, viewer) },
    });
  }
  const participant = main.viewers.participant!;
  const oneCompany = manifest.workspaces.onecompany!;
  const heavy = oneCompany.viewers.participant!;
  for (const [ws, viewer, where] of [
    [main, participant, "1M workspace"],
    [oneCompany, heavy, `${oneCompany.tickets} tickets of one company`],
  ] as const) {
    for (const stateFilter of [false, true]) {
      cases.push({
        id: `portal.${ws.key}.participant.first.${stateFilter ? "state" : "all"}`,
        group: "Portal list: workspace size and viewer history",
        label: `${where}, takes part in ${viewer.participantTickets}, ${stateFilter ? "state filter" : "no filter"}`,
        budget: stateFilter ? PORTAL_BUDGETS.viewer1 : undefined,
        load: { method: "GET", path: listPath(stateFilter), headers: portalHeaders(ws, viewer) },
      });
    }
  }

  // The ticket page: the first page's tickets of the one-company viewer, in turn.
  const viewer1 = main.viewers.viewer1!;
  const firstPage: { tickets: Array<{ ticket_id: number }> } = await getJson(
    port,
    listPath(false),
    portalHeaders(main, viewer1),
  );
  cases.push({
    id: "portal.ticket",
    group: "Portal ticket page",
    label: "ticket page JSON (1 company)",
    budget: { minRatio: 0.1 },
    load: {
      method: "GET",
      path: `/portal-api/tickets/${firstPage.tickets[0]!.ticket_id}`,
      paths: firstPage.tickets.map((t) => `/portal-api/tickets/${t.ticket_id}`),
      headers: portalHeaders(main, viewer1),
    },
  });

  // The Help Desk inbox: the URL a teammate would have, turned into the body its page posts.
  const cookie = `${TEAMMATE_COOKIE}=${main.teammateSession}`;
  const me: { csrf_token: string } = await getJson(port, "/app/me", { cookie });
  const term = main.searchTerms.medium;
  const helpDesk = (search: string) => {
    const state = parseInboxState(search);
    return JSON.stringify({
      query: ticketSearchQuery(state, main.adminId),
      sort: { field: state.sort, order: state.order },
      pagination: { per_page: 25 },
    });
  };
  const helpDeskHeaders = { cookie, "x-csrf-token": me.csrf_token, origin: `http://127.0.0.1:${port}` };
  const inboxes: Array<[string, string, string]> = [
    [
      "company-state-text",
      "company + state + text",
      `?company=${main.busiestCompany.id}&state=in_progress&q=${term.term}`,
    ],
    ["state-text", "state + text, whole workspace", `?state=in_progress&q=${term.term}`],
    ["text", "text, whole workspace (all tickets)", `?view=all&q=${term.term}`],
    ["none", "no filter (all tickets)", "?view=all"],
  ];
  for (const [id, label, search] of inboxes) {
    cases.push({
      id: `helpdesk.${id}`,
      group: "Help Desk search (POST /app/api/tickets/search)",
      label,
      budget: { maxP99Ms: 50 },
      note: `inbox /app/inbox${search.replace(main.busiestCompany.id, "<busiest company>")}${search.includes("q=") ? ` ("${term.term}": ${term.tickets} tickets)` : ""}`,
      load: {
        method: "POST",
        path: "/app/api/tickets/search",
        headers: helpDeskHeaders,
        body: helpDesk(search),
      },
    });
  }

  const bearer = { authorization: `Bearer ${main.apiToken}` };
  cases.push(
    {
      id: "api.search.company",
      group: "REST API",
      label: "POST /api/tickets/search company_id (25 per page)",
      budget: { minRatio: 0.03 },
      note: `${main.busiestCompany.tickets} tickets match`,
      load: {
        method: "POST",
        path: "/api/tickets/search",
        headers: bearer,
        body: JSON.stringify({
          query: { field: "company_id", operator: "=", value: main.busiestCompany.id },
          pagination: { per_page: 25 },
        }),
      },
    },
    {
      id: "api.search.title",
      group: "REST API",
      label: `POST /api/tickets/search title ~ text (25 per page)`,
      budget: { minRatio: 0.03 },
      note: `"${term.term}"`,
      load: {
        method: "POST",
        path: "/api/tickets/search",
        headers: bearer,
        body: JSON.stringify({
          query: { field: "title", operator: "~", value: term.term },
          pagination: { per_page: 25 },
        }),
      },
    },
  );
  return cases;
}
