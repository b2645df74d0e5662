// Every message shows its real author on every surface: two customers (Riley, who opened it, and Pat, who
// joined) and a teammate in one conversation and its ticket, read from each side — the Messenger's thread,
// inbox row and ticket, the portal's ticket and conversation, their live events, and the Help Desk.
// "You" (is_you) only ever marks the reader's own words.
import { describe, expect, it } from "vitest";
import { testApp } from "../../test/app.ts";
import { testDialects } from "../../test/dialects.ts";
import { buildCompany, buildContact, buildTeammate, buildTicketType } from "../../test/factories.ts";
import { buildPortalWorkspace } from "../../test/portalWorld.ts";
import { signedInTeammate } from "../../test/teammates.ts";
import type { Contact } from "../db/schema.ts";
import { addConversationPart, startConversation } from "../domain/conversations/conversationCommands.ts";
import { listEventsSince, lastWorkspaceEventId } from "../domain/events/outbox.repository.ts";
import { convertConversationToTicket } from "../domain/tickets/ticketCreator.ts";
import { joinTicketConversation } from "../domain/tickets/ticketLinker.ts";
import { replyToTicket } from "../domain/tickets/ticketReplier.ts";
import { createSession } from "../identity/sessions.ts";
import { MessengerAudience, PortalAudience } from "../realtime/audiences.ts";
import { EventContext } from "../realtime/eventContext.ts";
import { portalCookieName } from "./helpcenter/helpCenter.routes.ts";

interface ShownAuthor {
  type: string;
  name: string | null;
  is_you: boolean;
}

for (const dialect of testDialects()) {
  describe(`message authors on every surface (${dialect.name})`, () => {
    const app = testApp(dialect);

    /** Riley asks, Dana answers, the conversation becomes a Globex ticket, Pat joins and writes in both. */
    async function world() {
      const { db } = await dialect.db();
      const { workspace, host } = await buildPortalWorkspace(db);
      const globex = await buildCompany(db, workspace, "Globex");
      const riley = await buildContact(db, workspace, { companies: [globex], name: "Riley Chen" });
      const pat = await buildContact(db, workspace, { companies: [globex], name: "Pat Jones" });
      const colleague = await buildContact(db, workspace, { companies: [globex], name: "Sam Quiet" });
      const dana = await buildTeammate(db, workspace, { role: "admin" });
      const type = await buildTicketType(db, workspace, "customer");
      const { conversation, ticket } = await db.transaction().execute(async (trx) => {
        const conversation = await startConversation(trx, workspace.id, {
          contactId: riley.id,
          body: "Do you offer an annual plan?",
        });
        await addConversationPart(trx, workspace.id, {
          conversationId: conversation.id,
          author: { type: "admin", teammateId: dana.id },
          partType: "comment",
          body: "We do: two months free.",
        });
        const ticket = await convertConversationToTicket(trx, workspace.id, {
          conversationId: conversation.id,
          ticketTypeId: type.id,
          attributes: { _default_title_: "Annual plan" },
          author: { type: "admin", teammateId: dana.id },
        });
        await joinTicketConversation(trx, workspace.id, { ticketId: ticket.id, contactId: pat.id });
        await replyToTicket(trx, workspace.id, ticket.id, {
          author: { type: "user", contactId: riley.id },
          messageType: "comment",
          body: "Riley on the ticket",
        });
        await replyToTicket(trx, workspace.id, ticket.id, {
          author: { type: "admin", teammateId: dana.id },
          messageType: "comment",
          body: "Dana on the ticket",
        });
        return { conversation, ticket };
      });
      const since = await lastWorkspaceEventId(db, workspace.id);
      await db.transaction().execute(async (trx) => {
        await addConversationPart(trx, workspace.id, {
          conversationId: conversation.id,
          author: { type: "user", contactId: pat.id },
          partType: "comment",
          body: "We would like that too.",
        });
        await replyToTicket(trx, workspace.id, ticket.id, {
          author: { type: "user", contactId: pat.id },
          messageType: "comment",
          body: "Pat on the ticket",
        });
      });
      return { db, workspace, host, riley, pat, colleague, dana, conversation, ticket, since };
    }

    const byBody = <T extends { body: string | null; author: ShownAuthor }>(items: T[]) =>
      Object.fromEntries(items.filter((i) => i.body).map((i) => [i.body!, i.author]));

    it("names the other customer and the teammate in the Messenger, and says You only to the writer", async () => {
      const w = await world();
      const messenger = async (reader: Contact, url: string) => {
        const token = await createSession(
          w.db,
          { workspaceId: w.workspace.id, kind: "messenger", contactId: reader.id },
          3600_000,
        );
        const response = await (
          await app()
        ).inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });
        expect(response.statusCode, url).toBe(200);
        return response.json();
      };
      const rileyName = { type: "user", name: "Riley Chen" };
      const patName = { type: "user", name: "Pat Jones" };
      const danaName = { type: "admin", name: w.dana.name };

      const patThread = byBody(
        (await messenger(w.pat, `/messenger/api/conversations/${w.conversation.id}`)).parts,
      );
      expect(patThread).toEqual({
        "Do you offer an annual plan?": { ...rileyName, is_you: false },
        "We do: two months free.": { ...danaName, is_you: false },
        "We would like that too.": { ...patName, is_you: true },
      });
      const rileyThread = byBody(
        (await messenger(w.riley, `/messenger/api/conversations/${w.conversation.id}`)).parts,
      );
      expect(rileyThread).toEqual({
        "Do you offer an annual plan?": { ...rileyName, is_you: true },
        "We do: two months free.": { ...danaName, is_you: false },
        "We would like that too.": { ...patName, is_you: false },
      });

      // The Messages space's row: the newest message is Pat's.
      const rows = async (reader: Contact) =>
        (await messenger(reader, "/messenger/api/conversations")).conversations as Array<{
          id: string;
          last_message: { author: ShownAuthor };
        }>;
      expect((await rows(w.pat)).find((c) => c.id === w.conversation.id)!.last_message.author).toEqual({
        ...patName,
        is_you: true,
      });
      expect((await rows(w.riley)).find((c) => c.id === w.conversation.id)!.last_message.author).toEqual({
        ...patName,
        is_you: false,
      });

      // The ticket in the Messenger: its history, and its conversation, with the replies readable.
      const rileyTicket = await messenger(w.riley, `/messenger/api/tickets/${w.ticket.ticket_number}`);
      expect(byBody(rileyTicket.history)).toEqual({
        "Riley on the ticket": { ...rileyName, is_you: true },
        "Dana on the ticket": { ...danaName, is_you: false },
        "Pat on the ticket": { ...patName, is_you: false },
      });
      expect(byBody(rileyTicket.conversation.parts)).toEqual(rileyThread);
    });

    it("names the authors in the portal's ticket and conversation, You only for the viewer's own", async () => {
      const w = await world();
      const portal = async (reader: Contact, url: string) => {
        const token = await createSession(
          w.db,
          { workspaceId: w.workspace.id, kind: "portal", contactId: reader.id },
          3600_000,
        );
        const response = await (
          await app()
        ).inject({
          method: "GET",
          url,
          headers: { host: w.host },
          cookies: { [portalCookieName(w.workspace.id)]: token },
        });
        expect(response.statusCode, url).toBe(200);
        return response.json();
      };
      const ticketUrl = `/portal-api/tickets/${w.ticket.ticket_number}`;
      const history = byBody((await portal(w.pat, ticketUrl)).history);
      expect(history["Pat on the ticket"]).toEqual({ type: "user", name: "Pat Jones", is_you: true });
      expect(history["Riley on the ticket"]).toEqual({ type: "user", name: "Riley Chen", is_you: false });
      expect(history["Dana on the ticket"]).toEqual({ type: "admin", name: w.dana.name, is_you: false });
      const quiet = byBody((await portal(w.colleague, ticketUrl)).history);
      expect(Object.values(quiet).every((author) => !author.is_you)).toBe(true);

      // The converted conversation is reachable from the ticket: for those taking part in it.
      const conversation = (await portal(w.riley, `${ticketUrl}/conversation`)).conversation;
      expect(byBody(conversation.parts)["Do you offer an annual plan?"]).toMatchObject({ is_you: true });
      expect(byBody(conversation.parts)["We would like that too."]).toEqual({
        type: "user",
        name: "Pat Jones",
        is_you: false,
      });
      expect((await portal(w.colleague, `${ticketUrl}/conversation`)).conversation).toBeNull();
    });

    it("sends each live reader the authors as that reader sees them", async () => {
      const w = await world();
      const events = await listEventsSince(w.db, w.workspace.id, w.since);
      const conversationEvent = events.find((e) => e.subject_type === "conversation")!;
      const ticketEvent = events.find((e) => e.subject_type === "ticket")!;

      const thread = async (reader: Contact) => {
        const [message] = await new MessengerAudience(w.workspace.id, reader.id).render(
          new EventContext(w.db, conversationEvent),
        );
        expect(message!.event).toBe("conversation");
        return byBody((message!.data as { parts: Array<{ body: string; author: ShownAuthor }> }).parts);
      };
      expect((await thread(w.pat))["We would like that too."]!.is_you).toBe(true);
      expect((await thread(w.riley))["We would like that too."]!.is_you).toBe(false);
      expect((await thread(w.riley))["Do you offer an annual plan?"]!.is_you).toBe(true);

      // One event, three portal readers: each sees only their own reply as theirs, from one shared context.
      const context = new EventContext(w.db, ticketEvent);
      const history = async (reader: Contact) => {
        const [message] = await new PortalAudience(w.workspace.id, reader.id).render(context);
        return byBody(
          (message!.data as { history: Array<{ body: string | null; author: ShownAuthor }> }).history,
        );
      };
      expect((await history(w.pat))["Pat on the ticket"]!.is_you).toBe(true);
      expect((await history(w.riley))["Pat on the ticket"]!.is_you).toBe(false);
      expect((await history(w.riley))["Riley on the ticket"]!.is_you).toBe(true);
      expect(Object.values(await history(w.colleague)).some((a) => a.is_you)).toBe(false);
    });

    it("shows teammates every author by name, customers and teammates alike", async () => {
      const w = await world();
      const agent = await signedInTeammate(await app(), w.db, w.workspace, "agent");
      const conversation = (await agent("GET", `/app/api/conversations/${w.conversation.id}`)).json();
      expect(conversation.source.author).toMatchObject({ type: "user", name: "Riley Chen" });
      const parts = conversation.conversation_parts.conversation_parts as Array<{
        body: string;
        author: { type: string; name: string };
      }>;
      expect(Object.fromEntries(parts.map((p) => [p.body, p.author.name]))).toEqual({
        "We do: two months free.": w.dana.name,
        "We would like that too.": "Pat Jones",
      });
      const ticket = (await agent("GET", `/app/api/tickets/${w.ticket.id}`)).json();
      const authors = Object.fromEntries(
        (ticket.ticket_parts.ticket_parts as Array<{ body: string | null; author: { name: string } }>)
          .filter((p) => p.body)
          .map((p) => [p.body, p.author.name]),
      );
      expect(authors).toMatchObject({
        "Riley on the ticket": "Riley Chen",
        "Dana on the ticket": w.dana.name,
        "Pat on the ticket": "Pat Jones",
      });
    });
  });
}
