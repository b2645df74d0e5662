// Maps every error to one body shape (API.md's error.list) and status, once, for all surfaces.
import { randomUUID } from "node:crypto";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseUnavailable } from "../db/resilience.ts";
import { DomainError, httpStatusOf, type ErrorCode } from "../domain/errors.ts";

/** Seconds a client is asked to wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * A value the database refused as data (PostgreSQL class 22: a number out of its column's range, a NUL
 * byte in text, malformed input for a type). The edge refuses these first, naming the field; this is
 * the backstop, so that what slipped through is still the client's 400 and never a 500.
 */
function isRefusedValue(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code);
}

export function errorBody(code: ErrorCode | string, message: string, field?: string) {
  return {
    type: "error.list" as const,
    request_id: randomUUID(),
    errors: [{ code, message, ...(field ? { field } : {}) }],
  };
}

export function sendError(
  reply: FastifyReply,
  status: number,
  code: ErrorCode | string,
  message: string,
  field?: string,
) {
  return reply
    .code(status)
    .type("application/json")
    .send(errorBody(code, message, field));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError | DomainError | Error, request: FastifyRequest, reply: FastifyReply) => {
      if (error instanceof DomainError) {
        return sendError(reply, httpStatusOf(error.code), error.code, error.message, error.field);
      }
      const fastifyError = error as FastifyError;
      if (fastifyError.validation) {
        const first = fastifyError.validation[0];
        const field =
          first?.instancePath?.replace(/^\//, "").replace(/\//g, ".") ||
          (first?.params as { missingProperty?: string })?.missingProperty;
        return sendError(reply, 400, "parameter_invalid", fastifyError.message, field || undefined);
      }
      if (
        fastifyError.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
        fastifyError.code === "FST_ERR_CTP_EMPTY_JSON_BODY"
      ) {
        return sendError(reply, 400, "parameter_invalid", "The request body is not valid JSON.");
      }
      if (fastifyError.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
        return sendError(reply, 413, "parameter_invalid", "The request body is too large (1 MiB at most).");
      }
      if (fastifyError.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
        return sendError(reply, 415, "parameter_invalid", "Send the request body as application/json.");
      }
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: error }, "database unavailable");
        reply.header("retry-after", String(RETRY_AFTER_SECONDS));
        return sendError(
          reply,
          503,
          "service_unavailable",
          "The service is briefly unavailable; nothing was changed. Please retry shortly.",
        );
      }
      if (isRefusedValue(error)) {
        request.log.warn({ err: error }, "value refused by the database");
        return sendError(reply, 400, "parameter_invalid", "A value in the request cannot be stored.");
      }
      const status = fastifyError.statusCode ?? 500;
      if (status >= 500) {
        request.log.error({ err: error }, "request failed");
        return sendError(
          reply,
          500,
          "server_error",
          "Something went wrong on our side; nothing was changed.",
        );
      }
      return sendError(
        reply,
        status,
        status === 429 ? "rate_limit_exceeded" : "parameter_invalid",
        error.message,
      );
    },
  );
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, "not_found", `No route for ${request.method} ${request.url.split("?")[0]}`),
  );
}
