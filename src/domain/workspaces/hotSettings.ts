// The hot-settings cache: what nearly every portal, Help Desk and Messenger request reads and almost
// never changes — the workspace row (by id, slug or Help Center host), its ticket states and types, the
// portal's access rules — kept in process per workspace, and dropped the moment a change is announced.
//
// Correctness comes from the event bus, not from the timer. Every command that changes one of these
// appends an outbox event in its own transaction (the types in INVALIDATES), and:
// - in this process, appending it (before commit) stops the cache serving or storing that workspace until
//   the bus delivers that very event (after commit), so a change is seen by the next request, and a read
//   racing the commit is never kept;
// - on every instance, the bus delivering it drops that workspace's entry.
// While the bus is down (EventBus.status()), deliveries may be missed: nothing is served or stored then,
// and everything is dropped when it is back. The TTL is a safety net for writes that bypass the commands.
//
// Never cached: sessions, API tokens, contacts, memberships, identity secrets. Revoking any of them must
// take effect on the very next request, so they are read from the database every time.
import type { Executor } from "../../db/database.ts";
import type {
  OutboxEvent,
  TicketState,
  TicketType,
  TicketTypeAttribute,
  Workspace,
} from "../../db/schema.ts";
import { notFound } from "../errors.ts";
import { watchAppendedEvents, type EventType } from "../events/outbox.repository.ts";
import { parseStoredAccessRules, type AccessRuleSet } from "../helpcenter/accessRules.ts";
import { listTicketStates } from "../tickets/ticketState.repository.ts";
import {
  listContactCreateAttributes,
  listCustomerTicketTypes,
  listTicketTypes,
} from "../tickets/ticketType.repository.ts";
import {
  findWorkspaceByHelpCenterDomain,
  findWorkspaceById,
  findWorkspaceBySlug,
} from "./workspace.repository.ts";

/**
 * Which events change what this cache holds. A Record over every event type, so a new event type does
 * not compile until someone decides whether it invalidates.
 */
export const INVALIDATES: Readonly<Record<EventType, boolean>> = {
  "workspace.created": false,
  "workspace.updated": true,
  "workspace.identity_secret_created": false,
  "workspace.identity_secret_revoked": false,
  "workspace.cookie_forwarding_changed": true,
  "teammate.password_changed": false,
  "teammate.sessions_revoked": false,
  "teammate.invited": false,
  "teammate.invite_revoked": false,
  "teammate.joined": false,
  "teammate.role_changed": false,
  "teammate.removed": false,
  "api_token.created": false,
  "api_token.revoked": false,
  "contact.created": false,
  "contact.updated": false,
  "contact.deleted": false,
  "company.created": false,
  "company.updated": false,
  "company.deleted": false,
  "company_membership.created": false,
  "company_membership.deleted": false,
  "conversation.created": false,
  "conversation.part_created": false,
  "conversation.participant_added": false,
  "conversation.participant_removed": false,
  "ticket_type.created": true,
  "ticket_type.updated": true,
  "ticket_state.created": true,
  "ticket_state.updated": true,
  "ticket.created": false,
  "ticket.updated": false,
  "ticket.state_changed": false,
  "ticket.company_changed": false,
  "ticket.part_created": false,
  "ticket.linked": false,
  "ticket.contacts_changed": false,
  "ticket.deleted": false,
  "help_collection.created": false,
  "help_collection.updated": false,
  "help_collection.deleted": false,
  "help_article.created": false,
  "help_article.updated": false,
  "help_article.deleted": false,
};

/** Whether an event of this type (an outbox row's `type`) changes what the cache holds. */
export function invalidatesHotSettings(type: string): boolean {
  return Object.hasOwn(INVALIDATES, type) && INVALIDATES[type as EventType];
}

/** What the cache needs of the event bus (realtime/bus.ts EventBus fits). */
export interface InvalidationFeed {
  subscribe(listener: (event: OutboxEvent) => void): () => void;
  status(): { connected: boolean; reconnects: number };
}

export interface HotSettingsOptions {
  /** Workspaces kept; the least recently used goes first. */
  maxWorkspaces: number;
  /** An entry is reloaded after this long even if no change was announced (writes outside the commands). */
  ttlMs: number;
  /**
   * A change appended in this process whose event never arrives (its transaction rolled back) stops
   * holding the workspace back after this long. Longer than any transaction may stay open.
   */
  pendingMs: number;
  now: () => number;
}

export const DEFAULT_HOT_SETTINGS: HotSettingsOptions = {
  maxWorkspaces: 1000,
  ttlMs: 30_000,
  pendingMs: 120_000,
  now: Date.now,
};

/** The customer ticket types (by name) and the attributes contacts fill in on create, as the portal reads them. */
export interface CustomerTicketTypes {
  types: readonly TicketType[];
  createAttributes: readonly TicketTypeAttribute[];
}

interface Parts {
  workspace: Workspace;
  accessRules: AccessRuleSet;
  ticketStates: readonly TicketState[];
  ticketTypes: readonly TicketType[];
  customerTicketTypes: CustomerTicketTypes;
}

interface Entry {
  loadedAt: number;
  parts: Partial<Parts>;
  /** The slug and host keys that point at this workspace, removed with it. */
  keys: string[];
}

const slugKey = (slug: string) => `slug:${slug}`;
const hostKey = (host: string) => `host:${host.toLowerCase()}`;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export class HotSettings {
  private readonly options: HotSettingsOptions;
  /** By workspace id, least recently used first. */
  private readonly entries = new Map<string, Entry>();
  /** Slug and host keys to workspace ids. */
  private readonly keys = new Map<string, string>();
  /** Per workspace: ids of events appended here whose delivery is awaited, with when they were appended. */
  private readonly pending = new Map<string, Map<number, number>>();
  /** Bumped by every drop: a load that started before one is not stored. */
  private epoch = 0;
  /** Whether the bus has been seen connected since the last time it was seen down. */
  private trusted = false;
  private reconnects = -1;
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly db: Executor,
    private readonly feed: InvalidationFeed,
    options: Partial<HotSettingsOptions> = {},
  ) {
    this.options = { ...DEFAULT_HOT_SETTINGS, ...options };
    this.unsubscribe = [
      watchAppendedEvents(db, (event) => {
        if (invalidatesHotSettings(event.type)) this.changing(event.workspaceId, event.id);
      }),
      feed.subscribe((event) => {
        if (invalidatesHotSettings(event.type)) this.changed(event.workspace_id, event.id);
      }),
    ];
  }

  /** How many workspaces are held now. */
  get size(): number {
    return this.entries.size;
  }

  workspaceById(id: string): Promise<Workspace | undefined> {
    const cached = this.serve(id, "workspace");
    if (cached) return Promise.resolve(cached);
    return this.loadWorkspace(() => findWorkspaceById(this.db, id));
  }

  workspaceBySlug(slug: string): Promise<Workspace | undefined> {
    const cached = this.serveByKey(slugKey(slug), (w) => w.slug === slug);
    if (cached) return Promise.resolve(cached);
    return this.loadWorkspace(() => findWorkspaceBySlug(this.db, slug));
  }

  /** Hosts that are nobody's are not remembered: each is looked up again (rule 6, no default workspace). */
  workspaceByHelpCenterDomain(host: string): Promise<Workspace | undefined> {
    const domain = host.toLowerCase();
    const cached = this.serveByKey(hostKey(domain), (w) => w.help_center_domain === domain);
    if (cached) return Promise.resolve(cached);
    return this.loadWorkspace(() => findWorkspaceByHelpCenterDomain(this.db, domain));
  }

  /** The portal's access rules (workspaces.portal_access_rules, parsed), as loadPortalAccessRules reads them. */
  portalAccessRules(workspaceId: string): Promise<AccessRuleSet> {
    return this.part(workspaceId, "accessRules", async () => {
      const workspace = await this.workspaceById(workspaceId);
      if (!workspace) throw notFound("Workspace");
      return parseStoredAccessRules(workspace.portal_access_rules);
    });
  }

  /** Every state of the workspace, archived ones included (listTicketStates). */
  ticketStates(workspaceId: string): Promise<readonly TicketState[]> {
    return this.part(workspaceId, "ticketStates", () => listTicketStates(this.db, workspaceId));
  }

  /** Every ticket type of the workspace, archived ones included (listTicketTypes). */
  ticketTypes(workspaceId: string): Promise<readonly TicketType[]> {
    return this.part(workspaceId, "ticketTypes", () => listTicketTypes(this.db, workspaceId));
  }

  customerTicketTypes(workspaceId: string): Promise<CustomerTicketTypes> {
    return this.part(workspaceId, "customerTicketTypes", async () => {
      const types = await listCustomerTicketTypes(this.db, workspaceId);
      const createAttributes = await listContactCreateAttributes(
        this.db,
        workspaceId,
        types.map((t) => t.id),
      );
      return { types, createAttributes };
    });
  }

  clear(): void {
    this.entries.clear();
    this.keys.clear();
    this.epoch++;
  }

  close(): void {
    for (const stop of this.unsubscribe) stop();
    this.clear();
  }

  // ---- Serving and storing ---------------------------------------------------------------------------

  /**
   * Whether the cache may be used now. A bus that is down, or that reconnected since last seen, may have
   * missed invalidations: everything held is dropped, and nothing is served until it is connected.
   */
  private usable(): boolean {
    const status = this.feed.status();
    if (!status.connected) {
      if (this.trusted) {
        this.trusted = false;
        this.clear();
      }
      return false;
    }
    if (!this.trusted || status.reconnects !== this.reconnects) {
      this.trusted = true;
      this.reconnects = status.reconnects;
      this.clear();
    }
    return true;
  }

  private isPending(workspaceId: string): boolean {
    const ids = this.pending.get(workspaceId);
    if (!ids) return false;
    const expired = this.options.now() - this.options.pendingMs;
    for (const [id, at] of ids) if (at < expired) ids.delete(id);
    if (ids.size === 0) this.pending.delete(workspaceId);
    return ids.size > 0;
  }

  /** The live entry of a workspace, marked most recently used; none when expired, held back or unusable. */
  private entry(workspaceId: string): Entry | undefined {
    if (!this.usable()) return undefined;
    const entry = this.entries.get(workspaceId);
    if (!entry) return undefined;
    if (this.options.now() - entry.loadedAt > this.options.ttlMs || this.isPending(workspaceId)) {
      this.drop(workspaceId);
      return undefined;
    }
    this.entries.delete(workspaceId);
    this.entries.set(workspaceId, entry);
    return entry;
  }

  private serve<K extends keyof Parts>(workspaceId: string, name: K): Parts[K] | undefined {
    return this.entry(workspaceId)?.parts[name];
  }

  private serveByKey(key: string, matches: (workspace: Workspace) => boolean): Workspace | undefined {
    const id = this.keys.get(key);
    const workspace = id === undefined ? undefined : this.serve(id, "workspace");
    return workspace && matches(workspace) ? workspace : undefined;
  }

  /** The epoch a load starts in, once the bus's state is taken into account (it may drop everything). */
  private loadStarts(): number {
    this.usable();
    return this.epoch;
  }

  private async part<K extends keyof Parts>(
    workspaceId: string,
    name: K,
    load: () => Promise<Parts[K]>,
  ): Promise<Parts[K]> {
    const cached = this.serve(workspaceId, name);
    if (cached) return cached;
    const epoch = this.loadStarts();
    const value = deepFreeze(await load());
    this.store(workspaceId, epoch, (entry) => (entry.parts[name] = value));
    return value;
  }

  private async loadWorkspace(load: () => Promise<Workspace | undefined>): Promise<Workspace | undefined> {
    const epoch = this.loadStarts();
    const workspace = await load();
    if (!workspace) return undefined;
    const row = deepFreeze(workspace);
    this.store(row.id, epoch, (entry) => {
      entry.parts.workspace = row;
      const keys = [slugKey(row.slug)];
      if (row.help_center_domain) keys.push(hostKey(row.help_center_domain));
      for (const key of keys) {
        this.keys.set(key, row.id);
        if (!entry.keys.includes(key)) entry.keys.push(key);
      }
    });
    return row;
  }

  /** Keeps what a load read, unless something was dropped since it began or the workspace is held back. */
  private store(workspaceId: string, epoch: number, put: (entry: Entry) => void): void {
    if (!this.usable() || epoch !== this.epoch || this.isPending(workspaceId)) return;
    let entry = this.entries.get(workspaceId);
    if (entry && this.options.now() - entry.loadedAt > this.options.ttlMs) {
      // Expired while this load ran: the value is fresh, the entry's other parts are not.
      this.drop(workspaceId);
      entry = undefined;
    }
    if (!entry) {
      entry = { loadedAt: this.options.now(), parts: {}, keys: [] };
      this.entries.set(workspaceId, entry);
      while (this.entries.size > this.options.maxWorkspaces) {
        this.drop(this.entries.keys().next().value!);
      }
    }
    put(entry);
  }

  // ---- Invalidation --------------------------------------------------------------------------------

  /** A change to the workspace was appended here and has not committed yet. */
  private changing(workspaceId: string, eventId: number): void {
    const ids = this.pending.get(workspaceId) ?? new Map<number, number>();
    ids.set(eventId, this.options.now());
    this.pending.set(workspaceId, ids);
    this.drop(workspaceId);
  }

  /** The bus delivered a committed change to the workspace (from this instance or another). */
  private changed(workspaceId: string, eventId: number): void {
    const ids = this.pending.get(workspaceId);
    if (ids?.delete(eventId) && ids.size === 0) this.pending.delete(workspaceId);
    this.drop(workspaceId);
  }

  private drop(workspaceId: string): void {
    this.epoch++;
    const entry = this.entries.get(workspaceId);
    if (!entry) return;
    this.entries.delete(workspaceId);
    for (const key of entry.keys) if (this.keys.get(key) === workspaceId) this.keys.delete(key);
  }
}
