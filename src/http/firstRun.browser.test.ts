// The first run in Chromium, by clicks from the start page as a newcomer would: Chromium finds *.localhost
// by itself; the portal as the demo person (tickets of both companies, SVG icons, the converted
// conversation kept); the Help Desk signed in (the Conversations inbox's Company filter and column, a
// Columns menu inside the window, a tracker that never mentions customers); the product's Messenger and
// its cookie signing the person in to the Help Center; a thread with two customers named for who reads it.
// No page answers 404 for anything (the favicon included). Screenshots at desktop and 390 px widths.
import { join } from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { seriousViolations } from "../../test/axe.ts";
import { ARTIFACTS, chromiumAvailable, UNTIL } from "../../test/browser.ts";
import { DESKTOP, PHONE } from "../../test/browserApp.ts";
import { testDialects } from "../../test/dialects.ts";
import { firstRunApp, watchFailures } from "../../test/firstRun.ts";
import { findWorkspaceById } from "../domain/workspaces/workspace.repository.ts";

const runBrowser = chromiumAvailable();
const SIZES = [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const;

const messenger = (page: Page): FrameLocator => page.frameLocator('iframe[title="Messenger"]');

for (const dialect of testDialects()) {
  describe.runIf(runBrowser)(`first run in Chromium (${dialect.name})`, () => {
    const { server, newContext, demoSlug } = firstRunApp(dialect);
    const shot = async (page: Page, name: string, size: string, fullPage = true) => {
      if (dialect.name === "sqlite")
        await page.screenshot({ path: join(ARTIFACTS, `first-run-${name}-${size}.png`), fullPage });
    };

    it("finds the start page on localhost and 127.0.0.1, and the demo's *.localhost hosts, with no host mapping", async () => {
      const { port, helpCenter, product } = await server();
      for (const [size, viewport] of SIZES) {
        const context = await newContext(viewport);
        const page = await context.newPage();
        const failures = watchFailures(page);
        for (const base of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
          await page.goto(`${base}/`);
          await page.getByRole("heading", { name: "Welcome to Portico" }).waitFor(UNTIL);
        }
        await page.getByRole("link", { name: "Open the portal as Pat Jones" }).waitFor(UNTIL);
        expect(await seriousViolations(page)).toEqual([]);
        await shot(page, "start-page", size);
        await page.goto(`${helpCenter}/`);
        await page.getByRole("heading", { name: "How can we help?" }).waitFor(UNTIL);
        await page.goto(`${product}/`);
        await page.getByRole("heading", { name: "Good morning, Pat" }).waitFor(UNTIL);
        expect(failures).toEqual([]);
        await context.close();
      }
      // Not a name of this demo: nobody's host.
      const context = await newContext();
      const page = await context.newPage();
      const answer = await page.goto(`http://help.not-${demoSlug}.localhost:${port}/`);
      expect(answer?.status()).toBe(404);
      await context.close();
    });

    it("takes a click from the start page to the portal as Pat, signed in by SSO, with tickets of both companies", async () => {
      const { helpCenter } = await server();
      for (const [size, viewport] of SIZES) {
        const context = await newContext(viewport);
        const page = await context.newPage();
        const failures = watchFailures(page);
        const { start } = await server();
        await page.goto(`${start}/`);
        await page.getByRole("link", { name: "Open the portal as Pat Jones" }).click();
        await page.waitForURL(`${helpCenter}/tickets`, UNTIL);
        const link = (name: string) => page.getByRole("link", { name, exact: true });
        await link("Annual plan for Globex").waitFor(UNTIL);
        await link("Refund for double charge").waitFor(UNTIL);
        const list = (await page.getByRole("main").textContent()) ?? "";
        expect(list).toContain("Acme Corp");
        expect(list).toContain("Globex");
        expect(list).not.toContain("Initech");
        // Ticket types carry drawn icons: no emoji to fall back to empty boxes.
        expect(await page.locator('main svg[data-icon="bug"]').count()).toBeGreaterThan(0);
        expect(list).not.toMatch(/\p{Extended_Pictographic}/u);
        expect(await seriousViolations(page)).toEqual([]);
        await shot(page, "portal-list", size);

        // The converted conversation: the customer's words are the description, every message is there.
        await link("Dashboard charts are empty").click();
        await page.getByRole("heading", { level: 1, name: "Dashboard charts are empty" }).waitFor(UNTIL);
        const description = page.getByRole("region", { name: "Description" });
        expect(await description.textContent()).toContain(
          "The dashboard charts are empty since this morning.",
        );
        const messages = page.getByRole("list", { name: "Messages in this conversation" });
        await messages.getByText("Same here at Acme").waitFor(UNTIL);
        const byAuthor = await messages
          .getByRole("listitem")
          .evaluateAll((items) =>
            items.map((item) => [
              item.querySelector("strong")?.textContent,
              item.querySelector(".history__body")?.textContent,
            ]),
          );
        expect(byAuthor).toEqual([
          ["You", "Hi! The dashboard charts are empty since this morning."],
          ["Dana Admin", "Thanks Pat, let me turn this into a ticket so you can follow it."],
          ["Jordan Lee", "Same here at Acme: the Usage page is blank too."],
          ["Dana Admin", "Thanks both, the fix is rolling out now."],
        ]);
        expect(await seriousViolations(page)).toEqual([]);
        await shot(page, "portal-ticket", size);

        // The New ticket form drops "Title is required." once there is a title.
        await page.goto(`${helpCenter}/tickets/new`);
        await page.getByRole("radio", { name: "Question" }).check();
        await page.getByRole("button", { name: "Create ticket" }).click();
        await page.getByText("Title is required.").waitFor(UNTIL);
        await page.getByRole("textbox", { name: /Title/ }).fill("Can we pay yearly?");
        await expect.poll(() => page.getByText("Title is required.").count(), UNTIL).toBe(0);
        expect(await page.getByText("Please correct 1 field.").count()).toBe(0);
        expect(failures).toEqual([]);
        await context.close();
      }
    });

    it("signs the demo admin in to the Help Desk from the start page, whose Conversations have a Company filter and column", async () => {
      const { start, demo } = await server();
      for (const [size, viewport] of SIZES) {
        const context = await newContext(viewport);
        const page = await context.newPage();
        const failures = watchFailures(page);
        await page.goto(`${start}/`);
        await page.getByRole("button", { name: "Sign in to the Help Desk" }).click();
        await page.waitForURL(`${start}/app/inbox`, UNTIL);
        await page.getByRole("heading", { name: "Inbox" }).waitFor(UNTIL);

        await page.getByRole("link", { name: "Conversations", exact: true }).click();
        const table = page.getByRole("table");
        await table.getByRole("columnheader", { name: "Company" }).waitFor(UNTIL);
        const row = (text: string) => table.getByRole("row").filter({ hasText: text });
        await row("Do you offer an annual plan?").waitFor(UNTIL);
        expect(await row("Do you offer an annual plan?").getByRole("cell").nth(1).textContent()).toBe(
          "Globex",
        );
        expect(await row("dashboard charts").getByRole("cell").nth(1).textContent()).toBe(
          "Acme Corp, Globex",
        );
        expect(await seriousViolations(page)).toEqual([]);
        await shot(page, "inbox-conversations", size);

        // The Company filter narrows the conversations to those its people take part in.
        if (!(await page.getByRole("combobox", { name: "Company" }).isVisible()))
          await page.getByText("Filters", { exact: true }).click();
        await page.getByRole("searchbox", { name: "Find a company" }).fill("Acme");
        await expect
          .poll(
            () => page.getByRole("combobox", { name: "Company" }).getByRole("option").allTextContents(),
            UNTIL,
          )
          .toContain("Acme Corp");
        await page.getByRole("combobox", { name: "Company" }).selectOption({ label: "Acme Corp" });
        await expect.poll(() => row("Do you offer an annual plan?").count(), UNTIL).toBe(0);
        expect(await row("dashboard charts").count()).toBe(1);
        expect(page.url()).toContain("company=");
        expect(page.url()).toContain("kind=conversations");
        expect(failures).toEqual([]);
        await context.close();
      }

      // The Columns menu stays inside a short window, every column still reachable.
      const context = await newContext({ width: 390, height: 560 });
      const page = await context.newPage();
      await page.goto(`${start}/`);
      await page.getByRole("button", { name: "Sign in to the Help Desk" }).click();
      await page.waitForURL(`${start}/app/inbox`, UNTIL);
      await page.getByRole("link", { name: "CSV export times out" }).waitFor(UNTIL);
      const columns = page.getByText("Columns", { exact: true });
      await columns.scrollIntoViewIfNeeded();
      await columns.click();
      const menu = page.getByRole("group", { name: "Columns shown" });
      await menu.waitFor(UNTIL);
      await expect
        .poll(async () => {
          const box = (await menu.boundingBox())!;
          return box.y + box.height <= 560 && box.x >= 0 && box.x + box.width <= 390;
        }, UNTIL)
        .toBe(true);
      const last = menu.getByRole("checkbox", { name: "Updated" });
      await last.scrollIntoViewIfNeeded();
      expect(await last.isVisible()).toBe(true);

      // A tracker's page never says what customers see: they never see it.
      const { db } = await dialect.db();
      const tracker = await db
        .selectFrom("tickets")
        .select("id")
        .where("workspace_id", "=", demo.workspace.id)
        .where("category", "=", "tracker")
        .executeTakeFirstOrThrow();
      await page.goto(`${start}/app/tickets/${tracker.id}`);
      await page.getByText("Trackers are never shown to customers.").waitFor(UNTIL);
      expect(await page.getByText("Customers see").count()).toBe(0);

      // The converted ticket keeps its conversation: description and every message, readable here.
      const converted = await db
        .selectFrom("tickets")
        .select("id")
        .where("workspace_id", "=", demo.workspace.id)
        .where("title", "=", "Dashboard charts are empty")
        .executeTakeFirstOrThrow();
      await page.setViewportSize(DESKTOP);
      await page.goto(`${start}/app/tickets/${converted.id}`);
      const panel = page.getByRole("region", { name: "Conversation" });
      await panel.getByText("Same here at Acme: the Usage page is blank too.").waitFor(UNTIL);
      expect(await panel.getByText("Jordan Lee").count()).toBe(1);
      expect(await panel.getByText("Pat Jones").count()).toBe(1);
      await shot(page, "helpdesk-converted-ticket", "desktop");
      await context.close();
    });

    it("boots the product's Messenger for Pat, whose cookie on the demo's domain signs Pat in to the Help Center", async () => {
      const { start, demo } = await server();
      for (const [size, viewport] of SIZES) {
        const context = await newContext(viewport);
        const page = await context.newPage();
        const failures = watchFailures(page);
        await page.goto(`${start}/`);
        await page.getByRole("link", { name: "Open the product" }).click();
        await page.getByRole("button", { name: /^Open the Messenger/ }).waitFor(UNTIL);
        await page
          .getByRole("navigation", { name: "Product" })
          .getByRole("link", { name: "Help Center" })
          .click();
        await page.getByText("Signed in as").waitFor(UNTIL);
        expect(await page.getByRole("banner").textContent()).toContain("Pat Jones");
        await page.getByRole("link", { name: "See your tickets" }).waitFor(UNTIL);
        await page.getByRole("link", { name: "Follow every ticket of your company" }).waitFor(UNTIL);
        expect(await seriousViolations(page)).toEqual([]);
        await shot(page, "helpcenter-home", size);
        await page.getByRole("link", { name: "Change your plan" }).click();
        await page.getByRole("heading", { level: 1, name: "Change your plan" }).waitFor(UNTIL);
        expect(failures).toEqual([]);
        await context.close();
      }
      const { db } = await dialect.db();
      expect((await findWorkspaceById(db, demo.workspace.id))!.cookie_forwarding_status).toBe("working");
    });

    it("names both customers and the teammate in a Messenger thread, You only for Pat's own words, and shows a reply's text in a ticket's history", async () => {
      const { product } = await server();
      for (const [size, viewport] of SIZES) {
        const context = await newContext(viewport);
        const page = await context.newPage();
        const failures = watchFailures(page);
        await page.goto(`${product}/`);
        await page.getByRole("button", { name: /^Open the Messenger/ }).click();
        const frame = messenger(page);
        await frame.getByRole("button", { name: "Messages" }).click();
        // The row of the dashboard conversation, named by its newest message.
        await frame.getByRole("button", { name: /the fix is rolling out now/ }).click();
        const log = frame.getByRole("log");
        await log.getByText("Same here at Acme").waitFor(UNTIL);
        const bubbles = await log
          .locator(".bubble")
          .evaluateAll((items) =>
            items.map((item) => [
              item.querySelector(".bubble__author")?.textContent,
              item.classList.contains("bubble--mine"),
            ]),
          );
        expect(bubbles).toEqual([
          ["You", true],
          ["Dana Admin", false],
          ["Jordan Lee", false],
          ["Dana Admin", false],
        ]);
        // The window floats over the page: what the viewport shows is what a person sees.
        await shot(page, "messenger-two-customers", size, false);

        // A ticket's history: who replied, and what they wrote.
        await frame.getByRole("button", { name: "Tickets" }).click();
        await frame.getByRole("button", { name: /SSO login loops/ }).click();
        const history = frame.getByRole("region", { name: "History" });
        await history.getByText("Dana Admin replied").waitFor(UNTIL);
        expect(await history.getByText("Which identity provider do you use?").count()).toBe(1);
        expect(failures).toEqual([]);
        await context.close();
      }
    });
  });
}
