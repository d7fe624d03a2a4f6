import { type Scheme, type SchemeResult, parseScheme } from "./scheme.ts";

/**
 * A province's changes on top of a scheme: a plain deep merge, then the whole result is checked.
 * Objects merge key by key; arrays and numbers replace; `null` removes an item that is an object
 * (an indicator, a veto, a checked item, the government score, three growths) and otherwise sets
 * the value to null (a threshold that does not apply at a level); an object with a different
 * `kind` (a rule, a measure, a check) replaces the old one whole. Example: `{ schoolStandard:
 * { indicators: { class_size: { threshold: { primary: 45 } } } } }`.
 */
export function applySchemeOverrides(base: Scheme, overrides: unknown): SchemeResult {
  if (!isPlainObject(overrides)) {
    return { ok: false, issues: [{ path: "", message: "overrides must be an object" }] };
  }
  return parseScheme(deepMerge(base, overrides));
}

function deepMerge(base: unknown, patch: Readonly<Record<string, unknown>>): unknown {
  const merged: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(patch)) {
    const current = Object.hasOwn(merged, key) ? merged[key] : undefined;
    if (value === null && isPlainObject(current)) delete merged[key];
    else {
      const next =
        isPlainObject(value) && !changesKind(current, value) ? deepMerge(current, value) : value;
      // defineProperty: a "__proto__" key from JSON stays a plain (and rejected) key.
      Object.defineProperty(merged, key, {
        value: next,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return merged;
}

/** A rule or measure of another kind replaces the old one instead of mixing their fields. */
function changesKind(current: unknown, value: Readonly<Record<string, unknown>>): boolean {
  return isPlainObject(current) && "kind" in value && value.kind !== current.kind;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
