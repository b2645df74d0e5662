// Validates ticket attribute values against their type's attribute definitions.
import type { TicketTypeAttribute } from "../../db/schema.ts";
import { invalid } from "../errors.ts";
import { parseObject, type JsonObject, type JsonValue } from "../json.ts";

export const DEFAULT_TITLE = "_default_title_";
export const DEFAULT_DESCRIPTION = "_default_description_";

export interface ListOption {
  label: string;
}

export function listOptionsOf(attribute: Pick<TicketTypeAttribute, "input_options">): ListOption[] {
  const options = parseObject(attribute.input_options).list_options;
  if (!Array.isArray(options)) return [];
  return options.flatMap((o) =>
    o !== null && typeof o === "object" && !Array.isArray(o) && typeof o.label === "string"
      ? [{ label: o.label }]
      : [],
  );
}

/** Checks one value against its attribute's data type; returns the value to store. */
export function coerceAttributeValue(attribute: TicketTypeAttribute, value: JsonValue): JsonValue {
  const field = attribute.name;
  if (value === null) return null;
  switch (attribute.data_type) {
    case "string":
      if (typeof value !== "string") throw invalid(field, `${field} must be a string`);
      if (value.length > 65_536) throw invalid(field, `${field} is too long (at most 65536 characters)`);
      return value;
    case "list": {
      if (typeof value !== "string") throw invalid(field, `${field} must be one of its list options`);
      const labels = listOptionsOf(attribute).map((o) => o.label);
      if (!labels.includes(value)) throw invalid(field, `${field} must be one of: ${labels.join(", ")}`);
      return value;
    }
    case "integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value))
        throw invalid(field, `${field} must be an integer`);
      return value;
    case "decimal":
      if (typeof value !== "number" || !Number.isFinite(value))
        throw invalid(field, `${field} must be a number`);
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw invalid(field, `${field} must be true or false`);
      return value;
    case "datetime": {
      // Unix seconds, or an ISO 8601 string that is normalised to unix seconds.
      if (typeof value === "number" && Number.isSafeInteger(value)) return value;
      if (typeof value === "string" && !Number.isNaN(Date.parse(value)))
        return Math.floor(Date.parse(value) / 1000);
      throw invalid(field, `${field} must be a date (unix seconds or ISO 8601)`);
    }
    case "files":
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
        throw invalid(field, `${field} must be a list of file URLs`);
      }
      return value;
  }
}

export interface ResolvedAttributes {
  title: string;
  description: string;
  /** Values of the non-default attributes, keyed by attribute id. */
  values: JsonObject;
}

/**
 * Resolves attribute input keyed by attribute name against the type. Unknown names are refused rather
 * than dropped (a typo would otherwise lose data); required ones are enforced for the given author.
 */
export function resolveAttributes(
  attributes: readonly TicketTypeAttribute[],
  input: Record<string, JsonValue>,
  options: { author: "admin" | "user"; existing?: ResolvedAttributes; checkRequired: boolean },
): ResolvedAttributes {
  const byName = new Map(attributes.filter((a) => a.archived === 0).map((a) => [a.name, a]));
  const result: ResolvedAttributes = options.existing
    ? { ...options.existing, values: { ...options.existing.values } }
    : { title: "", description: "", values: {} };
  for (const [name, raw] of Object.entries(input)) {
    const attribute = byName.get(name);
    if (!attribute) throw invalid(name, `${name} is not an attribute of this ticket type`);
    if (options.author === "user" && attribute.visible_to_contacts === 0) {
      throw invalid(name, `${name} cannot be set by customers`);
    }
    const value = coerceAttributeValue(attribute, raw);
    if (name === DEFAULT_TITLE) {
      if (typeof value !== "string" || value.trim() === "")
        throw invalid(name, "the ticket title must not be empty");
      if (value.length > 500) throw invalid(name, "the ticket title must be at most 500 characters");
      result.title = value.trim();
    } else if (name === DEFAULT_DESCRIPTION) {
      result.description = typeof value === "string" ? value : "";
    } else if (value === null) {
      delete result.values[attribute.id];
    } else {
      result.values[attribute.id] = value;
    }
  }
  if (options.checkRequired) {
    for (const attribute of byName.values()) {
      const required =
        options.author === "user" ? attribute.required_to_create_for_contacts : attribute.required_to_create;
      if (!required) continue;
      const present =
        attribute.name === DEFAULT_TITLE
          ? result.title !== ""
          : attribute.name === DEFAULT_DESCRIPTION
            ? result.description.trim() !== ""
            : result.values[attribute.id] !== undefined && result.values[attribute.id] !== "";
      if (!present) throw invalid(attribute.name, `${attribute.name} is required`);
    }
  }
  return result;
}
