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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("malformed_json", message("malformed_json"));
  }
  return parsed(schema, value);
}

function parsed<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
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

/**
 * Like `readJsonBody` for bodies that may be left out (an action with optional settings):
 * no body at all reads as `{}`; a body that is there is held to the same rules.
 */
export async function readOptionalJsonBody<T extends z.ZodType>(
  c: Context,
  schema: T,
  maxBytes: number,
): Promise<z.infer<T>> {
  const length = c.req.header("content-length");
  const empty = length === "0" || (length === undefined && !c.req.header("content-type"));
  if (empty) return parsed(schema, {});
  return readJsonBody(c, schema, maxBytes);
}
