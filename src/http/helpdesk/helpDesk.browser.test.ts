// The Help Desk in Chromium: signing in, the inbox's company filter and Company column, the ticket
// page's company choices, a state change reaching a portal viewer live, converting a conversation.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seriousViolations } from "../../../test/axe.ts";
import { ARTIFACTS, chromiumAvailable, UNTIL } from "../../../test/browser.ts";
import { browserApp } from "../../../test/browserApp.ts";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildCompany,
  buildContact,
  buildConversation,
  buildTeammate,
  buildTicket,
  buildTicketType,
  buildWorkspace,
} from "../../../test/factories.ts";
import {
  findTicket,
  findTicketByLinkedConversation,
  listTicketLinks,
} from "../../domain/tickets/ticket.repository.ts";
import { linkTicket } from "../../domain/tickets/ticketLinker.ts";
import { listStatesOfType } from "../../domain/tickets/ticketState.repository.ts";

const runBrowser = chromiumAvailable();

for (const dialect of testDialects()) {
  describe.runIf(runBrowser)(`Help Desk in Chromium (${dialect.name})`, () => {
    const web = browserApp(dialect);

    it("signs in, filters the inbox by company, and adds the Company column", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db, "Inbox Co");
      const teammate = await buildTeammate(db, workspace, {
        role: "agent",
        password: "correct horse battery",
      });
      const acme = await buildCompany(db, workspace, "Acme");
      const globex = await buildCompany(db, workspace, "Globex");
      const acmePerson = await buildContact(db, workspace, { companies: [acme] });
      const globexPerson = await buildContact(db, workspace, { companies: [globex] });
      const type = await buildTicketType(db, workspace, "customer");
      await buildTicket(db, workspace, { type, contacts: [acmePerson], title: "Acme export broken" });
      await buildTicket(db, workspace, { type, contacts: [acmePerson], title: "Acme invoice wrong" });
      await buildTicket(db, workspace, { type, contacts: [globexPerson], title: "Globex login loop" });

      const context = await web.newContext();
      const page = await context.newPage();
      await page.goto(`${web.base}/app/inbox`);
      await page.getByLabel("E-mail").fill(teammate.email);
      await page.getByLabel("Password").fill("correct horse battery");
      await page.getByRole("button", { name: "Sign in" }).click();

      const link = (name: string) => page.getByRole("link", { name, exact: true });
      await expect.poll(() => link("Globex login loop").count(), UNTIL).toBe(1);
      expect(await link("Acme export broken").count()).toBe(1);

      await page.getByText("Filters", { exact: true }).click();
      await page.getByLabel("Find a company").fill("Acme");
      await expect
        .poll(
          () =>
            page.getByRole("combobox", { name: "Company", exact: true }).locator("option").allTextContents(),
          UNTIL,
        )
        .toContain(acme.name);
      await page.getByRole("combobox", { name: "Company", exact: true }).selectOption({ label: acme.name! });
      await expect.poll(() => link("Globex login loop").count(), UNTIL).toBe(0);
      expect(await link("Acme export broken").count()).toBe(1);
      expect(await link("Acme invoice wrong").count()).toBe(1);
      expect(page.url()).toContain(`company=${acme.id}`);

      await page.getByText("Columns", { exact: true }).click();
      await page.getByRole("checkbox", { name: "Company" }).check();
      await expect.poll(() => page.getByRole("columnheader", { name: "Company" }).count(), UNTIL).toBe(1);
      await expect.poll(() => page.getByRole("cell", { name: acme.name! }).count(), UNTIL).toBe(2);
      expect(page.url()).toMatch(/columns=[^&]*company/);
      await page.getByText("Columns", { exact: true }).click();

      // The view lives in the URL: a reload shows the same filter and columns.
      await page.reload();
      await expect.poll(() => page.getByRole("columnheader", { name: "Company" }).count(), UNTIL).toBe(1);
      await expect.poll(() => link("Acme export broken").count(), UNTIL).toBe(1);
      expect(await link("Globex login loop").count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      if (dialect.name === "sqlite")
        await page.screenshot({ path: join(ARTIFACTS, "helpdesk-inbox-company-column.png"), fullPage: true });

      // Live: a new Acme ticket appears without a reload.
      await buildTicket(db, workspace, { type, contacts: [acmePerson], title: "Acme report missing" });
      await expect.poll(() => link("Acme report missing").count(), UNTIL).toBe(1);

      // Keyboard: j moves to the first row, Enter opens it, n starts a note.
      await page.locator("body").click({ position: { x: 5, y: 5 } });
      await page.keyboard.press("j");
      await page.keyboard.press("Enter");
      await expect.poll(() => page.url(), UNTIL).toContain("/app/tickets/");
      await expect.poll(() => page.getByLabel("State").count(), UNTIL).toBe(1);
      await page.keyboard.press("?");
      await expect
        .poll(() => page.getByRole("dialog", { name: "Keyboard shortcuts" }).count(), UNTIL)
        .toBe(1);
      await page.keyboard.press("Escape");
      await expect
        .poll(() => page.getByRole("dialog", { name: "Keyboard shortcuts" }).count(), UNTIL)
        .toBe(0);
      await page.keyboard.press("n");
      await expect
        .poll(
          () =>
            page.evaluate(
              () =>
                (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
                  .activeElement?.id ?? "",
            ),
          UNTIL,
        )
        .not.toBe("");
      expect(await page.getByLabel("Note (only teammates see it)").count()).toBe(1);
      await context.close();
    });

    it("preselects the single company choice and leaves No company when there are several", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db, "Choices Co");
      const acme = await buildCompany(db, workspace, "Acme");
      const globex = await buildCompany(db, workspace, "Globex");
      const oneCompany = await buildContact(db, workspace, { companies: [acme], name: "Olive One" });
      const twoCompanies = await buildContact(db, workspace, { companies: [acme, globex], name: "Tess Two" });
      const type = await buildTicketType(db, workspace, "customer");
      const single = await buildTicket(db, workspace, {
        type,
        contacts: [oneCompany],
        title: "Single company",
      });
      const several = await buildTicket(db, workspace, {
        type,
        contacts: [twoCompanies],
        title: "Two companies",
      });

      const context = await web.teammateContext(workspace);
      const page = await context.newPage();
      const company = page.getByRole("combobox", { name: "Company", exact: true });
      const selectedText = () =>
        company.evaluate(
          (el) =>
            (el as unknown as { selectedOptions: Array<{ text: string }> }).selectedOptions[0]?.text ?? "",
        );

      await page.goto(`${web.base}/app/tickets/${single.id}`);
      await expect.poll(selectedText, UNTIL).toBe(acme.name);
      await expect
        .poll(() => company.locator("option").allTextContents(), UNTIL)
        .toEqual(["No company", acme.name]);
      expect(await seriousViolations(page)).toEqual([]);
      if (dialect.name === "sqlite")
        await page.screenshot({ path: join(ARTIFACTS, "helpdesk-ticket.png"), fullPage: true });

      // "No company" can be chosen even with one candidate.
      await company.selectOption({ label: "No company" });
      await expect
        .poll(async () => (await findTicket(db, workspace.id, single.id))!.company_id, UNTIL)
        .toBeNull();

      await page.goto(`${web.base}/app/tickets/${several.id}`);
      await expect
        .poll(() => company.locator("option").allTextContents(), UNTIL)
        .toEqual(["No company", ...[acme.name, globex.name].sort((a, b) => a!.localeCompare(b!))]);
      expect(await selectedText()).toBe("No company");
      await company.selectOption({ label: globex.name! });
      await expect
        .poll(async () => (await findTicket(db, workspace.id, several.id))!.company_id, UNTIL)
        .toBe(globex.id);
      await context.close();
    });

    it("changes a ticket's state and a connected portal viewer's page follows", async () => {
      const { db } = await dialect.db();
      const { workspace, host, portal: portalBase } = await web.portalWorkspace("Live Co");
      const acme = await buildCompany(db, workspace, "Acme");
      const pat = await buildContact(db, workspace, { companies: [acme], name: "Pat Jones" });
      const type = await buildTicketType(db, workspace, "customer");
      const ticket = await buildTicket(db, workspace, { type, contacts: [pat], title: "Export broken" });
      const resolved = (await listStatesOfType(db, workspace.id, type.id)).find(
        (s) => s.category === "resolved",
      )!;

      const portalContext = await web.portalContext(workspace, host, pat, { width: 1024, height: 800 });
      const portal = await portalContext.newPage();
      await portal.goto(`${portalBase}/tickets/${ticket.ticket_number}`);
      await expect
        .poll(() => portal.getByRole("heading", { level: 1 }).textContent(), UNTIL)
        .toContain("Export broken");
      expect(await portal.getByText(resolved.external_label).count()).toBe(0);

      const context = await web.teammateContext(workspace);
      const page = await context.newPage();
      await page.goto(`${web.base}/app/tickets/${ticket.id}`);
      const stateSelect = page.getByRole("combobox", { name: "State", exact: true });
      await expect.poll(() => stateSelect.count(), UNTIL).toBe(1);
      await stateSelect.selectOption(resolved.id);
      await expect
        .poll(async () => (await findTicket(db, workspace.id, ticket.id))!.ticket_state_id, UNTIL)
        .toBe(resolved.id);
      await expect.poll(() => portal.getByText(resolved.external_label).count(), UNTIL).toBeGreaterThan(0);
      // The Help Desk's own page shows the internal label and the history entry by this teammate.
      await expect.poll(() => page.getByText("changed the state").count(), UNTIL).toBeGreaterThan(0);
      await portalContext.close();
      await context.close();
    });

    it("creates a ticket for a customer with their one company preselected", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db, "Create Co");
      const type = await buildTicketType(db, workspace, "customer");
      const acme = await buildCompany(db, workspace, "Acme");
      const customer = await buildContact(db, workspace, { companies: [acme], name: "Cora Customer" });

      const context = await web.teammateContext(workspace);
      const page = await context.newPage();
      await page.goto(`${web.base}/app/inbox`);
      await page.getByRole("link", { name: "New ticket" }).click();
      await page.getByLabel("Ticket type").selectOption({ label: `${type.name} (Customer)` });
      await page.getByLabel("Customer's e-mail").fill(customer.email!);
      const company = page.getByRole("combobox", { name: "Company", exact: true });
      await expect
        .poll(
          () =>
            company.evaluate(
              (el) =>
                (el as unknown as { selectedOptions: Array<{ text: string }> }).selectedOptions[0]?.text ??
                "",
            ),
          UNTIL,
        )
        .toBe(acme.name);
      await page.getByLabel("Title").fill("Cannot download invoices");
      await page.getByLabel("Description").fill("Since this morning.");
      await page.getByRole("button", { name: "Create ticket" }).click();
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent(), UNTIL)
        .toContain("Cannot download invoices");
      const ticketId = page.url().split("/app/tickets/")[1]!;
      const ticket = (await findTicket(db, workspace.id, ticketId))!;
      expect(ticket.company_id).toBe(acme.id);
      expect(ticket.ticket_type_id).toBe(type.id);
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    });

    it("offers to move a tracker's linked customer tickets when its state changes", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db, "Tracker Co");
      const customerType = await buildTicketType(db, workspace, "customer");
      const trackerType = await buildTicketType(db, workspace, "tracker");
      const report = await buildTicket(db, workspace, { type: customerType, title: "Export slow for us" });
      const tracker = await buildTicket(db, workspace, {
        type: trackerType,
        title: "Export service degraded",
      });
      await db
        .transaction()
        .execute((trx) => linkTicket(trx, workspace.id, tracker.id, { type: "ticket", id: report.id }));
      const trackerResolved = (await listStatesOfType(db, workspace.id, trackerType.id)).find(
        (s) => s.category === "resolved",
      )!;

      const context = await web.teammateContext(workspace);
      const page = await context.newPage();
      await page.goto(`${web.base}/app/tickets/${tracker.id}`);
      await expect.poll(() => page.getByRole("link", { name: /Export slow for us/ }).count(), UNTIL).toBe(1);
      await page.getByRole("combobox", { name: "State", exact: true }).selectOption(trackerResolved.id);
      await expect
        .poll(() => page.getByText("This tracker has 1 linked customer ticket").count(), UNTIL)
        .toBe(1);
      await page.getByRole("button", { name: "Move linked tickets" }).click();
      await expect
        .poll(async () => {
          const moved = (await findTicket(db, workspace.id, report.id))!;
          return (await listStatesOfType(db, workspace.id, customerType.id)).find(
            (s) => s.id === moved.ticket_state_id,
          )?.category;
        }, UNTIL)
        .toBe("resolved");

      // A tracker gathers conversations too: found by words of their first message.
      const conversation = await buildConversation(db, workspace);
      await page.getByRole("searchbox", { name: "Link a conversation" }).fill("export is broken");
      await page.getByRole("button", { name: "Link “Hello, the export is broken”" }).click();
      await expect
        .poll(
          async () => (await listTicketLinks(db, workspace.id, tracker.id)).map((l) => l.linked_id),
          UNTIL,
        )
        .toContain(conversation.id);
      await expect
        .poll(
          () => page.getByRole("link", { name: "Conversation: Hello, the export is broken" }).count(),
          UNTIL,
        )
        .toBe(1);
      await context.close();
    });

    it("replies and adds notes on a ticket and a conversation, a tracker only takes notes, and a conversation links to a ticket", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db, "Reply Co");
      const customerType = await buildTicketType(db, workspace, "customer");
      const trackerType = await buildTicketType(db, workspace, "tracker");
      const contact = await buildContact(db, workspace, { name: "Robin Reader" });
      const ticket = await buildTicket(db, workspace, {
        type: customerType,
        contacts: [contact],
        title: "Invoices arrive twice",
      });
      const tracker = await buildTicket(db, workspace, { type: trackerType, title: "Mail relay slow" });
      const conversation = await buildConversation(db, workspace, contact);

      const context = await web.teammateContext(workspace);
      const page = await context.newPage();
      await page.goto(`${web.base}/app/tickets/${ticket.id}`);
      const send = page.getByRole("button", { name: "Send reply" });
      await expect.poll(() => send.count(), UNTIL).toBe(1);
      await send.click();
      await expect
        .poll(() => page.getByRole("alert").allTextContents(), UNTIL)
        .toContain("Write something first.");
      await page.getByLabel("Reply (the customer sees it)").fill("We are looking into the double invoices.");
      await send.click();
      await expect
        .poll(() => page.getByText("We are looking into the double invoices.").count(), UNTIL)
        .toBe(1);
      // The composer empties once the reply is through; only then is it ready for the next message.
      await expect.poll(() => page.getByLabel("Reply (the customer sees it)").inputValue(), UNTIL).toBe("");
      await page.getByRole("radio", { name: "Internal note" }).check();
      await page.getByLabel("Note (only teammates see it)").fill("Billing runs the job twice.");
      await page.getByRole("button", { name: "Add note" }).click();
      await expect.poll(() => page.getByText("Billing runs the job twice.").count(), UNTIL).toBe(1);
      await expect
        .poll(() => page.locator(".history__item--note").allTextContents(), UNTIL)
        .toEqual([expect.stringContaining("Billing runs the job twice.")]);

      await page.goto(`${web.base}/app/tickets/${tracker.id}`);
      await expect.poll(() => page.getByRole("button", { name: "Add note" }).count(), UNTIL).toBe(1);
      expect(await page.getByRole("radio", { name: "Public reply" }).isDisabled()).toBe(true);
      expect(await page.getByRole("radio", { name: "Internal note" }).isChecked()).toBe(true);

      await page.goto(`${web.base}/app/conversations/${conversation.id}`);
      await page.getByLabel("Reply (the customer sees it)").fill("Thanks, we are on it.");
      await page.getByRole("button", { name: "Send reply" }).click();
      await expect.poll(() => page.getByText("Thanks, we are on it.").count(), UNTIL).toBe(1);
      await page.getByRole("searchbox", { name: "Find a ticket" }).fill("invoices");
      const link = page.getByRole("button", { name: /^Link to #\d+ Invoices arrive twice \(Customer\)$/ });
      await expect.poll(() => link.count(), UNTIL).toBe(1);
      await link.click();
      await expect
        .poll(
          async () => (await findTicketByLinkedConversation(db, workspace.id, conversation.id))?.id,
          UNTIL,
        )
        .toBe(ticket.id);
      await expect
        .poll(() => page.getByRole("searchbox", { name: "Find a ticket" }).inputValue(), UNTIL)
        .toBe("");
      await context.close();
    });

    it("converts a conversation into a customer ticket", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db, "Convert Co");
      const type = await buildTicketType(db, workspace, "customer");
      await buildTicketType(db, workspace, "tracker");
      const contact = await buildContact(db, workspace, { name: "Casey Customer" });
      const conversation = await buildConversation(db, workspace, contact);

      const context = await web.teammateContext(workspace);
      const page = await context.newPage();
      await page.goto(`${web.base}/app/conversations/${conversation.id}`);
      const typeSelect = page.getByLabel("Ticket type");
      await expect
        .poll(() => typeSelect.locator("option").allTextContents(), UNTIL)
        .toEqual(["Choose a customer ticket type", type.name]);
      expect(await seriousViolations(page)).toEqual([]);
      if (dialect.name === "sqlite")
        await page.screenshot({ path: join(ARTIFACTS, "helpdesk-conversation.png"), fullPage: true });
      await typeSelect.selectOption({ label: type.name });
      await page.getByRole("button", { name: "Convert to ticket" }).click();
      await expect.poll(() => page.url(), UNTIL).toContain("/app/tickets/");
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent(), UNTIL)
        .toContain("Hello, the export is broken");
      const ticket = await findTicketByLinkedConversation(db, workspace.id, conversation.id);
      expect(ticket?.ticket_type_id).toBe(type.id);
      expect(page.url()).toContain(ticket!.id);

      // The session ends (signed out elsewhere): the next request shows the sign-in page, saying why.
      await context.clearCookies();
      await page.getByRole("navigation", { name: "Help Desk" }).getByRole("link", { name: "Inbox" }).click();
      await expect.poll(() => page.getByText("Your session ended").count(), UNTIL).toBe(1);
      expect(await page.getByRole("button", { name: "Sign in" }).count()).toBe(1);
      await context.close();
    });
  });
}
