// Encrypts secrets the server must read back (identity secrets) with AES-256-GCM under SECRET_KEY.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

function subkey(secretKey: Buffer, purpose: string): Buffer {
  return createHmac("sha256", secretKey).update(`portico:${purpose}`).digest();
}

export function seal(secretKey: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", subkey(secretKey, "secret-box"), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(
    ".",
  );
}

export function open(secretKey: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("unknown sealed secret format");
  const decipher = createDecipheriv(
    "aes-256-gcm",
    subkey(secretKey, "secret-box"),
    Buffer.from(iv, "base64"),
  );
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}
