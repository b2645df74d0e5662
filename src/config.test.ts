// Environment -> Config, and the one-line errors for bad values.
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const dataDir = () => mkdtempSync(join(tmpdir(), "portico-config-"));

describe("loadConfig", () => {
  it("defaults to SQLite in the data directory on port 3000", () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({
      dialect: "sqlite",
      file: join(dir, "portico.db"),
      synchronous: "full",
    });
    expect(config.publicUrl).toBe("http://localhost:3000");
    expect(config.allowHttp).toBe(false);
  });

  it("listens on loopback only unless HOST says otherwise", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).host).toBe("localhost");
    expect(loadConfig({ DATA_DIR: dataDir(), HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });

  it("generates SECRET_KEY once, private, and keeps it", () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).secretKey;
    expect(first).toHaveLength(32);
    expect(loadConfig({ DATA_DIR: dir }).secretKey.equals(first)).toBe(true);
    expect(statSync(join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "secret.key"), "utf8").trim()).toBe(first.toString("hex"));
  });

  it("reads PostgreSQL from DATABASE_URL and strips a trailing slash from PUBLIC_URL", () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      DATABASE_URL: "postgres://u@db:5432/portico",
      PUBLIC_URL: "https://support.example.com/",
      SECRET_KEY: "ab".repeat(32),
    });
    expect(config.database).toEqual({
      dialect: "postgres",
      url: "postgres://u@db:5432/portico",
      poolSize: 10,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 30_000,
    });
    expect(config.publicUrl).toBe("https://support.example.com");
  });

  it("trusts forwarding headers only when TRUST_PROXY says so, and reads SMTP_URL", () => {
    const base = { DATA_DIR: dataDir(), SECRET_KEY: "ab".repeat(32) };
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig(base).smtpUrl).toBeNull();
    expect(loadConfig({ ...base, TRUST_PROXY: "1" }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" }).trustProxy).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
    ]);
    const smtp = loadConfig({ ...base, SMTP_URL: "smtps://u:p@mail.example.com:465", MAIL_FROM: "a@b.c" });
    expect(smtp.smtpUrl).toBe("smtps://u:p@mail.example.com:465");
    expect(smtp.mailFrom).toBe("a@b.c");
  });

  it.each([
    ["PORT", "99999"],
    ["PORT", "-1"],
    ["DATABASE_URL", "mysql://localhost/x"],
    ["PUBLIC_URL", "not a url"],
    ["PUBLIC_URL", "ftp://example.com"],
    ["SECRET_KEY", "zz".repeat(32)],
    ["LOG_LEVEL", "chatty"],
    ["SQLITE_SYNCHRONOUS", "off"],
    ["PORTICO_ALLOW_HTTP", "yes"],
    ["TRUST_PROXY", "yes please"],
    ["SMTP_URL", "http://mail.example.com"],
  ])("refuses %s=%s with a message naming it", (name, value) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), [name]: value })).toThrow(name);
  });
});
