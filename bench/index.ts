// `npm run bench`: each benchmark prints its numbers next to a baseline measured in the same run.
import { runRealtimeBench } from "./realtime.ts";

await runRealtimeBench();
