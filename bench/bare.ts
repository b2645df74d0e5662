// The baselines, served by their own process on the same Node as Portico: a bare Fastify JSON route,
// and a bare Server-Sent Events broadcast (no database, no authorization) for the realtime benchmark.
import Fastify from "fastify";
import type { ServerResponse } from "node:http";
import { installProbe } from "./probe.ts";

installProbe();
const app = Fastify({ logger: false });
app.get("/bare", async () => ({ hello: "world" }));

const streams = new Set<ServerResponse>();
app.get("/events", (request, reply) => {
  reply.hijack();
  reply.raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
  reply.raw.flushHeaders();
  streams.add(reply.raw);
  request.raw.on("close", () => streams.delete(reply.raw));
});
app.post<{ Querystring: { round?: string } }>("/trigger", async (request) => {
  const body = JSON.stringify({ round: Number(request.query.round ?? 0), state: "resolved" });
  for (const stream of streams) stream.write(`event: ticket\ndata: ${body}\n\n`);
  return { readers: streams.size };
});
app.server.maxConnections = 50_000;

await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
const address = app.server.address();
process.send?.({ listening: typeof address === "object" && address ? address.port : 0 });
// Open event streams would keep a graceful close waiting: a baseline just stops.
process.once("SIGTERM", () => process.exit(0));
process.once("SIGINT", () => process.exit(0));
