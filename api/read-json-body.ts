import type { Context } from "hono";
import type { z } from "zod";
import { AppError } from "./errors.ts";
import { message } from "./locales/messages.ts";

/**
 * Reads a JSON body under a byte limit and checks it against a schema, so every
 * failure has our error shape: 415 not JSON, 413 too large, 400 malformed.
 * The limit is enforced while streaming, so a lying Content-Length cannot help.
 */
export async function readJsonBody<T extends z.ZodType>(
  c: Context,
  schema: T,
  maxBytes: number,
): Promise<z.infer<T>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", message("unsupported_media_type"));
  }
  const declared = Number(c.req.header("content-length"));
  const tooLarge = () =>
    new AppError(413, "payload_too_large", message("payload_too_large", { limit: maxBytes }));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();

  const reader = c.req.raw.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError(400, "malformed_json", message("malformed_json"));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError(400, "malformed_json", message("malformed_json"));
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
      .join("; ");
    throw new AppError(
      400,
      "invalid_body",
      message("invalid_body", { detail }),
      result.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  return result.data;
}
