// Errors as values with stable codes (API.md), mapped once to HTTP statuses and the error.list body.

export type ErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "ticket_not_found"
  | "company_not_found"
  | "parameter_invalid"
  | "parameter_not_found"
  | "parameter_mismatch"
  | "ticket_state_id_invalid"
  | "invalid_ticket_type"
  | "conflict"
  | "idempotency_key_mismatch"
  | "idempotency_key_in_progress"
  | "rate_limit_exceeded"
  | "service_unavailable"
  | "server_error";

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case "unauthorized":
      return 401;
    case "forbidden":
      return 403;
    case "not_found":
    case "ticket_not_found":
    case "company_not_found":
      return 404;
    case "parameter_invalid":
    case "parameter_not_found":
    case "parameter_mismatch":
    case "ticket_state_id_invalid":
    case "invalid_ticket_type":
      return 400;
    case "conflict":
    case "idempotency_key_in_progress":
      return 409;
    case "idempotency_key_mismatch":
      return 422;
    case "rate_limit_exceeded":
      return 429;
    case "server_error":
      return 500;
    case "service_unavailable":
      return 503;
  }
}

export const notFound = (what: string, code: ErrorCode = "not_found") =>
  new DomainError(code, `${what} not found`);
export const invalid = (field: string, message: string) =>
  new DomainError("parameter_invalid", message, field);
