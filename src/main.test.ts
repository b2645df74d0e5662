// The `portico` command line, run as a real process against each dialect's database.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { sqliteFile } from "../test/dialects.ts";

const BIN = join(import.meta.dirname, "..", "bin", "portico.mjs");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function portico(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const dialects: Array<{ name: string; url: () => string }> = [
  { name: "sqlite", url: () => `sqlite:${sqliteFile()}` },
];
const postgresUrl = inject("postgresUrl");
if (postgresUrl) dialects.push({ name: "postgres", url: () => postgresUrl });

for (const dialect of dialects) {
  describe(`portico CLI (${dialect.name})`, () => {
    const env = () => ({
      DATABASE_URL: dialect.url(),
      DATA_DIR: mkdtempSync(join(tmpdir(), "portico-cli-")),
      PUBLIC_URL: "http://portico.test",
    });

    it("creates a workspace and prints the promised JSON", async () => {
      const e = env();
      const slug = `cli-${Date.now().toString(36)}`;
      const run = await portico(
        [
          "workspace",
          "create",
          "--name",
          "CLI Co",
          "--slug",
          slug,
          "--admin-email",
          `${slug}@example.com`,
          "--admin-password",
          "a long password",
          "--json",
        ],
        e,
      );
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const output = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(Object.keys(output).sort()).toEqual([
        "api_token",
        "help_center_url",
        "identity_secret",
        "workspace",
      ]);
      expect(output.workspace).toEqual({ id: expect.stringMatching(/^[a-z0-9]{8}$/), slug, name: "CLI Co" });
      expect(output.api_token).toMatch(/^pt_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
      expect(output.identity_secret).toMatch(/^[0-9a-f]{64}$/);
      expect(output.help_center_url).toBe(`http://portico.test/help/${slug}`);

      // Turning the portal on names every unmet prerequisite and exits 1.
      const refused = await portico(["workspace", "update", slug, "--portal", "on"], e);
      expect(refused.code).toBe(1);
      for (const prerequisite of [
        "help_center_domain",
        "help_center_https",
        "help_center_live",
        "identity_enforced",
      ]) {
        expect(refused.stderr).toContain(prerequisite);
      }
      const partly = await portico(
        [
          "workspace",
          "update",
          slug,
          "--help-center-domain",
          `help.${slug}.example`,
          "--https",
          "on",
          "--help-center-live",
          "on",
        ],
        e,
      );
      expect(partly.code).toBe(0);
      const stillRefused = await portico(["workspace", "update", slug, "--portal", "on"], e);
      expect(stillRefused.code).toBe(1);
      expect(stillRefused.stderr).toContain("identity_enforced");
      expect(stillRefused.stderr).not.toContain("help_center_https");
      const enabled = await portico(
        ["workspace", "update", slug, "--identity-enforced", "on", "--portal", "on", "--json"],
        e,
      );
      expect(enabled.code).toBe(0);
      const settings = JSON.parse(enabled.stdout) as { tickets_portal: { enabled: boolean; url: string } };
      expect(settings.tickets_portal).toMatchObject({
        enabled: true,
        url: `https://help.${slug}.example/tickets`,
      });
    });

    it("creates, lists and revokes API tokens, showing a token only once", async () => {
      const e = env();
      const slug = `tok-${Date.now().toString(36)}`;
      const created = await portico(
        [
          "workspace",
          "create",
          "--name",
          "Tok",
          "--slug",
          slug,
          "--admin-email",
          `${slug}@example.com`,
          "--admin-password",
          "a long password",
        ],
        e,
      );
      expect(created.code).toBe(0);
      const made = await portico(["token", "create", slug, "--name", "Zapier", "--json"], e);
      expect(made.code).toBe(0);
      const { id, token } = JSON.parse(made.stdout) as { id: string; token: string };
      expect(token).toMatch(/^pt_/);
      const listed = await portico(["token", "list", slug], e);
      expect(listed.stdout).toContain(id);
      expect(listed.stdout).toContain("Zapier");
      expect(listed.stdout).not.toContain(token);
      expect((await portico(["token", "revoke", slug, id], e)).code).toBe(0);
      expect((await portico(["token", "list", slug], e)).stdout).toMatch(new RegExp(`${id}.*revoked`));
      const again = await portico(["token", "revoke", slug, id], e);
      expect(again.code).toBe(1);
      expect((await portico(["token", "revoke", slug], e)).code).toBe(2);
    });

    it("answers wrong arguments with the usage and exit code 2", async () => {
      const e = env();
      for (const args of [
        ["workspace", "create", "--name", "X"],
        ["workspace", "create", "--bogus"],
        ["workspace", "update"],
        ["workspace", "update", "demo", "--portal", "maybe"],
        ["frobnicate"],
        [],
      ]) {
        const run = await portico(args, e);
        expect(run.code, args.join(" ")).toBe(2);
        expect(run.stdout + run.stderr).toContain("Usage: portico");
      }
    });

    it("reports a domain error in one line with exit code 1", async () => {
      const run = await portico(["workspace", "update", "no-such-workspace", "--https", "on"], env());
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe('portico: no workspace with slug "no-such-workspace"');
    });
  });
}

describe("portico CLI configuration", () => {
  it("stops with a one-line message on a bad setting", async () => {
    for (const [name, value, message] of [
      ["PORT", "eighty", "PORT must be a whole number"],
      ["DATABASE_URL", "mysql://x", "DATABASE_URL must start with"],
      ["SECRET_KEY", "short", "SECRET_KEY must be 64 hexadecimal characters"],
      ["LOG_LEVEL", "loud", "LOG_LEVEL must be one of"],
    ] as const) {
      const run = await portico(["migrate"], {
        [name]: value,
        DATA_DIR: mkdtempSync(join(tmpdir(), "portico-cfg-")),
      });
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(message);
    }
  });
});

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe("portico start", () => {
  it("serves the seeded demo on loopback only, the start page on localhost and 127.0.0.1, and prints addresses with the port", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, "start"], {
      env: {
        PATH: process.env.PATH ?? "",
        LOG_LEVEL: "warn",
        PORT: String(port),
        DATA_DIR: mkdtempSync(join(tmpdir(), "portico-start-")),
        DATABASE_URL: `sqlite:${sqliteFile()}`,
      },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await expect.poll(() => output, { timeout: 45_000, interval: 100 }).toContain("password");
      expect(output).toContain(`start page        http://localhost:${port}/`);
      expect(output).toContain(`demo product      http://app.demo.localhost:${port}/`);
      expect(output).toContain(`Help Center       http://help.demo.localhost:${port}/`);
      expect(output).toContain("this machine only");
      for (const base of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
        const page = await fetch(`${base}/`);
        expect(page.status, base).toBe(200);
        expect(await page.text()).toContain(`href="http://app.demo.localhost:${port}/support"`);
      }
      // The demo's Help Center is live, with the portal on, on its .localhost name.
      // (node:http, because fetch may not set Host.)
      const portal = await new Promise<{ status: number }>((resolve, reject) => {
        get(
          { host: "127.0.0.1", port, path: "/tickets", headers: { host: `help.demo.localhost:${port}` } },
          (response) => {
            response.resume();
            resolve({ status: response.statusCode ?? 0 });
          },
        ).once("error", reject);
      });
      expect(portal.status).toBe(303);
      // No other interface answers: the demo admin's password is on the start page for this machine.
      const outside = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === "IPv4" && !a.internal);
      if (outside) {
        await expect(fetch(`http://${outside.address}:${port}/`)).rejects.toThrow();
      }
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
