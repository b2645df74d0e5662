// Request validation: JSON bodies are strict (no type coercion, unknown properties refused); query
// strings and path parameters are text by nature, so their numbers and booleans are coerced.
import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";

function compiler(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: false, ...options });
  addFormats.default(ajv);
  return ajv;
}

export function registerValidation(app: FastifyInstance): void {
  const strict = compiler({ coerceTypes: false, removeAdditional: false });
  const coercing = compiler({ coerceTypes: "array", removeAdditional: false });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === "body" ? strict.compile(schema) : coercing.compile(schema),
  );
}
