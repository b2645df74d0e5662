// Every route an app serves, read from Fastify's own route tree (printRoutes), for tests that must
// reach all of them (the hostile-input sweep).
import type { FastifyInstance } from "fastify";

export interface RouteEntry {
  method: string;
  url: string;
}

/** Parses `printRoutes({ commonPrefix: false })`: each node's text extends its parent's path. */
export function listRoutes(app: FastifyInstance): RouteEntry[] {
  const lines = app.printRoutes({ commonPrefix: false }).split("\n");
  const stack: string[] = [];
  const routes: RouteEntry[] = [];
  for (const line of lines) {
    const match = /^([\s│├└─]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = Math.floor(match[1]!.length / 4);
    stack.length = depth;
    stack[depth] = match[2]!;
    const url = stack.join("");
    for (const method of (match[3] ?? "").split(",").map((m) => m.trim())) {
      if (method !== "") routes.push({ method, url });
    }
  }
  return routes;
}
