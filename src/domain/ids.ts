// Identifier generation: opaque, URL-safe, roughly time-ordered ids (the shape of Intercom's).
import { randomBytes } from "node:crypto";

let lastMs = 0;
let counter = 0;

/**
 * 24 lowercase hex characters: 12 of milliseconds, 4 of a per-process counter, 8 random. Ids made by
 * one process are strictly increasing, so ordering by (created_at, id) is insertion order — the
 * history of a ticket written within one millisecond keeps its order.
 */
export function newId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    counter++;
    if (counter > 0xffff) {
      ms = ++lastMs;
      counter = 0;
    }
  } else {
    counter = 0;
  }
  lastMs = ms;
  return (
    ms.toString(16).padStart(12, "0") + counter.toString(16).padStart(4, "0") + randomBytes(4).toString("hex")
  );
}

/** A short public workspace id, like Intercom's app_id: 8 characters of [a-z0-9]. */
export function newWorkspaceId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(8);
  let id = "";
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug === "" ? "workspace" : slug;
}
