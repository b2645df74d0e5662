// `npm run bench`: each benchmark prints its numbers next to a baseline measured in the same run.
// BENCH_ONLY=realtime|api runs one of them.
import { runApiCreateBench } from "./apiCreate.ts";
import { runRealtimeBench } from "./realtime.ts";

const only = process.env.BENCH_ONLY;
if (!only || only === "api") await runApiCreateBench();
if (!only || only === "realtime") await runRealtimeBench();
