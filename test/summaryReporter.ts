// Ends every run with a plain "Tests: N passed, N failed, N skipped" line (read by CI), the counts per
// database dialect, and a failure when the run executed no test at all.
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    const perDialect = new Map<string, { passed: number; failed: number }>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        const bucket = state === "passed" ? "passed" : state === "failed" ? "failed" : "skipped";
        totals[bucket]++;
        const dialect = /\((sqlite|postgres)\)/.exec(test.fullName)?.[1];
        if (dialect && bucket !== "skipped") {
          const counts = perDialect.get(dialect) ?? { passed: 0, failed: 0 };
          counts[bucket]++;
          perDialect.set(dialect, counts);
        }
      }
    }
    const lines = [...perDialect].map(
      ([dialect, c]) => `  ${dialect}: ${c.passed} passed, ${c.failed} failed`,
    );
    if (!perDialect.has("postgres")) lines.push("  postgres: NOT RUN (PostgreSQL was not reachable)");
    console.log(`\nDatabase tests per dialect:\n${lines.join("\n")}`);
    if (totals.passed + totals.failed === 0) {
      console.log("No test was executed: failing the run.");
      process.exitCode = 1;
    }
    console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  }
}
