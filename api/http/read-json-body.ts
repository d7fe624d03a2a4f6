import type { Context } from "hono";
import type { z } from "zod";
import { AppError } from "./errors.ts";
import { message } from "./messages.ts";
import { readTextBody } from "./read-text-body.ts";

/**
 * Reads a JSON body under a byte limit and checks it against a schema, so every
 * failure has our error shape: 415 not JSON, 413 too large, 400 malformed.
 */
export async function readJsonBody<T extends z.ZodType>(
  c: Context,
  schema: T,
  maxBytes: number,
): Promise<z.infer<T>> {
  const text = await readTextBody(
    c,
    /^application\/(?:[\w.+-]+\+)?json\b/i,
    maxBytes,
    "malformed_json",
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError("malformed_json", message("malformed_json"));
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
      .join("; ");
    throw new AppError(
      "invalid_body",
      message("invalid_body", { detail }),
      result.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  return result.data;
}
