import type { Context } from "hono";
import type { z } from "zod";
import { AppError } from "./errors.ts";
import { message } from "./messages.ts";

/**
 * The query string checked by a schema: 400 `invalid_query` on any problem, its first
 * five issues in the message (`describe` words it for a feature that has its own text).
 */
export function readQuery<T extends z.ZodType>(
  c: Context,
  schema: T,
  describe: (detail: string) => string = (detail) => message("invalid_body", { detail }),
): z.infer<T> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(query)"}: ${i.message}`)
      .join("; ");
    throw new AppError("invalid_query", describe(detail));
  }
  return result.data;
}
