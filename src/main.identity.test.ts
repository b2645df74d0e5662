// The identity commands of the `portico` CLI, run as a real process against each dialect's database.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { sqliteFile } from "../test/dialects.ts";

const BIN = join(import.meta.dirname, "..", "bin", "portico.mjs");

function portico(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const dialects: Array<{ name: string; url: () => string }> = [
  { name: "sqlite", url: () => `sqlite:${sqliteFile()}` },
];
const postgresUrl = inject("postgresUrl");
if (postgresUrl) dialects.push({ name: "postgres", url: () => postgresUrl });

for (const dialect of dialects) {
  describe(`portico CLI identity commands (${dialect.name})`, () => {
    it("rotates the identity secret, keeps two at most, and revokes the previous one", async () => {
      const e = {
        DATABASE_URL: dialect.url(),
        DATA_DIR: mkdtempSync(join(tmpdir(), "portico-cli-")),
        PUBLIC_URL: "http://portico.test",
      };
      const slug = `rot-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      const created = await portico(
        [
          "workspace",
          "create",
          "--name",
          "Rot Co",
          "--slug",
          slug,
          "--admin-email",
          `${slug}@example.com`,
        ].concat(["--admin-password", "a long password", "--json"]),
        e,
      );
      expect(created.code).toBe(0);
      const first = JSON.parse(created.stdout).identity_secret as string;

      const rotated = await portico(["workspace", "rotate-secret", slug, "--json"], e);
      expect(rotated.code).toBe(0);
      const output = JSON.parse(rotated.stdout);
      expect(output.identity_secret).toMatch(/^[0-9a-f]{64}$/);
      expect(output.identity_secret).not.toBe(first);
      expect(output.active_secrets).toHaveLength(2);
      expect(output.active_secrets[0].id).toBe(output.secret_id);

      const third = await portico(["workspace", "rotate-secret", slug], e);
      expect(third.code).toBe(1);
      expect(third.stderr).toContain("revoke the previous one");

      expect((await portico(["workspace", "revoke-secret", slug], e)).code).toBe(2);
      expect((await portico(["workspace", "revoke-secret", slug, "--id", "nope"], e)).code).toBe(1);
      const lastOne = await portico(["workspace", "revoke-secret", slug, "--id", output.secret_id], e);
      expect(lastOne.code).toBe(0);
      // With the new one revoked only the first remains, and it cannot go.
      const alone = await portico(
        ["workspace", "revoke-secret", slug, "--id", output.active_secrets[1].id],
        e,
      );
      expect(alone.code).toBe(1);
      expect(alone.stderr).toContain("only active identity secret");
      expect((await portico(["workspace", "rotate-secret", slug], e)).code).toBe(0);
      const revoked = await portico(["workspace", "revoke-secret", slug, "--previous"], e);
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain(`Revoked: ${output.active_secrets[1].id}`);

      const origins = await portico(
        [
          "workspace",
          "update",
          slug,
          "--messenger-origins",
          "https://a.example, https://b.example",
          "--json",
        ],
        e,
      );
      expect(origins.code).toBe(0);
      expect(JSON.parse(origins.stdout).messenger.allowed_origins).toEqual([
        "https://a.example",
        "https://b.example",
      ]);
    });
  });
}
