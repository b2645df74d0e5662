// The demo admin's sign-in, kept in <DATA_DIR>/demo-credentials.json (mode 600) when the demo is seeded:
// the password is hashed in the database, so this file is the only place it can be read back from.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface DemoCredentials {
  email: string;
  password: string;
}

export function demoCredentialsFile(dataDir: string): string {
  return join(dataDir, "demo-credentials.json");
}

export function writeDemoCredentials(dataDir: string, credentials: DemoCredentials): void {
  writeFileSync(demoCredentialsFile(dataDir), JSON.stringify(credentials, null, 2) + "\n", { mode: 0o600 });
}

/** The kept sign-in, or null when there is none (seeded elsewhere, or deleted) or it cannot be read. */
export function readDemoCredentials(dataDir: string): DemoCredentials | null {
  const file = demoCredentialsFile(dataDir);
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<DemoCredentials>;
    return typeof parsed.email === "string" && typeof parsed.password === "string"
      ? { email: parsed.email, password: parsed.password }
      : null;
  } catch {
    return null;
  }
}
