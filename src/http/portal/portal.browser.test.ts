// The Tickets portal in Chromium, on the workspace's custom domain, for a person in two companies.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seriousViolations } from "../../../test/axe.ts";
import { ARTIFACTS, chromiumAvailable, UNTIL } from "../../../test/browser.ts";
import { browserApp } from "../../../test/browserApp.ts";
import { testDialects } from "../../../test/dialects.ts";
import { buildCompany, buildContact, buildConversation, buildTicket } from "../../../test/factories.ts";
import { buildTwoCompanyWorld } from "../../../test/portalWorld.ts";
import { removeMembership } from "../../domain/companies/companyCommands.ts";
import { linkTicket } from "../../domain/tickets/ticketLinker.ts";
import { createTicketTypeAttribute, createTicketType } from "../../domain/tickets/ticketTypeCommands.ts";
import { updateTicket } from "../../domain/tickets/ticketUpdater.ts";

const runBrowser = chromiumAvailable();

for (const dialect of testDialects()) {
  describe.runIf(runBrowser)(`Tickets portal in Chromium (${dialect.name})`, () => {
    const web = browserApp(dialect);

    it("shows a two-company person their tickets, filters them, opens one, and follows changes live", async () => {
      const { db } = await dialect.db();
      const { workspace, host, portal: base } = await web.portalWorkspace("Acme Support");
      const { acme, pat, tickets, stateOf } = await buildTwoCompanyWorld(db, workspace, "Pat Jones");
      const acmeTicket = tickets.acme;

      const context = await web.portalContext(workspace, host, pat);
      const page = await context.newPage();
      await page.goto(`${base}/tickets`);

      const link = (name: string) => page.getByRole("link", { name, exact: true });
      await expect.poll(() => link("Acme export broken").count(), UNTIL).toBe(1);
      await expect.poll(() => link("Globex login loop").count(), UNTIL).toBe(1);
      await expect.poll(() => link("Refund review").count(), UNTIL).toBe(1);
      for (const hidden of ["Internal discount", "Known issue", "Initech printer"])
        expect(await link(hidden).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      if (dialect.name === "sqlite")
        await page.screenshot({ path: join(ARTIFACTS, "portal-list.png"), fullPage: true });

      // One state, then two.
      const stateFilter = page.getByRole("group", { name: "State" });
      await stateFilter.getByRole("checkbox", { name: "Resolved", exact: true }).check();
      await expect.poll(() => link("Acme export broken").count(), UNTIL).toBe(0);
      expect(await link("Globex login loop").count()).toBe(1);
      expect(page.url()).toContain("state=Resolved");
      await stateFilter.getByRole("checkbox", { name: "Submitted", exact: true }).check();
      await expect.poll(() => link("Acme export broken").count(), UNTIL).toBe(1);
      expect(await link("Globex login loop").count()).toBe(1);
      if (dialect.name === "sqlite")
        await page.screenshot({ path: join(ARTIFACTS, "portal-list-filtered.png"), fullPage: true });
      // The filter survives a reload.
      await page.reload();
      await expect
        .poll(() => stateFilter.getByRole("checkbox", { name: "Resolved", exact: true }).isChecked(), UNTIL)
        .toBe(true);

      // Open a ticket: its history is there, and an agent's change arrives without reload.
      await link("Acme export broken").click();
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent(), UNTIL)
        .toContain("Acme export broken");
      expect(await page.getByText(`#${acmeTicket.ticket_number}`).count()).toBeGreaterThan(0);
      expect(await seriousViolations(page)).toEqual([]);
      await updateTicket(
        db,
        workspace.id,
        acmeTicket.id,
        { stateId: stateOf("in_progress") },
        { type: "bot" },
      );
      await expect.poll(() => page.getByText("In progress").count(), UNTIL).toBeGreaterThan(0);
      if (dialect.name === "sqlite")
        await page.screenshot({ path: join(ARTIFACTS, "portal-ticket.png"), fullPage: true });

      // Pat leaves Acme: Acme's tickets disappear from the list, and their pages answer "no access".
      await page.goto(`${base}/tickets`);
      await expect.poll(() => link("Acme export broken").count(), UNTIL).toBe(1);
      await db
        .transaction()
        .execute((trx) => removeMembership(trx, workspace.id, { companyId: acme.id, contactId: pat.id }));
      await expect.poll(() => link("Acme export broken").count(), UNTIL).toBe(0);
      expect(await link("Globex login loop").count()).toBe(1);
      await page.goto(`${base}/tickets/${acmeTicket.ticket_number}`);
      await expect.poll(() => page.getByText("no longer have access").count(), UNTIL).toBeGreaterThan(0);

      // Readable on a phone: no sideways scrolling.
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(`${base}/tickets`);
      await expect.poll(() => link("Globex login loop").count(), UNTIL).toBe(1);
      expect(
        await page.evaluate(
          () =>
            (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
              .documentElement.scrollWidth,
        ),
      ).toBeLessThanOrEqual(375);
      if (dialect.name === "sqlite")
        await page.screenshot({ path: join(ARTIFACTS, "portal-list-phone.png"), fullPage: true });
      await context.close();
    });

    it("joins a ticket's conversation, replies, and creates a ticket through the New ticket form", async () => {
      const { db } = await dialect.db();
      const { workspace, host, portal: base } = await web.portalWorkspace("Acme Support");
      const acme = await buildCompany(db, workspace, "Acme");
      const globex = await buildCompany(db, workspace, "Globex");
      const pat = await buildContact(db, workspace, { companies: [acme, globex], name: "Pat Jones" });
      const colleague = await buildContact(db, workspace, { companies: [acme] });
      const [bug, question] = await db.transaction().execute(async (trx) => {
        const bugType = await createTicketType(trx, workspace.id, {
          category: "customer",
          name: "Bug report",
        });
        await createTicketTypeAttribute(trx, workspace.id, bugType.id, {
          name: "Browser",
          dataType: "list",
          inputOptions: { list_options: [{ label: "Chrome" }, { label: "Firefox" }] },
          requiredToCreateForContacts: true,
        });
        await createTicketTypeAttribute(trx, workspace.id, bugType.id, {
          name: "Happens every time",
          dataType: "boolean",
        });
        const questionType = await createTicketType(trx, workspace.id, {
          category: "customer",
          name: "Question",
        });
        return [bugType, questionType];
      });
      void question;
      const acmeTicket = await buildTicket(db, workspace, {
        type: bug,
        contacts: [colleague],
        title: "Acme export broken",
        attributes: { Browser: "Chrome" },
      });
      const conversation = await buildConversation(db, workspace, colleague);
      await db
        .transaction()
        .execute((trx) =>
          linkTicket(trx, workspace.id, acmeTicket.id, { type: "conversation", id: conversation.id }),
        );
      const context = await web.portalContext(workspace, host, pat);
      const page = await context.newPage();

      // Join the conversation behind the ticket, then reply.
      await page.goto(`${base}/tickets/${acmeTicket.ticket_number}`);
      await page.getByRole("button", { name: "Join conversation" }).click();
      await expect
        .poll(
          () =>
            page
              .getByText("You're in this conversation: write to the team in the Messenger.", { exact: true })
              .count(),
          UNTIL,
        )
        .toBe(1);
      // Joined, Pat reads the conversation's messages on the ticket: the colleague's, by name.
      const messages = page.getByRole("list", { name: "Messages in this conversation" });
      await messages.getByText("Hello, the export is broken").waitFor(UNTIL);
      expect(await messages.getByText("You", { exact: true }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Join conversation" }).count()).toBe(0);
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await expect
        .poll(() => page.getByRole("alert").filter({ hasText: "Write a reply" }).count(), UNTIL)
        .toBe(1);
      await page.getByRole("textbox", { name: "Your reply" }).fill("It fails on every export since Monday.");
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await expect
        .poll(() => page.getByText("It fails on every export since Monday.").count(), UNTIL)
        .toBe(1);
      await expect.poll(() => page.getByRole("textbox", { name: "Your reply" }).inputValue(), UNTIL).toBe("");
      if (dialect.name === "sqlite")
        await page.screenshot({ path: join(ARTIFACTS, "portal-ticket-replied.png"), fullPage: true });

      // Create a ticket: a type, its fields, a company, and similar tickets shown first.
      await page.goto(`${base}/tickets`);
      await page.getByRole("link", { name: "New ticket" }).click();
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent(), UNTIL)
        .toBe("New ticket");
      await page.getByRole("radio", { name: "Bug report" }).check();
      await expect.poll(() => page.getByRole("combobox", { name: "Browser" }).count(), UNTIL).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("combobox", { name: "Company" }).selectOption({ label: acme.name! });
      await page.getByRole("textbox", { name: "Title" }).fill("Export broken again");
      await page.getByRole("textbox", { name: "Description" }).fill("The CSV export stops halfway.");
      const similar = page.getByRole("region", { name: "Similar open tickets" });
      await expect
        .poll(() => similar.getByRole("link", { name: "Acme export broken" }).count(), UNTIL)
        .toBe(1);
      await page.getByRole("button", { name: "Create ticket" }).click();
      await expect.poll(() => page.getByText("Browser is required.").count(), UNTIL).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      if (dialect.name === "sqlite")
        await page.screenshot({ path: join(ARTIFACTS, "portal-new-ticket.png"), fullPage: true });
      await page.getByRole("combobox", { name: "Browser" }).selectOption("Firefox");
      await page.getByRole("checkbox", { name: "Happens every time" }).check();
      // A double submit (two submits before the page can react): the form's write carries one
      // Idempotency-Key, so one ticket comes of it.
      await page.locator("form.new-ticket-form").evaluate((form: { requestSubmit(): void }) => {
        form.requestSubmit();
        form.requestSubmit();
      });
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent(), UNTIL)
        .toBe("Export broken again");
      const made = await db
        .selectFrom("tickets")
        .select("id")
        .where("workspace_id", "=", workspace.id)
        .where("title", "=", "Export broken again")
        .execute();
      expect(made).toHaveLength(1);
      expect(page.url()).toMatch(/\/tickets\/\d+$/);
      expect(await page.getByText(acme.name!).count()).toBeGreaterThan(0);
      expect(await page.getByText("Firefox").count()).toBe(1);
      // Reload works on the new ticket's address and on the form's.
      await page.reload();
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent(), UNTIL)
        .toBe("Export broken again");
      await page.goto(`${base}/tickets/new`);
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent(), UNTIL)
        .toBe("New ticket");
      await context.close();
    });
  });
}
