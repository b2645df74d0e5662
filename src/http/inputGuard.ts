// The one validation layer every surface shares, before any route's own schema: text that no database
// stores faithfully (NUL bytes, lone UTF-16 surrogates) and numbers no column holds (beyond 2^53) are
// refused with 400 naming the field, so SQLite and PostgreSQL give the same answer and neither a 500.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DomainError } from "../domain/errors.ts";

/** Nesting deeper than this is refused (no API body is deeper than a handful of levels). */
export const MAX_JSON_DEPTH = 32;

type Problem = { field: string; message: string };

function textProblem(value: string): string | null {
  if (value.includes("\u0000")) return "must not contain NUL characters";
  if (!value.isWellFormed()) return "must be valid Unicode (it holds a lone surrogate)";
  return null;
}

function join(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

/** The first value under `value` that cannot be stored, with where it is. */
export function findUnstorable(value: unknown, path = "", depth = 0): Problem | null {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? { field: path, message: `${path || "value"} ${problem}` } : null;
  }
  if (typeof value === "number") {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      return { field: path, message: `${path || "value"} is out of range` };
    }
    return null;
  }
  if (value === null || typeof value !== "object") return null;
  if (depth >= MAX_JSON_DEPTH) {
    return { field: path, message: `the request nests deeper than ${MAX_JSON_DEPTH} levels` };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], join(path, i), depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem) return { field: path || "body", message: `a field name ${keyProblem}` };
    const found = findUnstorable(child, join(path, key), depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Bodies may carry fields a route ignores (Intercom clients send extra ones), but a body of nothing
 * but unknown fields is a mistake (a misspelt field, the wrong endpoint): refused instead of acting on
 * defaults, e.g. creating an empty contact.
 */
function unknownFieldsOnly(request: FastifyRequest): string | null {
  const body = request.body;
  const schema = request.routeOptions.schema?.body as { properties?: Record<string, unknown> } | undefined;
  if (!schema?.properties || body === null || typeof body !== "object" || Array.isArray(body)) return null;
  const keys = Object.keys(body);
  if (keys.length === 0 || keys.some((key) => key in schema.properties!)) return null;
  return keys[0]!;
}

function check(request: FastifyRequest): void {
  const found =
    findUnstorable(request.params ?? {}) ??
    findUnstorable(request.query ?? {}) ??
    findUnstorable(request.body);
  if (found) throw new DomainError("parameter_invalid", found.message, found.field || undefined);
  const unknown = unknownFieldsOnly(request);
  if (unknown !== null) {
    throw new DomainError(
      "parameter_invalid",
      `${unknown} is not a field of this request, and it names none that is`,
      unknown,
    );
  }
}

export function registerInputGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => check(request));
}
