// axe-core in a browser test: the serious and critical violations on the page, as rule ids.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Frame, Page } from "playwright-core";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Injected through the DevTools protocol rather than a <script> tag, so pages keep their real
 * Content-Security-Policy while they are checked.
 */
export async function seriousViolations(target: Page | Frame): Promise<string[]> {
  await target.evaluate(`${AXE};0`);
  const result = await target.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string | null }> }> };
      }
    ).axe;
    return axe.run();
  });
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
}
