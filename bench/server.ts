// The Portico server the benchmarks spawn: exactly `portico serve`, with the probe installed first.
import { installProbe } from "./probe.ts";

installProbe();
const { main } = await import("../src/main.ts");
const code = await main(["serve"]);
if (code >= 0) process.exit(code);
