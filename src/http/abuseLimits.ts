// Limits on the paths anyone can reach without an account (sign-in, SSO, one-time links, invitations,
// anonymous Messenger visitors): each attempt takes a slot before any work, so parallel attempts cannot
// all slip under a limit; beyond it the answer is 429 with Retry-After. Counters are shared by every
// instance (Redis or the database) where several may run.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AbuseLimits, LimitName } from "../config.ts";
import type { RateLimitStore } from "./api/rateLimit.ts";
import { sendError } from "./errors.ts";

/** One counter to take a slot in: a limit, whose (workspace id or "*"), and of what (an address...). */
export interface LimitCheck {
  limit: LimitName;
  scope: string;
  subject: string;
}

export type Taken =
  | {
      ok: true;
      /** Gives the slots back (a success that must not count as a failure). */ release(): Promise<void>;
    }
  | { ok: false; retryAfterSeconds: number; limit: LimitName };

export class AbuseLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly limits: AbuseLimits,
  ) {}

  /**
   * Takes one slot in every counter. If any is past its limit the attempt is refused (the slots stay
   * taken: refused attempts count too) with the seconds until that window ends.
   */
  async take(checks: LimitCheck[], now = Date.now()): Promise<Taken> {
    const taken: Array<{ key: string; start: number; windowMs: number }> = [];
    let refused: { retryAfterSeconds: number; limit: LimitName } | undefined;
    for (const check of checks) {
      const { max, windowSeconds } = this.limits[check.limit];
      const windowMs = windowSeconds * 1000;
      const start = now - (now % windowMs);
      const key = `${check.scope}/${check.limit}/${check.subject}`;
      const count = await this.store.hit(key, start, windowMs);
      taken.push({ key, start, windowMs });
      if (count > max && !refused) {
        refused = {
          retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)),
          limit: check.limit,
        };
      }
    }
    if (refused) return { ok: false, ...refused };
    return {
      ok: true,
      release: async () => {
        for (const slot of taken) await this.store.hit(slot.key, slot.start, slot.windowMs, -1);
      },
    };
  }
}

/** The client's address as this server sees it (X-Forwarded-For only behind a trusted proxy). */
export const clientAddress = (request: FastifyRequest) => request.ip;

export function tooManyAttempts(reply: FastifyReply, refused: { retryAfterSeconds: number }) {
  reply.header("retry-after", String(refused.retryAfterSeconds));
  return sendError(
    reply,
    429,
    "rate_limit_exceeded",
    `Too many attempts from here. Please wait ${refused.retryAfterSeconds} seconds and try again.`,
  );
}
