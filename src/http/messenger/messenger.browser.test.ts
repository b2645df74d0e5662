// The Messenger in Chromium on a customer's product (app.<zone>) and on the Help Center (help.<zone>):
// boot with a valid hash, a conversation carried live both ways with the launcher's unread badge, the
// tickets space kept live, the banner to the portal where the person is already signed in, a forged
// hash showing nothing, and the portal's "Send us a message" opening the ticket's conversation here.
import { join } from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { seriousViolations } from "../../../test/axe.ts";
import { ARTIFACTS, chromiumAvailable, UNTIL } from "../../../test/browser.ts";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildCompany,
  buildContact,
  buildConversation,
  buildTeammate,
  buildTicket,
  buildTicketType,
} from "../../../test/factories.ts";
import { userHashOf } from "../../../test/identity.ts";
import { productSite } from "../../../test/productSite.ts";
import type { Db } from "../../db/database.ts";
import { addMembership } from "../../domain/companies/companyCommands.ts";
import { createArticle, createCollection } from "../../domain/helpcenter/articleCommands.ts";
import { findContactByExternalId } from "../../domain/contacts/contact.repository.ts";
import { firstStateOfCategory } from "../../domain/tickets/ticketState.repository.ts";
import { linkTicket } from "../../domain/tickets/ticketLinker.ts";

/** The REST API as the workspace's server calls it (the app listens on 127.0.0.1). */
async function api(port: number, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${port}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const messenger = (page: Page): FrameLocator => page.frameLocator('iframe[title="Messenger"]');
const launcherLabel = (page: Page) =>
  page.locator("[data-portico-messenger]").locator("button.launcher").getAttribute("aria-label");

async function contactId(db: Db, workspaceId: string, userId: string): Promise<string> {
  const contact = await findContactByExternalId(db, workspaceId, userId);
  if (!contact) throw new Error(`no contact ${userId}`);
  return contact.id;
}

const runBrowser = chromiumAvailable();

for (const dialect of testDialects()) {
  describe.runIf(runBrowser)(`Messenger in Chromium (${dialect.name})`, () => {
    const { site, openProduct } = productSite(dialect);
    const shots = dialect.name === "sqlite";

    it("boots with a valid hash, adds only its two globals, and carries a conversation live with an unread badge", async () => {
      const { workspace, secret, port, zone, db, apiToken } = await site();
      const agent = await buildTeammate(db, workspace);
      const { context, page, outcome } = await openProduct(
        zone,
        port,
        {
          workspace_id: workspace.id,
          user_id: "pat-1",
          name: "Pat Person",
          user_hash: userHashOf(secret, "pat-1"),
        },
        { head: "<script>window.__globalsBefore = Object.getOwnPropertyNames(window);</script>" },
      );
      expect(outcome).toBe("booted");
      const added = await page.evaluate(() => {
        const before = new Set((globalThis as unknown as { __globalsBefore: string[] }).__globalsBefore);
        return Object.getOwnPropertyNames(globalThis)
          .filter((name) => !before.has(name) && name !== "__globalsBefore" && name !== "bootOutcome")
          .sort();
      });
      expect(added).toEqual(["Portico", "porticoSettings"]);

      await page.getByRole("button", { name: "Open the Messenger" }).click();
      const frame = messenger(page);
      await frame.getByRole("heading", { name: "Hi Pat" }).waitFor(UNTIL);
      if (shots) await page.screenshot({ path: join(ARTIFACTS, "messenger-home.png") });
      await frame.getByRole("button", { name: "Send us a message" }).click();
      await frame.getByRole("textbox", { name: "Your message" }).fill("The export to CSV fails");
      await frame.getByRole("button", { name: "Send", exact: true }).click();
      await frame.getByRole("log").getByText("The export to CSV fails").waitFor(UNTIL);

      const pat = await contactId(db, workspace.id, "pat-1");
      const found = await api(port, apiToken, "POST", "/conversations/search", {
        query: { field: "contact_ids", operator: "=", value: pat },
      });
      const conversationId = (found.conversations as Array<{ id: string }>)[0]!.id;
      await api(port, apiToken, "POST", `/conversations/${conversationId}/reply`, {
        message_type: "comment",
        type: "admin",
        admin_id: agent.id,
        body: "We are on it, Pat.",
      });
      // Arrives while the conversation is open: shown at once, and read (no badge).
      await frame.getByRole("log").getByText("We are on it, Pat.").waitFor(UNTIL);
      if (shots) await page.screenshot({ path: join(ARTIFACTS, "messenger-conversation.png") });

      await page.getByRole("button", { name: "Close the Messenger" }).click();
      await expect.poll(() => launcherLabel(page), UNTIL).toBe("Open the Messenger");
      await api(port, apiToken, "POST", `/conversations/${conversationId}/reply`, {
        message_type: "comment",
        type: "admin",
        admin_id: agent.id,
        body: "Fixed: try the export again.",
      });
      await expect.poll(() => launcherLabel(page), UNTIL).toBe("Open the Messenger, 1 unread");
      expect(await page.locator("[data-portico-messenger] .badge").textContent()).toBe("1");
      // Opening the window shows the new message where the person left off, and clears the badge.
      await page.getByRole("button", { name: "Open the Messenger, 1 unread" }).click();
      await frame.getByRole("log").getByText("Fixed: try the export again.").waitFor(UNTIL);
      await frame.getByRole("button", { name: "All messages" }).click();
      await frame.getByRole("heading", { name: "Messages" }).waitFor(UNTIL);
      if (shots) await page.screenshot({ path: join(ARTIFACTS, "messenger-messages.png") });
      expect(await seriousViolations(page.frames().find((f) => f.url().includes("/frame"))!)).toEqual([]);
      await page.getByRole("button", { name: "Close the Messenger" }).click();
      await expect.poll(() => launcherLabel(page), UNTIL).toBe("Open the Messenger");
      await context.close();
    });

    it("shows a ticket made for the person in Tickets, updates its state live, and links to the portal where they are signed in", async () => {
      const { workspace, secret, port, zone, db, apiToken } = await site({ portalEnabled: true });
      const type = await buildTicketType(db, workspace, "customer");
      const { context, page, outcome } = await openProduct(zone, port, {
        workspace_id: workspace.id,
        user_id: "pat-2",
        name: "Pat Person",
        email: "pat2@example.com",
        user_hash: userHashOf(secret, "pat-2"),
      });
      expect(outcome).toBe("booted");
      await page.getByRole("button", { name: "Open the Messenger" }).click();
      const frame = messenger(page);
      await frame.getByRole("button", { name: "Tickets" }).click();
      await frame.getByText("You have no tickets yet").waitFor(UNTIL);

      const created = await api(port, apiToken, "POST", "/tickets", {
        ticket_type_id: type.id,
        contacts: [{ external_id: "pat-2" }],
        ticket_attributes: { _default_title_: "Invoices are missing", _default_description_: "Since March" },
      });
      const row = frame.getByRole("button", { name: /Invoices are missing/ });
      await row.waitFor(UNTIL);
      expect(await row.textContent()).toContain("Submitted");

      const inProgress = await firstStateOfCategory(db, workspace.id, type.id, "in_progress");
      await api(port, apiToken, "PUT", `/tickets/${String(created.id)}`, { ticket_state_id: inProgress!.id });
      await expect.poll(() => row.textContent(), UNTIL).toContain("In progress");
      if (shots) await page.screenshot({ path: join(ARTIFACTS, "messenger-tickets.png") });

      await row.click();
      await frame.getByRole("heading", { name: "Invoices are missing" }).waitFor(UNTIL);
      expect(await frame.getByText("State changed to In progress").count()).toBe(1);
      if (shots) await page.screenshot({ path: join(ARTIFACTS, "messenger-ticket.png") });
      await frame.getByRole("button", { name: "All tickets" }).click();

      // The ticket form: a required field is named when missing; the new ticket opens once submitted.
      await frame.getByRole("button", { name: "Submit a ticket" }).click();
      await frame.getByRole("button", { name: "Submit ticket" }).click();
      await frame.getByText("Title is required.").waitFor(UNTIL);
      await frame.getByRole("textbox", { name: /Title/ }).fill("Cannot add a teammate");
      // Once the title is there, the error about it goes, before anything is sent again.
      await expect.poll(() => frame.getByText("Title is required.").count(), UNTIL).toBe(0);
      await frame.getByRole("button", { name: "Submit ticket" }).click();
      await frame.getByRole("heading", { name: "Cannot add a teammate" }).waitFor(UNTIL);
      await frame.getByRole("button", { name: "All tickets" }).click();
      await frame.getByRole("button", { name: /Cannot add a teammate/ }).waitFor(UNTIL);

      // The banner names the Help Center at the port people reach it on (PUBLIC_URL's), and the person
      // is signed in there, in the same browser.
      const banner = frame.getByRole("link", { name: /Open the tickets portal/ });
      const href = await banner.getAttribute("href");
      expect(href).toBe(`http://help.${zone}:${port}/tickets`);
      expect(await banner.getAttribute("target")).toBe("_blank");
      const portal = await context.newPage();
      await portal.goto(href!);
      await portal.getByRole("link", { name: /Invoices are missing/ }).waitFor(UNTIL);
      expect(await portal.getByRole("heading", { name: "Sign in" }).count()).toBe(0);
      await context.close();
    });

    it("shows nothing of the person after a boot with a forged hash", async () => {
      const { workspace, secret, port, zone, db } = await site();
      const first = await openProduct(zone, port, {
        workspace_id: workspace.id,
        user_id: "pat-3",
        user_hash: userHashOf(secret, "pat-3"),
      });
      expect(first.outcome).toBe("booted");
      const pat = await findContactByExternalId(db, workspace.id, "pat-3");
      await buildConversation(db, workspace, pat!);
      await first.context.close();

      const forged = await openProduct(zone, port, {
        workspace_id: workspace.id,
        user_id: "pat-3",
        user_hash: userHashOf("a guessed secret", "pat-3"),
      });
      expect(forged.outcome).toBe("refused");
      expect(await forged.page.locator("[data-portico-messenger]").count()).toBe(0);
      await forged.page.evaluate("Portico('show')");
      expect(await forged.page.locator("iframe").count()).toBe(0);
      expect(await forged.page.content()).not.toContain("the export is broken");
      await forged.context.close();
    });

    it("opens a portal ticket's conversation in the Messenger on the portal page, and renders script-bearing text inert", async () => {
      const { workspace, secret, port, zone, db } = await site({ portalEnabled: true });
      const acme = await buildCompany(db, workspace, "Acme");
      const { context, page, outcome } = await openProduct(zone, port, {
        workspace_id: workspace.id,
        user_id: "pat-4",
        name: "Pat Person",
        user_hash: userHashOf(secret, "pat-4"),
      });
      expect(outcome).toBe("booted");
      const pat = (await findContactByExternalId(db, workspace.id, "pat-4"))!;
      await db
        .transaction()
        .execute((trx) => addMembership(trx, workspace.id, { companyId: acme.id, contactId: pat.id }));
      const type = await buildTicketType(db, workspace, "customer");
      const conversation = await buildConversation(db, workspace, pat);
      const own = await buildTicket(db, workspace, { type, contacts: [pat], title: "Export broken" });
      await db
        .transaction()
        .execute((trx) =>
          linkTicket(trx, workspace.id, own.id, { type: "conversation", id: conversation.id }),
        );

      await db.transaction().execute(async (trx) => {
        const billing = await createCollection(trx, workspace.id, { name: "Billing & plans" });
        await createArticle(trx, workspace.id, {
          collectionId: billing.id,
          title: "Download your invoices",
          bodyMarkdown: "Open **Billing**, then *Invoices*.",
          published: true,
        });
      });
      const help = `http://help.${zone}:${port}`;
      await page.goto(`${help}/`);
      await page.getByRole("link", { name: "Download your invoices" }).waitFor(UNTIL);
      expect(await seriousViolations(page)).toEqual([]);
      if (shots) await page.screenshot({ path: join(ARTIFACTS, "helpcenter-home.png"), fullPage: true });

      await page.goto(`${help}/tickets/${own.ticket_number}`);
      await page.getByRole("button", { name: "Send us a message" }).click();
      const frame = messenger(page);
      await frame.getByRole("heading", { name: "Export broken" }).waitFor(UNTIL);
      await frame.getByRole("log").getByText("Hello, the export is broken").waitFor(UNTIL);
      await frame.getByRole("textbox", { name: "Your message" }).fill("Any news?");
      await frame.getByRole("button", { name: "Send", exact: true }).click();
      await frame.getByRole("log").getByText("Any news?").waitFor(UNTIL);
      if (shots) await page.screenshot({ path: join(ARTIFACTS, "portal-send-message.png") });

      // Script-bearing ticket text, from a colleague's ticket the person sees through the company.
      const colleague = await buildContact(db, workspace, { companies: [acme] });
      const evil = await buildTicket(db, workspace, {
        type,
        contacts: [colleague],
        companyId: acme.id,
        title: `<img src=x onerror="window.__pwned='title'">`,
        attributes: { _default_description_: `<script>window.__pwned='description'</script><b>bold?</b>` },
      });
      await page.goto(`${help}/tickets/${evil.ticket_number}`);
      await page
        .getByRole("heading", { name: `<img src=x onerror="window.__pwned='title'">` })
        .waitFor(UNTIL);
      expect(await page.getByText("<script>window.__pwned='description'</script><b>bold?</b>").count()).toBe(
        1,
      );
      expect(
        await page.evaluate(() => (globalThis as unknown as { __pwned?: string }).__pwned),
      ).toBeUndefined();
      expect(await page.locator("main img, main b, main script").count()).toBe(0);
      await context.close();
    });
  });
}
