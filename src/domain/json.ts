// Reading the JSON text columns back: a corrupt document is a server bug, so it throws loudly.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function parseObject(text: string): JsonObject {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error("stored JSON document is not an object");
  }
  return value as JsonObject;
}

export function parseArray(text: string): JsonValue[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) throw new Error("stored JSON document is not an array");
  return value as JsonValue[];
}

export const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);
export const seconds = (ms: number): number => Math.floor(ms / 1000);
