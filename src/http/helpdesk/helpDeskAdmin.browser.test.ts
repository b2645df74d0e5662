// The Help Desk's Companies, Contacts and Settings pages in Chromium: a company profile's Tickets tab lists
// exactly that company's tickets (and its state filter and Conversations tab hold to it), the portal cannot
// be turned on while a prerequisite is missing and the page names it, and axe finds no serious problems.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seriousViolations } from "../../../test/axe.ts";
import { ARTIFACTS, chromiumAvailable, UNTIL } from "../../../test/browser.ts";
import { browserApp, DESKTOP, PHONE } from "../../../test/browserApp.ts";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildCompany,
  buildContact,
  buildConversation,
  buildIdentityWorkspace,
  buildTicket,
  buildTicketType,
  buildWorkspace,
  uniqueDomain,
} from "../../../test/factories.ts";
import { findWorkspaceById } from "../../domain/workspaces/workspace.repository.ts";
import { listStatesOfType } from "../../domain/tickets/ticketState.repository.ts";
import { updateTicket } from "../../domain/tickets/ticketUpdater.ts";
import type { MailMessage } from "../../identity/mailer.ts";

const runBrowser = chromiumAvailable();

for (const dialect of testDialects()) {
  describe.runIf(runBrowser)(`Help Desk companies and settings in Chromium (${dialect.name})`, () => {
    const sent: MailMessage[] = [];
    const web = browserApp(dialect, {}, { mailer: { send: async (m) => void sent.push(m) } });

    it("lists exactly the company's tickets on its profile, by state, and its members' conversations", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db, "Company Co");
      const acme = await buildCompany(db, workspace, "Acme");
      const globex = await buildCompany(db, workspace, "Globex");
      const pat = await buildContact(db, workspace, { companies: [acme], name: "Pat Acme", role: "manager" });
      const sam = await buildContact(db, workspace, { companies: [acme], name: "Sam Acme" });
      const gil = await buildContact(db, workspace, { companies: [globex], name: "Gil Globex" });
      const loner = await buildContact(db, workspace, { name: "Lou Nobody" });
      const type = await buildTicketType(db, workspace, "customer");
      await buildTicket(db, workspace, { type, contacts: [pat], title: "Acme export broken" });
      const invoice = await buildTicket(db, workspace, {
        type,
        contacts: [sam],
        title: "Acme invoice wrong",
      });
      await buildTicket(db, workspace, { type, contacts: [gil], title: "Globex login loop" });
      await buildTicket(db, workspace, { type, contacts: [loner], title: "Nobody's printer" });
      // Pat takes part, but the ticket is filed under no company: it is not the company's ticket.
      await buildTicket(db, workspace, {
        type,
        contacts: [pat],
        companyId: null,
        title: "Pat's own question",
      });
      const resolved = (await listStatesOfType(db, workspace.id, type.id)).find(
        (s) => s.category === "resolved",
      )!;
      await updateTicket(db, workspace.id, invoice.id, { stateId: resolved.id }, { type: "bot" });
      await buildConversation(db, workspace, sam);
      await buildConversation(db, workspace, gil);

      const context = await web.teammateContext(workspace, "agent");
      const page = await context.newPage();
      await page.goto(`${web.base}/app/companies`);
      await page.getByLabel("Search companies by name").fill("Acme");
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await page.getByRole("link", { name: acme.name!, exact: true }).click();
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), UNTIL).toBe(acme.name);

      const tickets = page.getByRole("tabpanel");
      const titles = () => tickets.getByRole("link").allTextContents();
      await expect
        .poll(async () => (await titles()).sort(), UNTIL)
        .toEqual(["Acme export broken", "Acme invoice wrong"]);
      const members = page.getByRole("table", { name: "Members of the company" });
      expect(await members.getByRole("row").count()).toBe(3);
      expect(await members.getByRole("row", { name: /Pat Acme/ }).textContent()).toContain("Manager");
      expect(await members.getByRole("row", { name: /Sam Acme/ }).textContent()).toContain("Member");
      await page.screenshot({
        path: join(ARTIFACTS, `helpdesk-company-profile-${dialect.name}.png`),
        fullPage: true,
      });
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByLabel("State").selectOption({ label: "Resolved" });
      await expect.poll(titles, UNTIL).toEqual(["Acme invoice wrong"]);
      expect(page.url()).toContain("state=resolved");
      await page.getByLabel("State").selectOption({ label: "Submitted" });
      await expect.poll(titles, UNTIL).toEqual(["Acme export broken"]);
      // A new ticket of the company shows up without a reload; another company's does not.
      await buildTicket(db, workspace, { type, contacts: [sam], title: "Acme new request" });
      await buildTicket(db, workspace, { type, contacts: [gil], title: "Globex new request" });
      await expect
        .poll(async () => (await titles()).sort(), UNTIL)
        .toEqual(["Acme export broken", "Acme new request"]);

      await page.setViewportSize(PHONE);
      await page.screenshot({
        path: join(ARTIFACTS, `helpdesk-company-profile-phone-${dialect.name}.png`),
        fullPage: true,
      });
      await page.setViewportSize(DESKTOP);

      await page.getByRole("tab", { name: "Conversations" }).click();
      await expect.poll(() => tickets.getByRole("link").count(), UNTIL).toBe(1);
      expect(await tickets.getByRole("link").textContent()).toContain("Hello, the export is broken");
      expect(await seriousViolations(page)).toEqual([]);

      // The contact's profile: their company and role, and their tickets (with or without a company).
      await page.getByRole("tab", { name: "Tickets" }).click();
      await page.getByRole("link", { name: "Pat Acme" }).click();
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), UNTIL).toBe("Pat Acme");
      await expect
        .poll(async () => (await page.getByRole("table").getByRole("link").allTextContents()).sort(), UNTIL)
        .toEqual(["Acme export broken", "Pat's own question"]);
      expect(await page.getByRole("listitem").filter({ hasText: acme.name! }).textContent()).toContain(
        "Manager",
      );
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    });

    it("refuses to turn the portal on while a prerequisite is missing, and names it", async () => {
      const { db } = await dialect.db();
      const { workspace } = await buildIdentityWorkspace(db, {
        helpCenterDomain: `help.${uniqueDomain()}`,
        helpCenterHttps: true,
        helpCenterLive: true,
      });
      const context = await web.teammateContext(workspace, "admin");
      const page = await context.newPage();
      await page.goto(`${web.base}/app/admin/portal`);
      const missing = "Identity verification must be enforced for the Messenger.";
      await expect
        .poll(() => page.getByRole("list", { name: "Unmet prerequisites" }).textContent(), UNTIL)
        .toContain(missing);
      await page.getByRole("button", { name: "Turn the portal on" }).click();
      await expect.poll(() => page.getByRole("alert").textContent(), UNTIL).toContain(missing);
      expect((await findWorkspaceById(db, workspace.id))!.portal_enabled).toBe(0);
      await page.screenshot({
        path: join(ARTIFACTS, `helpdesk-settings-portal-${dialect.name}.png`),
        fullPage: true,
      });
      expect(await seriousViolations(page)).toEqual([]);

      // Once identity verification is enforced (on the Messenger page), the same button turns it on.
      await page.getByRole("link", { name: "Go to Messenger identity verification" }).click();
      await page.getByRole("button", { name: "Enforce identity verification" }).click();
      await expect
        .poll(() => page.getByRole("status").allTextContents(), UNTIL)
        .toContain("Identity verification is now enforced.");
      await page
        .getByRole("navigation", { name: "Settings" })
        .getByRole("link", { name: "Tickets portal" })
        .click();
      await page.getByRole("button", { name: "Turn the portal on" }).click();
      await expect
        .poll(() => page.getByRole("button", { name: "Turn the portal off" }).count(), UNTIL)
        .toBe(1);
      expect((await findWorkspaceById(db, workspace.id))!.portal_enabled).toBe(1);
      await context.close();
    });

    it("names every unmet prerequisite in the refusal, not only the first", async () => {
      const { db } = await dialect.db();
      const { workspace } = await buildIdentityWorkspace(db);
      const context = await web.teammateContext(workspace, "admin");
      const page = await context.newPage();
      await page.goto(`${web.base}/app/admin/portal`);
      await page.getByRole("button", { name: "Turn the portal on" }).click();
      const reasons = page.getByRole("alert").getByRole("list", { name: "Why the portal was not turned on" });
      await expect.poll(() => reasons.getByRole("listitem").count(), UNTIL).toBe(3);
      expect(await reasons.getByRole("listitem").allTextContents()).toEqual([
        "The Help Center needs a custom domain (for example help.example.com).",
        "The Help Center must be live.",
        "Identity verification must be enforced for the Messenger.",
      ]);
      expect((await findWorkspaceById(db, workspace.id))!.portal_enabled).toBe(0);
      await context.close();
    });

    it("invites a teammate who sets a password through the e-mailed link, and keeps the last admin", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db, "Team Co");
      const context = await web.teammateContext(workspace, "admin");
      const page = await context.newPage();
      await page.goto(`${web.base}/app/admin/teammates`);
      const table = page.getByRole("table", { name: "Teammates" });
      await expect.poll(() => table.getByRole("row").count(), UNTIL).toBe(2);

      // The only admin cannot make themself an agent: the page says why and nothing changes.
      await table.getByRole("combobox").first().selectOption({ label: "Agent" });
      await expect.poll(() => page.getByRole("alert").textContent(), UNTIL).toContain("at least one admin");

      const email = `invitee-${Math.random().toString(36).slice(2, 10)}@example.com`;
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Name (optional)").fill("Ivy Invitee");
      await page.getByLabel("Role", { exact: true }).selectOption({ label: "Agent: answers customers" });
      await page.getByRole("button", { name: "Send invitation" }).click();
      await expect
        .poll(() => page.getByRole("button", { name: `Withdraw invitation to ${email}` }).count(), UNTIL)
        .toBe(1);
      const mail = sent.find((m) => m.to === email);
      const link = /https?:\/\/\S+\/app\/invite#\S+/.exec(mail?.text ?? "")?.[0];
      expect(link).toBeDefined();

      const invitee = await web.newContext(PHONE);
      const invitePage = await invitee.newPage();
      await invitePage.goto(`${web.base}${new URL(link!).pathname}${new URL(link!).hash}`);
      await invitePage.getByLabel(/Choose a password/).fill("a long enough password");
      await invitePage.getByRole("button", { name: "Create my account" }).click();
      await invitePage.getByRole("button", { name: "Go to sign in" }).click();
      await invitePage.getByLabel("E-mail").fill(email);
      await invitePage.getByLabel("Password").fill("a long enough password");
      await invitePage.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => invitePage.getByText("Ivy Invitee").count(), UNTIL).toBeGreaterThan(0);
      // An agent is told the settings belong to admins.
      await invitePage.goto(`${web.base}/app/admin/teammates`);
      await expect.poll(() => invitePage.getByText("Only admins can see").count(), UNTIL).toBe(1);
      await invitee.close();

      await page.reload();
      await expect.poll(() => table.getByRole("row").count(), UNTIL).toBe(3);
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    });

    it("has no serious or critical axe violations on any settings page", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db, "Settings Co");
      await buildTicketType(db, workspace, "customer");
      const context = await web.teammateContext(workspace, "admin");
      const page = await context.newPage();
      const pages = [
        ["help-center", "Help Center"],
        ["messenger", "Messenger install"],
        ["portal", "Tickets portal"],
        ["ticket-types", "Ticket types"],
        ["teammates", "Teammates"],
        ["api-tokens", "API tokens"],
      ] as const;
      for (const [path, title] of pages) {
        await page.goto(`${web.base}/app/admin/${path}`);
        await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), UNTIL).toBe(title);
        // Wait for the data, not only the heading: a loading line is not what we check.
        await expect.poll(() => page.getByText(/^Loading/).count(), UNTIL).toBe(0);
        await page.screenshot({
          path: join(ARTIFACTS, `helpdesk-settings-${path}-${dialect.name}.png`),
          fullPage: true,
        });
        expect(await seriousViolations(page), path).toEqual([]);
      }
      await context.close();
    });
  });
}
