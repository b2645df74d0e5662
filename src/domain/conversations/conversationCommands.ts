// Conversation writes: start, reply, participants; each with its outbox event.
import type { Executor } from "../../db/database.ts";
import type { AuthorType, Conversation, ConversationPart, ConversationPartType } from "../../db/schema.ts";
import { findContact } from "../contacts/contact.repository.ts";
import { invalid, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId } from "../ids.ts";
import { findTeammate } from "../teammates/teammate.repository.ts";
import { findConversation, isConversationParticipant } from "./conversation.repository.ts";

export type Author =
  { type: "admin"; teammateId: string } | { type: "user"; contactId: string } | { type: "bot" };

function authorColumns(author: Author): { author_type: AuthorType; author_id: string | null } {
  switch (author.type) {
    case "admin":
      return { author_type: "admin", author_id: author.teammateId };
    case "user":
      return { author_type: "user", author_id: author.contactId };
    case "bot":
      return { author_type: "bot", author_id: null };
  }
}

export async function checkAuthor(trx: Executor, workspaceId: string, author: Author): Promise<void> {
  if (author.type === "admin" && !(await findTeammate(trx, workspaceId, author.teammateId))) {
    throw notFound("Admin");
  }
  if (author.type === "user" && !(await findContact(trx, workspaceId, author.contactId))) {
    throw notFound("Contact");
  }
}

function cleanBody(body: string): string {
  if (body.trim() === "") throw invalid("body", "the message body must not be empty");
  if (body.length > 65_536) throw invalid("body", "the message body must be at most 65536 characters");
  return body;
}

/** A conversation started by a contact (Messenger, API) with its first message. */
export async function startConversation(
  trx: Executor,
  workspaceId: string,
  input: { contactId: string; body: string; title?: string | null },
): Promise<Conversation> {
  if (!(await findContact(trx, workspaceId, input.contactId))) throw notFound("Contact");
  const body = cleanBody(input.body);
  const now = Date.now();
  const conversation: Conversation = {
    workspace_id: workspaceId,
    id: newId(),
    title: input.title?.trim() || null,
    open: 1,
    snoozed_until: null,
    admin_assignee_id: null,
    created_by_contact_id: input.contactId,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto("conversations").values(conversation).execute();
  await trx
    .insertInto("conversation_participants")
    .values({
      workspace_id: workspaceId,
      conversation_id: conversation.id,
      contact_id: input.contactId,
      created_at: now,
    })
    .execute();
  await trx
    .insertInto("conversation_parts")
    .values({
      workspace_id: workspaceId,
      id: newId(),
      conversation_id: conversation.id,
      part_type: "comment",
      body,
      author_type: "user",
      author_id: input.contactId,
      created_at: now,
    })
    .execute();
  await appendEvent(trx, {
    workspaceId,
    type: "conversation.created",
    subjectType: "conversation",
    subjectId: conversation.id,
  });
  return conversation;
}

export async function addConversationPart(
  trx: Executor,
  workspaceId: string,
  input: { conversationId: string; author: Author; partType: ConversationPartType; body: string },
): Promise<ConversationPart> {
  const conversation = await findConversation(trx, workspaceId, input.conversationId);
  if (!conversation) throw notFound("Conversation");
  await checkAuthor(trx, workspaceId, input.author);
  if (input.author.type === "user") {
    if (input.partType !== "comment") throw invalid("message_type", "customers can only send comments");
    if (!(await isConversationParticipant(trx, workspaceId, conversation.id, input.author.contactId))) {
      throw notFound("Conversation");
    }
  }
  const now = Date.now();
  const part: ConversationPart = {
    workspace_id: workspaceId,
    id: newId(),
    conversation_id: conversation.id,
    part_type: input.partType,
    body: cleanBody(input.body),
    ...authorColumns(input.author),
    created_at: now,
  };
  await trx.insertInto("conversation_parts").values(part).execute();
  // A customer writing again reopens the conversation.
  await trx
    .updateTable("conversations")
    .set(
      input.author.type === "user" ? { updated_at: now, open: 1, snoozed_until: null } : { updated_at: now },
    )
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", conversation.id)
    .execute();
  await appendEvent(trx, {
    workspaceId,
    type: "conversation.part_created",
    subjectType: "conversation",
    subjectId: conversation.id,
    payload: { part_id: part.id, part_type: part.part_type },
  });
  return part;
}

/** Adds a participant; returns false when the contact already was one. */
export async function addConversationParticipant(
  trx: Executor,
  workspaceId: string,
  input: { conversationId: string; contactId: string },
): Promise<boolean> {
  if (!(await findConversation(trx, workspaceId, input.conversationId))) throw notFound("Conversation");
  if (!(await findContact(trx, workspaceId, input.contactId))) throw notFound("Contact");
  if (await isConversationParticipant(trx, workspaceId, input.conversationId, input.contactId)) return false;
  await trx
    .insertInto("conversation_participants")
    .values({
      workspace_id: workspaceId,
      conversation_id: input.conversationId,
      contact_id: input.contactId,
      created_at: Date.now(),
    })
    .execute();
  await appendEvent(trx, {
    workspaceId,
    type: "conversation.participant_added",
    subjectType: "conversation",
    subjectId: input.conversationId,
    payload: { contact_id: input.contactId },
  });
  return true;
}

export async function removeConversationParticipant(
  trx: Executor,
  workspaceId: string,
  input: { conversationId: string; contactId: string },
): Promise<void> {
  if (!(await findConversation(trx, workspaceId, input.conversationId))) throw notFound("Conversation");
  const result = await trx
    .deleteFrom("conversation_participants")
    .where("workspace_id", "=", workspaceId)
    .where("conversation_id", "=", input.conversationId)
    .where("contact_id", "=", input.contactId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound("Contact");
  await appendEvent(trx, {
    workspaceId,
    type: "conversation.participant_removed",
    subjectType: "conversation",
    subjectId: input.conversationId,
    payload: { contact_id: input.contactId },
  });
}
