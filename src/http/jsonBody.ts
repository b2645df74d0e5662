// JSON body parsing: an empty body is no body (clients send DELETE with a JSON content type and
// nothing else); anything else must be valid JSON, with prototype-poisoning keys refused.
import type { FastifyInstance } from "fastify";
import sjson from "secure-json-parse";

export function registerJsonParser(app: FastifyInstance): void {
  // JSON is the only body type most routes take: anything else (text/plain included) is 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, sjson.parse(text, undefined, { protoAction: "error", constructorAction: "error" }));
    } catch {
      const error = new Error("The request body is not valid JSON.") as Error & {
        statusCode: number;
        code: string;
      };
      error.statusCode = 400;
      error.code = "FST_ERR_CTP_INVALID_JSON_BODY";
      done(error, undefined);
    }
  });
}
