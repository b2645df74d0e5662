// Chromium for browser tests: the system package (/usr/bin/chromium), never a downloaded build.
// *.acme.test resolves to this machine, so real cross-subdomain cookies can be exercised locally.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll } from "vitest";

export const CHROMIUM = "/usr/bin/chromium";

/**
 * Whether browser tests can run. Under CI=true a missing Chromium fails the run; locally the browser
 * tests are skipped, loudly.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === "true") throw new Error(`Chromium is required in CI but ${CHROMIUM} is missing`);
  console.warn(
    `\n!!! ${CHROMIUM} is missing: the browser tests are SKIPPED in this run.\n` +
      "!!! Install it with: apt-get install -y chromium\n",
  );
  return false;
}

/**
 * One browser per test file, launched on first use and closed after the file. `mapTestDomains: false`
 * leaves name resolution to Chromium alone (it sends *.localhost to this machine by itself).
 */
export function testBrowser(options: { mapTestDomains?: boolean } = {}): () => Promise<Browser> {
  let browser: Promise<Browser> | undefined;
  afterAll(async () => {
    if (browser) await (await browser).close();
  });
  const mapping = options.mapTestDomains === false ? [] : ["--host-resolver-rules=MAP *.acme.test 127.0.0.1"];
  return () =>
    (browser ??= chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage", ...mapping],
    }));
}

/** Where browser tests leave their screenshots (created on import). */
export const ARTIFACTS = join(import.meta.dirname, "..", ".test-artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/** How long a page may take to show a change on a busy machine (a ceiling, never a measured time). */
export const UNTIL = { timeout: 10_000 };
