// The fields of a ticket type as a customer fills them in (portal and Messenger): inputs per data type,
// labels, hints, errors, and the value the API expects.
import type { PortalTicketType, TicketTypeAttributeField } from "../portal/types";

export type FieldValue = string | boolean;
export type Values = Record<string, FieldValue>;

export const DEFAULT_TITLE = "_default_title_";
export const DEFAULT_DESCRIPTION = "_default_description_";

export function listOptions(attribute: TicketTypeAttributeField): string[] {
  const options = attribute.input_options.list_options;
  if (!Array.isArray(options)) return [];
  return options.flatMap((o: unknown) =>
    typeof o === "object" && o !== null && "label" in o && typeof o.label === "string" ? [o.label] : [],
  );
}

/** Files cannot be uploaded from the portal yet, so those fields are left out of the form. */
export function formFields(type: PortalTicketType | undefined): TicketTypeAttributeField[] {
  return type ? type.attributes.filter((a) => a.data_type !== "files") : [];
}

export function isEmpty(value: FieldValue | undefined): boolean {
  return value === undefined || value === false || (typeof value === "string" && value.trim() === "");
}

/** The value the API expects, or an error message a person can act on. */
export function toApiValue(
  attribute: TicketTypeAttributeField,
  value: FieldValue,
): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (attribute.data_type) {
    case "boolean":
      return { ok: true, value: value === true };
    case "integer": {
      const n = Number(value);
      return Number.isSafeInteger(n)
        ? { ok: true, value: n }
        : { ok: false, message: "Enter a whole number." };
    }
    case "decimal": {
      const n = Number(value);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: "Enter a number." };
    }
    case "datetime": {
      const date = new Date(String(value));
      return Number.isNaN(date.getTime())
        ? { ok: false, message: "Enter a date and time." }
        : { ok: true, value: date.toISOString() };
    }
    case "string":
    case "list":
    case "files":
      return { ok: true, value: String(value) };
  }
}

export function FieldInput({
  attribute,
  id,
  value,
  error,
  onChange,
}: {
  attribute: TicketTypeAttributeField;
  id: string;
  value: FieldValue | undefined;
  error: string | undefined;
  onChange: (value: FieldValue) => void;
}) {
  const required = attribute.required_to_create_for_contacts;
  // The default title and description carry descriptions meant for teammates; they need no hint here.
  const showHint =
    attribute.description !== "" &&
    attribute.name !== DEFAULT_TITLE &&
    attribute.name !== DEFAULT_DESCRIPTION;
  const hintId = showHint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    "aria-required": required || undefined,
  };
  const label = (
    <label htmlFor={id}>
      {attribute.label}
      {required ? (
        <span className="required-mark" aria-hidden="true">
          {" "}
          *
        </span>
      ) : null}
      {required ? <span className="sr-only"> (required)</span> : null}
    </label>
  );
  const text = typeof value === "string" ? value : "";
  let input;
  switch (attribute.data_type) {
    case "boolean":
      return (
        <div className="field field--checkbox">
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
          />
          {label}
          {hintId ? (
            <p id={hintId} className="muted field__hint">
              {attribute.description}
            </p>
          ) : null}
          {error ? (
            <p id={errorId} className="field__error">
              {error}
            </p>
          ) : null}
        </div>
      );
    case "list":
      input = (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose…</option>
          {listOptions(attribute).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
      break;
    case "integer":
    case "decimal":
      input = (
        <input
          {...common}
          type="number"
          step={attribute.data_type === "integer" ? 1 : "any"}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case "datetime":
      input = (
        <input {...common} type="datetime-local" value={text} onChange={(e) => onChange(e.target.value)} />
      );
      break;
    case "string":
    case "files":
      input =
        attribute.input_options.multiline === true ? (
          <textarea {...common} rows={5} value={text} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input {...common} type="text" value={text} onChange={(e) => onChange(e.target.value)} />
        );
      break;
  }
  return (
    <div className="field">
      {label}
      {hintId ? (
        <p id={hintId} className="muted field__hint">
          {attribute.description}
        </p>
      ) : null}
      {input}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The attributes to send for the filled-in form, or the message for each field that is not right. */
export function collectAttributes(
  type: PortalTicketType,
  values: Values,
): { attributes: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const attributes: Record<string, unknown> = {};
  for (const attribute of formFields(type)) {
    const value = values[attribute.name];
    if (isEmpty(value)) {
      if (attribute.required_to_create_for_contacts)
        errors[attribute.name] = `${attribute.label} is required.`;
      continue;
    }
    const converted = toApiValue(attribute, value!);
    if (converted.ok) attributes[attribute.name] = converted.value;
    else errors[attribute.name] = converted.message;
  }
  return { attributes, errors };
}

/** The form's summary line for the fields still to correct, or null when none is left. */
export function correctionSummary(count: number): string | null {
  if (count === 0) return null;
  return count === 1 ? "Please correct 1 field." : `Please correct ${count} fields.`;
}

/**
 * The errors once a field has a new value: its own error goes (it is checked again on submit), so no
 * "Title is required." stays beside a title that is there.
 */
export function errorsAfterChange(errors: Record<string, string>, name: string): Record<string, string> {
  if (!(name in errors)) return errors;
  const { [name]: _cleared, ...rest } = errors;
  return rest;
}

/** The form field a server error names, by its label ("Title") or its name. */
export function fieldOfError(type: PortalTicketType | undefined, message: string): string | undefined {
  return formFields(type).find((a) => message.startsWith(a.label) || message.startsWith(a.name))?.name;
}
