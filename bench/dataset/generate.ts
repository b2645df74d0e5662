// Generates one benchmark workspace's rows the way the app writes them (see ticketCreator.ts,
// ticketUpdater.ts, ticketReplier.ts, ticketLinker.ts, conversationCommands.ts): numbered tickets with
// participants, the company of rule 3, a history of parts ending in the ticket's state, links, linked
// conversations, memberships with roles, and the outbox events of the last week.
import type { AuthorType, TicketPartType, TicketStateCategory } from "../../src/db/schema.ts";
import type { JsonValue } from "../../src/domain/json.ts";
import type { EventType, NewEvent } from "../../src/domain/events/outbox.repository.ts";
import { resolveAttributes } from "../../src/domain/tickets/attributeValues.ts";
import { associateCompany, UNSET } from "../../src/domain/tickets/companyAssociation.ts";
import type { ViewerPlan, WorkspacePlan } from "./plan.ts";
import type { Random } from "./random.ts";
import { WeightedIndex, zipfWeights } from "./random.ts";
import type { BulkRow, BulkSink } from "./sinks.ts";
import type { SetupType, SetupWorkspace } from "./setup.ts";
import { FEATURES, Prose } from "./text.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Tickets are spread over the three years before the anchor. */
const SPAN = 3 * 365 * DAY;
/** The outbox keeps a week (OUTBOX_RETENTION_DAYS): older events would have been pruned. */
const OUTBOX_WINDOW = 7 * DAY;

/** Time-ordered ids of the app's shape (24 hex characters, the first 12 the row's milliseconds). */
export class IdMaker {
  private seq = 0;

  next(ms: number): string {
    this.seq++;
    return Math.floor(ms).toString(16).padStart(12, "0") + this.seq.toString(16).padStart(12, "0");
  }
}

export interface GeneratedViewer {
  key: ViewerPlan["key"];
  contactId: string;
  companyIds: string[];
  /** Tickets the viewer takes part in. */
  participantTickets: number;
  /** A ticket number the viewer may open in the portal. */
  visibleTicketNumber: number;
}

export interface GeneratedWorkspace {
  viewers: GeneratedViewer[];
  /** Members of one company (SSE readers) and one of its customer tickets they all see. */
  audience: { companyId: string; contactIds: string[]; ticketId: string; ticketNumber: number } | null;
  /** The company with the most tickets (the Help Desk's company filter). */
  busiestCompany: { id: string; tickets: number };
  /** Words of the ticket text with how many tickets contain them (title or description, any case). */
  termCounts: Record<string, number>;
  /** Contacts in one company, for REST ticket creation. */
  sampleContactIds: string[];
  tickets: number;
}

interface Part {
  type: TicketPartType;
  body: string | null;
  previousStateId: string | null;
  stateId: string | null;
  authorType: AuthorType;
  authorId: string | null;
}

const FIRST_NAMES = [
  "Pat",
  "Jordan",
  "Riley",
  "Morgan",
  "Alex",
  "Sam",
  "Casey",
  "Robin",
  "Taylor",
  "Jamie",
  "Avery",
  "Quinn",
  "Drew",
  "Kim",
  "Lee",
  "Noa",
  "Eli",
  "Ira",
  "Max",
  "Sky",
];
const LAST_NAMES = [
  "Jones",
  "Lee",
  "Chen",
  "Diaz",
  "Okafor",
  "Novak",
  "Silva",
  "Kowalski",
  "Haddad",
  "Ito",
  "Larsen",
  "Moreau",
  "Rossi",
  "Schmidt",
  "Singh",
  "Tanaka",
  "Walsh",
  "Young",
  "Zhou",
  "Berg",
];
const COMPANY_WORDS = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Hooli",
  "Vandelay",
  "Stark",
  "Wayne",
  "Tyrell",
  "Cyberdyne",
  "Soylent",
  "Wonka",
  "Aperture",
  "Gringotts",
  "Oscorp",
  "Massive",
  "Nakatomi",
  "Pied Piper",
  "Dunder",
  "Sterling",
];
const COMPANY_SUFFIXES = [
  "Corp",
  "Labs",
  "GmbH",
  "Ltd",
  "Inc",
  "Systems",
  "Group",
  "Partners",
  "Studio",
  "Works",
];
const PLANS = ["Starter", "Pro", "Business", "Enterprise"];
const INDUSTRIES = [
  "Software",
  "Retail",
  "Finance",
  "Health",
  "Education",
  "Logistics",
  "Media",
  "Manufacturing",
];

export async function generateWorkspace(options: {
  sink: BulkSink;
  setup: SetupWorkspace;
  plan: WorkspacePlan;
  random: Random;
  ids: IdMaker;
  anchor: number;
  passwordHash: string;
  /** The outbox rows of every workspace, written last in time order. */
  events: Array<BulkRow<"events">>;
}): Promise<GeneratedWorkspace> {
  const { sink, setup, plan, random: r, ids, anchor, events } = options;
  const ws = setup.id;
  const prose = new Prose(r.fork("prose"));
  const start = anchor - SPAN;
  const before = (ms: number) => start - ms;
  const recordEvent = (
    at: number,
    type: EventType,
    subjectType: NewEvent["subjectType"],
    subjectId: string,
    payload: Record<string, JsonValue> = {},
  ) => {
    if (at < anchor - OUTBOX_WINDOW) return;
    events.push({
      workspace_id: ws,
      type,
      subject_type: subjectType,
      subject_id: subjectId,
      payload: JSON.stringify(payload),
      created_at: at,
    });
  };

  // Teammates: the admin made by createWorkspace, and agents (two more admins among them).
  const teammateIds = [setup.adminId];
  for (let i = 1; i < plan.teammates; i++) {
    const at = before(r.int(30, 400) * DAY);
    const id = ids.next(at);
    teammateIds.push(id);
    sink.add("teammates", {
      workspace_id: ws,
      id,
      email: `agent${i}@${setup.slug}.bench.test`,
      name: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)} (agent ${i})`,
      role: i <= 2 ? "admin" : "agent",
      password_hash: options.passwordHash,
      sign_in_failures: 0,
      sign_in_locked_until: null,
      created_at: at,
      updated_at: at,
    });
  }

  // Companies: the designated viewers' companies (fixed ticket counts), the SSE audience's company,
  // then the rest, whose contacts and tickets follow a Zipf law (a few large customers, a long tail).
  const companyIds: string[] = [];
  const designatedTickets: number[] = [];
  const members: number[][] = [];
  const addCompany = (visibility: "all" | "participating" | null) => {
    const at = before(r.int(1, 365) * DAY);
    const id = ids.next(at);
    const n = companyIds.length;
    const name = `${COMPANY_WORDS[n % COMPANY_WORDS.length]} ${COMPANY_SUFFIXES[Math.floor(n / COMPANY_WORDS.length) % COMPANY_SUFFIXES.length]} ${n + 1}`;
    sink.add("companies", {
      workspace_id: ws,
      id,
      external_id: `co-${n + 1}`,
      name,
      plan: r.pick(PLANS),
      size: r.int(2, 5000),
      website: `https://co-${n + 1}.example`,
      industry: r.pick(INDUSTRIES),
      monthly_spend: Math.round(r.next() * 100_000) / 100,
      attributes: "{}",
      portal_member_visibility: visibility,
      created_at: at,
      updated_at: at,
    });
    companyIds.push(id);
    designatedTickets.push(0);
    members.push([]);
    return n;
  };
  const viewerCompanies = new Map<ViewerPlan["key"], number[]>();
  if (!plan.singleCompany) {
    for (const viewer of plan.viewers) {
      const list: number[] = [];
      for (let i = 0; i < viewer.companies; i++) {
        const c = addCompany(null);
        designatedTickets[c] = viewer.ticketsPerCompany;
        list.push(c);
      }
      viewerCompanies.set(viewer.key, list);
    }
  }
  const audienceSize = Math.min(plan.audienceMembers, Math.floor(plan.contacts / 4));
  const audienceCompany = audienceSize > 0 ? addCompany(null) : -1;
  if (audienceCompany >= 0) designatedTickets[audienceCompany] = Math.max(5, Math.round(plan.tickets / 2000));
  const firstOrdinary = companyIds.length;
  while (companyIds.length < plan.companies) addCompany(r.chance(0.05) ? "participating" : null);
  if (plan.singleCompany) viewerCompanies.set("participant", [0]);
  const ordinaryCount = companyIds.length - firstOrdinary;
  const ordinaryZipf = new WeightedIndex(zipfWeights(ordinaryCount, 0.8));
  const drawOrdinary = () => firstOrdinary + ordinaryZipf.draw(r);

  // Contacts and memberships (rule 3's choices are the companies of a ticket's contacts).
  const contactIds: string[] = [];
  const contactCompanies: number[][] = [];
  const noCompanyContacts: number[] = [];
  const addContact = (companies: number[], role: "user" | "lead" = "user") => {
    const at = before(r.int(0, 300) * DAY);
    const id = ids.next(at);
    const n = contactIds.length;
    const name = `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
    sink.add("contacts", {
      workspace_id: ws,
      id,
      external_id: role === "user" ? `u-${n + 1}` : null,
      email: `person${n + 1}@${role === "user" ? `co-${(companies[0] ?? 0) + 1}` : "visitors"}.example`,
      name,
      role,
      attributes: n % 7 === 0 ? JSON.stringify({ plan_seats: r.int(1, 50) }) : "{}",
      created_at: at,
      updated_at: at,
    });
    for (const c of companies) {
      sink.add("company_memberships", {
        workspace_id: ws,
        company_id: companyIds[c]!,
        contact_id: id,
        role: r.chance(0.1) ? "manager" : "member",
        created_at: at,
      });
      members[c]!.push(n);
    }
    contactIds.push(id);
    contactCompanies.push(companies);
    if (companies.length === 0) noCompanyContacts.push(n);
    return n;
  };
  const viewerContact = new Map<ViewerPlan["key"], number>();
  for (const viewer of plan.viewers) {
    // Designated viewers are plain members: with the default visibility ("all") they see every
    // shared ticket of their companies.
    const companies = viewerCompanies.get(viewer.key) ?? [];
    const at = before(DAY);
    const id = ids.next(at);
    const n = contactIds.length;
    sink.add("contacts", {
      workspace_id: ws,
      id,
      external_id: `viewer-${viewer.key}`,
      email: `${viewer.key}@viewers.example`,
      name: `Viewer ${viewer.key}`,
      role: "user",
      attributes: "{}",
      created_at: at,
      updated_at: at,
    });
    for (const c of companies) {
      sink.add("company_memberships", {
        workspace_id: ws,
        company_id: companyIds[c]!,
        contact_id: id,
        role: "member",
        created_at: at,
      });
      members[c]!.push(n);
    }
    contactIds.push(id);
    contactCompanies.push(companies);
    viewerContact.set(viewer.key, n);
  }
  const designatedMembers = Math.min(8, Math.max(3, Math.round(plan.contacts * 0.002)));
  for (let c = 0; c < firstOrdinary; c++) {
    if (c === audienceCompany) continue;
    for (let i = 0; i < designatedMembers; i++) addContact([c]);
  }
  const audienceContacts: number[] = [];
  for (let i = 0; i < audienceSize; i++) audienceContacts.push(addContact([audienceCompany]));
  let ordinaryIndex = 0;
  while (contactIds.length < plan.contacts) {
    if (plan.singleCompany) {
      addContact([0]);
      continue;
    }
    // Every company has someone; then 2% no company (leads), 78% one, 20% two to twenty.
    if (ordinaryIndex < ordinaryCount) {
      addContact([firstOrdinary + ordinaryIndex++]);
      continue;
    }
    const roll = r.next();
    if (roll < 0.02) {
      addContact([], "lead");
    } else if (roll < 0.8) {
      addContact([drawOrdinary()]);
    } else {
      const want = 2 + Math.floor(19 * Math.pow(r.next(), 2.5));
      const set = new Set<number>();
      while (set.size < Math.min(want, ordinaryCount)) set.add(drawOrdinary());
      addContact([...set]);
    }
  }
  await sink.drain(true);

  // Conversations not linked to a ticket (the linked ones are made with their tickets below).
  const customerShare = 0.8;
  const linkedTarget = Math.round(plan.conversations * 0.4);
  const linkedChance = Math.min(0.5, linkedTarget / Math.max(1, plan.tickets * customerShare));
  const standalone = plan.conversations - linkedTarget;
  const conversationIds: string[] = [];
  const conversationTimes: number[] = [];
  const anyContact = () => r.int(0, contactIds.length - 1);
  for (let j = 0; j < standalone; j++) {
    const at = start + Math.floor(((j + r.next()) * SPAN) / standalone);
    const primary = anyContact();
    const people = [primary];
    const company = contactCompanies[primary]![0];
    if (company !== undefined && r.chance(0.1)) {
      const colleague = r.pick(members[company]!);
      if (colleague !== primary) people.push(colleague);
    }
    const id = writeConversation(
      at,
      people,
      r.int(1, 5),
      anchor - MINUTE,
      anchor - at < 7 * DAY ? 0.6 : 0.05,
    );
    conversationIds.push(id);
    conversationTimes.push(at);
  }

  /** A conversation as startConversation and addConversationPart write it; returns its id. */
  function writeConversation(
    at: number,
    people: number[],
    replies: number,
    latest: number,
    openChance: number,
  ): string {
    const id = ids.next(at);
    const primaryId = contactIds[people[0]!]!;
    const assignee = r.chance(0.6) ? r.pick(teammateIds) : null;
    const parts: Array<{
      at: number;
      type: "comment" | "note";
      author: AuthorType;
      authorId: string;
      body: string;
    }> = [{ at, type: "comment", author: "user", authorId: primaryId, body: prose.conversationOpener() }];
    let t = at;
    for (let k = 0; k < replies; k++) {
      t = Math.max(t + 1, Math.min(latest, t + r.int(2, 600) * MINUTE));
      if (k % 2 === 0) {
        const admin = assignee ?? r.pick(teammateIds);
        if (r.chance(0.2))
          parts.push({ at: t, type: "note", author: "admin", authorId: admin, body: prose.note() });
        else
          parts.push({ at: t, type: "comment", author: "admin", authorId: admin, body: prose.adminReply() });
      } else {
        parts.push({ at: t, type: "comment", author: "user", authorId: primaryId, body: prose.userReply() });
      }
    }
    const last = parts[parts.length - 1]!.at;
    sink.add("conversations", {
      workspace_id: ws,
      id,
      title: r.chance(0.2) ? `About the ${prose.feature()}` : null,
      open: r.chance(openChance) ? 1 : 0,
      snoozed_until: null,
      admin_assignee_id: assignee,
      created_by_contact_id: primaryId,
      created_at: at,
      updated_at: last,
    });
    for (const person of people) {
      sink.add("conversation_participants", {
        workspace_id: ws,
        conversation_id: id,
        contact_id: contactIds[person]!,
        created_at: at,
        last_read_at: r.chance(0.7) ? last : null,
      });
    }
    recordEvent(at, "conversation.created", "conversation", id);
    for (const part of parts) {
      const partId = ids.next(part.at);
      sink.add("conversation_parts", {
        workspace_id: ws,
        id: partId,
        conversation_id: id,
        part_type: part.type,
        body: part.body,
        author_type: part.author,
        author_id: part.authorId,
        created_at: part.at,
      });
      if (part.at !== at) {
        recordEvent(part.at, "conversation.part_created", "conversation", id, {
          part_id: partId,
          part_type: part.type,
        });
      }
    }
    return id;
  }
  await sink.drain(true);

  // Which company each ticket is drawn from: designated companies get exactly their counts.
  const slots = new Int32Array(plan.tickets).fill(-2);
  let filled = 0;
  for (let c = 0; c < companyIds.length; c++) {
    for (let k = 0; k < designatedTickets[c]! && filled < plan.tickets; k++) slots[filled++] = c;
  }
  if (plan.singleCompany) slots.fill(0);
  r.shuffle(slots);
  /** Per ticket index: the participant viewers (bit i = plan.viewers[i]) added to its contacts. */
  const extraParticipants = new Map<number, number[]>();
  for (const viewer of plan.viewers) {
    if (viewer.participantTickets === 0) continue;
    const candidates: number[] = [];
    for (let i = 0; i < slots.length; i++) if (plan.singleCompany || slots[i] === -2) candidates.push(i);
    for (const i of r.sample(candidates, viewer.participantTickets)) {
      const list = extraParticipants.get(i) ?? [];
      list.push(viewerContact.get(viewer.key)!);
      extraParticipants.set(i, list);
    }
  }
  const viewerOfCompany = new Map<number, number>();
  for (const [key, companies] of viewerCompanies) {
    for (const c of companies) viewerOfCompany.set(c, viewerContact.get(key)!);
  }

  /**
   * A member of the company who files a ticket: people in k companies file 1/k of their tickets with
   * each, so multi-company people are not over-represented among a company's tickets.
   */
  const pickFiler = (pool: number[]) => {
    let member = r.pick(pool);
    for (let tries = 0; tries < 20 && !r.chance(1 / contactCompanies[member]!.length); tries++) {
      member = r.pick(pool);
    }
    return member;
  };
  const typeOf = (key: SetupType["key"]) => setup.types.find((t) => t.key === key)!;
  const ticketCountByCompany = new Map<string, number>();
  const termCounts: Record<string, number> = Object.fromEntries(FEATURES.map((f) => [f, 0]));
  const recentCustomerTickets: string[] = [];
  const visibleNumber = new Map<number, number>();
  let audienceTicket: { id: string; number: number } | null = null;
  let linkedMade = 0;

  for (let i = 0; i < plan.tickets; i++) {
    const t0 = start + Math.floor(((i + r.next()) * SPAN) / plan.tickets);
    const number = i + 1;
    const extra = extraParticipants.get(i) ?? [];
    let slot = slots[i]!;
    let category: "customer" | "back_office" | "tracker" = "customer";
    if (extra.length === 0) {
      if (slot === -2 && r.chance(0.05)) category = "tracker";
      else if (r.chance(0.15)) category = "back_office";
    }
    if (slot === -2) slot = r.chance(0.02) && noCompanyContacts.length > 0 ? -1 : drawOrdinary();

    // Participants: someone of the company (the designated viewer now and then), sometimes colleagues.
    const people: number[] = [];
    if (category !== "tracker") {
      if (slot === -1) people.push(r.pick(noCompanyContacts));
      else {
        const viewer = viewerOfCompany.get(slot);
        const pool = members[slot]!;
        people.push(viewer !== undefined && r.chance(0.05) ? viewer : pickFiler(pool));
        if (r.chance(0.2)) for (const colleague of r.sample(pool, r.int(1, 2))) people.push(colleague);
      }
      people.push(...extra);
    }
    const participants = [...new Set(people)];
    const participantIds = participants.map((p) => contactIds[p]!);

    const type =
      category === "customer"
        ? typeOf(r.chance(0.5) ? "bug" : r.chance(0.7) ? "question" : "feature")
        : category === "back_office"
          ? typeOf("billing")
          : typeOf("known_issue");
    const isShared = category === "customer" || (category === "back_office" && r.chance(0.5));

    // Rule 3: the companies of the participants; several mean "No company" until a teammate picks.
    const choices = [
      ...new Set(participants.flatMap((p) => contactCompanies[p]!.map((c) => companyIds[c]!))),
    ].sort();
    let association = associateCompany(choices, UNSET);
    let companyPick: { at: number; companyId: string } | null = null;
    if (choices.length > 1 && slot >= 0 && (designatedTickets[slot]! > 0 || r.chance(0.8))) {
      const at = Math.max(t0 + 1, Math.min(anchor - MINUTE, t0 + r.int(1, 120) * MINUTE));
      companyPick = { at, companyId: companyIds[slot]! };
      association = { companyId: companyPick.companyId, chosenByPerson: true };
    }

    const fromConversation =
      category === "customer" &&
      participants.length > 0 &&
      linkedMade < linkedTarget &&
      r.chance(linkedChance);
    const byCustomer = category === "customer" && !fromConversation && r.chance(0.5);
    const primaryId = participantIds[0] ?? null;
    const assignee = r.chance(0.7) ? r.pick(teammateIds) : null;
    const admin = () => assignee ?? r.pick(teammateIds);

    const text = prose.ticketText();
    const input: Record<string, JsonValue> = {
      _default_title_: text.title,
      _default_description_: text.description,
    };
    if (type.key === "bug") {
      input.Severity = r.pick(["Low", "Medium", "High"]);
      if (r.chance(0.5)) input.Browser = r.pick(["Firefox 133", "Chrome 131", "Safari 18", "Edge 131"]);
      if (!byCustomer && r.chance(0.2)) input["Root cause"] = "Regression in the last release";
    }
    if (type.key === "billing" && r.chance(0.7)) input.Amount = Math.round(r.next() * 500_00) / 100;
    const attributes = resolveAttributes(type.attributes, input, {
      author: byCustomer ? "user" : "admin",
      checkRequired: true,
    });
    const haystack = `${attributes.title}\n${attributes.description}`.toLowerCase();
    for (const feature of FEATURES) if (haystack.includes(feature)) termCounts[feature]!++;

    // The ticket's history: created, then state changes with replies and notes until its final state.
    const age = anchor - t0;
    const final = finalStateFor(age, r.next());
    const state = (category: TicketStateCategory) => {
      const states = type.states.filter((s) => s.category === category);
      return states.length > 1 && r.chance(0.25) ? states[1]! : states[0]!;
    };
    const parts: Part[] = [];
    const submitted = state("submitted");
    parts.push({
      type: "ticket_created",
      body: null,
      previousStateId: null,
      stateId: submitted.id,
      authorType: byCustomer ? "user" : "admin",
      authorId: byCustomer ? primaryId : admin(),
    });
    let current = submitted;
    const move = (to: TicketStateCategory, by: "admin" | "user") => {
      const next = to === "in_progress" && current.category === "in_progress" ? current : state(to);
      if (next.id === current.id) return;
      parts.push({
        type: by === "user" ? "ticket_state_updated_by_user" : "ticket_state_updated_by_admin",
        body: null,
        previousStateId: current.id,
        stateId: next.id,
        authorType: by,
        authorId: by === "user" ? primaryId : admin(),
      });
      current = next;
    };
    const comment = (by: "admin" | "user") =>
      parts.push({
        type: "comment",
        body: by === "admin" ? prose.adminReply() : prose.userReply(),
        previousStateId: null,
        stateId: null,
        authorType: by,
        authorId: by === "admin" ? admin() : primaryId,
      });
    const note = () =>
      parts.push({
        type: "note",
        body: prose.note(),
        previousStateId: null,
        stateId: null,
        authorType: "admin",
        authorId: admin(),
      });
    const customerCanReply = category === "customer" && primaryId !== null;
    if (final !== "submitted") {
      move("in_progress", "admin");
      if (r.chance(0.4)) comment("admin");
      if (r.chance(0.2)) note();
      const waitingRounds = () => {
        const roll = r.next();
        return roll < 0.7 ? 0 : roll < 0.95 ? 1 : 2;
      };
      const rounds = final === "waiting_on_customer" ? 1 : customerCanReply ? waitingRounds() : 0;
      for (let k = 0; k < rounds; k++) {
        comment("admin");
        move("waiting_on_customer", "admin");
        if (final === "waiting_on_customer" && k === rounds - 1) break;
        if (customerCanReply) {
          // Rule 4: the customer's reply moves the ticket back to the type's first in-progress state.
          comment("user");
          const inProgress = type.states.find((s) => s.category === "in_progress")!;
          parts.push({
            type: "ticket_state_updated_by_user",
            body: null,
            previousStateId: current.id,
            stateId: inProgress.id,
            authorType: "user",
            authorId: primaryId,
          });
          current = inProgress;
        } else {
          move("in_progress", "admin");
        }
      }
      if (final === "resolved") {
        if (r.chance(0.5)) comment("admin");
        move("resolved", "admin");
      }
    } else if (customerCanReply && r.chance(0.2)) {
      comment("user");
    }
    // Spread the history after creation, never past the anchor.
    const times = [t0];
    let t = t0;
    for (let k = 1; k < parts.length; k++) {
      t += Math.floor(r.next() * r.next() * 3 * DAY) + MINUTE;
      times.push(t);
    }
    const limit = anchor - MINUTE;
    if (t > limit) {
      const factor = Math.max(0, limit - t0) / (t - t0);
      for (let k = 1; k < times.length; k++) times[k] = t0 + Math.floor((times[k]! - t0) * factor) + k;
    }
    const lastAt = Math.max(times[times.length - 1]!, companyPick?.at ?? 0);
    const open = current.category !== "resolved";

    // A customer ticket converted from a conversation has the conversation's people as participants.
    let linkedConversationId: string | null = null;
    if (fromConversation) {
      linkedMade++;
      const at = t0 - r.int(5, 120) * MINUTE;
      linkedConversationId = writeConversation(at, participants, 1, t0 - 1, open ? 1 : 0);
    }

    const ticketId = ids.next(t0);
    const companyId = association.companyId;
    sink.add("tickets", {
      workspace_id: ws,
      id: ticketId,
      ticket_number: number,
      ticket_type_id: type.id,
      category,
      ticket_state_id: current.id,
      title: attributes.title,
      description: attributes.description,
      attributes: JSON.stringify(attributes.values),
      company_id: companyId,
      company_chosen: association.chosenByPerson ? 1 : 0,
      is_shared: isShared ? 1 : 0,
      open: open ? 1 : 0,
      snoozed_until: open && r.chance(0.02) ? anchor + r.int(1, 14) * DAY : null,
      admin_assignee_id: assignee,
      linked_conversation_id: linkedConversationId,
      created_by_contact_id: byCustomer ? primaryId : null,
      created_by_teammate_id: byCustomer ? null : (parts[0]!.authorId ?? null),
      created_at: t0,
      updated_at: lastAt,
    });
    for (const contactId of participantIds) {
      sink.add("ticket_contacts", {
        workspace_id: ws,
        ticket_id: ticketId,
        contact_id: contactId,
        created_at: t0,
        ticket_created_at: t0,
        ticket_updated_at: lastAt,
      });
    }
    recordEvent(t0, "ticket.created", "ticket", ticketId, {
      company_id: choices.length === 1 ? choices[0]! : null,
      contact_ids: participantIds,
    });
    parts.forEach((part, k) => {
      const at = times[k]!;
      const partId = ids.next(at);
      sink.add("ticket_parts", {
        workspace_id: ws,
        id: partId,
        ticket_id: ticketId,
        part_type: part.type,
        body: part.body,
        previous_ticket_state_id: part.previousStateId,
        ticket_state_id: part.stateId,
        author_type: part.authorType,
        author_id: part.authorId,
        created_at: at,
      });
      if (part.type === "comment" || part.type === "note") {
        recordEvent(at, "ticket.part_created", "ticket", ticketId, { part_id: partId, part_type: part.type });
      } else if (part.type !== "ticket_created") {
        recordEvent(at, "ticket.state_changed", "ticket", ticketId, {
          previous_ticket_state_id: part.previousStateId,
          ticket_state_id: part.stateId,
        });
      }
    });
    if (companyPick) {
      sink.add("ticket_parts", {
        workspace_id: ws,
        id: ids.next(companyPick.at),
        ticket_id: ticketId,
        part_type: "ticket_company_updated",
        body: null,
        previous_ticket_state_id: null,
        ticket_state_id: null,
        author_type: "admin",
        author_id: admin(),
        created_at: companyPick.at,
      });
      recordEvent(companyPick.at, "ticket.company_changed", "ticket", ticketId, {
        previous_company_id: null,
        company_id: companyPick.companyId,
      });
      recordEvent(companyPick.at, "ticket.updated", "ticket", ticketId);
    }

    // Links: back-office tickets gather conversations, trackers gather customer tickets (both ways).
    if (category === "back_office" && conversationIds.length > 0 && r.chance(0.2)) {
      const upTo = upperBound(conversationTimes, t0);
      if (upTo > 0) {
        const conversationId = conversationIds[r.int(0, upTo - 1)]!;
        sink.add("ticket_links", {
          workspace_id: ws,
          ticket_id: ticketId,
          linked_type: "conversation",
          linked_id: conversationId,
          created_at: t0,
        });
        recordEvent(t0, "ticket.linked", "ticket", ticketId, { conversation_id: conversationId });
      }
    }
    if (category === "tracker" && recentCustomerTickets.length > 0) {
      for (const other of r.sample(recentCustomerTickets, r.int(1, 5))) {
        sink.add("ticket_links", {
          workspace_id: ws,
          ticket_id: ticketId,
          linked_type: "ticket",
          linked_id: other,
          created_at: t0,
        });
        sink.add("ticket_links", {
          workspace_id: ws,
          ticket_id: other,
          linked_type: "ticket",
          linked_id: ticketId,
          created_at: t0,
        });
        recordEvent(t0, "ticket.linked", "ticket", ticketId, { ticket_id: other });
        recordEvent(t0, "ticket.linked", "ticket", other, { ticket_id: ticketId });
      }
    }
    if (category === "customer") {
      recentCustomerTickets.push(ticketId);
      if (recentCustomerTickets.length > 2000) recentCustomerTickets.shift();
    }

    if (companyId) ticketCountByCompany.set(companyId, (ticketCountByCompany.get(companyId) ?? 0) + 1);
    if (isShared && companyId) {
      const c = slot;
      if (c >= 0 && companyIds[c] === companyId) visibleNumber.set(c, number);
    }
    if (slot === audienceCompany && category === "customer" && companyId === companyIds[audienceCompany]) {
      audienceTicket = { id: ticketId, number };
    }
    await sink.drain();
  }
  await sink.drain(true);

  const viewers: GeneratedViewer[] = plan.viewers.map((viewer) => {
    const contact = viewerContact.get(viewer.key)!;
    const companies = viewerCompanies.get(viewer.key) ?? [];
    const shown = companies.map((c) => visibleNumber.get(c)).find((n) => n !== undefined);
    return {
      key: viewer.key,
      contactId: contactIds[contact]!,
      companyIds: companies.map((c) => companyIds[c]!),
      participantTickets: viewer.participantTickets,
      visibleTicketNumber: shown ?? 0,
    };
  });
  let busiest = { id: companyIds[firstOrdinary] ?? companyIds[0]!, tickets: 0 };
  for (const [id, count] of ticketCountByCompany)
    if (count > busiest.tickets) busiest = { id, tickets: count };
  const audience = new Set(audienceContacts);
  const oneCompanyContacts = contactIds.filter(
    (_, n) => contactCompanies[n]!.length === 1 && !audience.has(n),
  );
  return {
    viewers,
    audience:
      audienceCompany >= 0 && audienceTicket
        ? {
            companyId: companyIds[audienceCompany]!,
            contactIds: audienceContacts.map((n) => contactIds[n]!),
            ticketId: audienceTicket.id,
            ticketNumber: audienceTicket.number,
          }
        : null,
    busiestCompany: busiest,
    termCounts,
    sampleContactIds: r.sample(oneCompanyContacts, 200),
    tickets: plan.tickets,
  };
}

/** The state a ticket of this age ends in: old tickets are mostly resolved, recent ones open. */
function finalStateFor(age: number, roll: number): TicketStateCategory {
  const table: Array<[TicketStateCategory, number]> =
    age > 30 * DAY
      ? [
          ["resolved", 0.85],
          ["in_progress", 0.05],
          ["waiting_on_customer", 0.05],
          ["submitted", 0.05],
        ]
      : age > 3 * DAY
        ? [
            ["resolved", 0.5],
            ["in_progress", 0.2],
            ["waiting_on_customer", 0.2],
            ["submitted", 0.1],
          ]
        : [
            ["resolved", 0.15],
            ["in_progress", 0.3],
            ["waiting_on_customer", 0.2],
            ["submitted", 0.35],
          ];
  let sum = 0;
  for (const [category, p] of table) {
    sum += p;
    if (roll < sum) return category;
  }
  return "resolved";
}

/** The number of sorted values that are < `value`. */
function upperBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
