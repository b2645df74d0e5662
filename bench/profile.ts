// Reads the V8 CPU profile a benchmarked server wrote (node --cpu-prof) and lists where its time went:
// the functions with the most self time, and the same time summed per package or source folder.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script lives: its npm package, or its folder under src/. */
function owner(url: string): string {
  if (url === "") return "(native / V8)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node core";
  const src = url.indexOf("/src/");
  if (src >= 0)
    return `src/${url
      .slice(src + 5)
      .split("/")
      .slice(0, -1)
      .join("/")}`;
  return url.split("/").slice(-2).join("/");
}

export function summariseProfile(dir: string, top = 15): string {
  // The main thread's profile is the largest (tsx's loader thread writes a small one of its own).
  const file = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!file) return `no CPU profile in ${dir}`;
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const frames = new Map<string, number>();
  const owners = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)") {
      idle += us;
      continue;
    }
    busy += us;
    const key = `${functionName || "(anonymous)"} ${url ? `${url.split("/").slice(-2).join("/")}:${lineNumber + 1}` : ""}`;
    frames.set(key, (frames.get(key) ?? 0) + us);
    owners.set(owner(url), (owners.get(owner(url)) ?? 0) + us);
  }
  const share = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const lines = [
    `  profile ${file}: ${(busy / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle`,
    "  self time by function:",
    ...[...frames]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `    ${share(us)}  ${k}`),
    "  self time by package / folder:",
    ...[...owners]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `    ${share(us)}  ${k}`),
  ];
  return lines.join("\n");
}
