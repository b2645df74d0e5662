#!/usr/bin/env node
// The `portico` command: runs the TypeScript sources through tsx's loader (no build step for the server).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
