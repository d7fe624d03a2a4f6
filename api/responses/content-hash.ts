import { hash } from "node:crypto";

/**
 * The JSON text of a value with every object's keys sorted and undefined members left out:
 * exactly `JSON.stringify` of a key-sorted copy (the form hashes were first made with, so
 * stored hashes still match their retries), written in one pass without building the copy.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      const item: unknown = value[i];
      // As JSON.stringify: an array keeps its length, what JSON cannot hold becomes null.
      out += item === undefined || typeof item === "function" ? "null" : canonicalJson(item);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Array-index keys ("0", "12") come first in ascending number in any JS object, and the
  // key-sorted copy was such an object: they keep that order, the others sort.
  const own = Object.keys(record);
  let indexKeys = 0;
  while (indexKeys < own.length && isArrayIndex(own[indexKeys]!)) indexKeys++;
  const keys =
    indexKeys === 0 ? own.sort() : [...own.slice(0, indexKeys), ...own.slice(indexKeys).sort()];
  let out = "{";
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || typeof member === "function") continue;
    out += `${first ? "" : ","}${JSON.stringify(key)}:${canonicalJson(member)}`;
    first = false;
  }
  return `${out}}`;
}

function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9][0-9]*)$/.test(key) && Number(key) < 4_294_967_295;
}

/** SHA-256 of a JSON value with its object keys sorted, so key order never matters. */
export function contentHash(value: unknown): string {
  return hash("sha256", canonicalJson(value), "hex");
}
