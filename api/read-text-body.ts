import type { Context } from "hono";
import { AppError } from "./errors.ts";
import { message } from "./locales/messages.ts";

/**
 * Reads a UTF-8 body of an accepted media type under a byte limit: 415 for
 * another type, 413 when too large (checked while streaming, so a lying
 * Content-Length cannot help), 400 `invalid_encoding` for bytes that are not UTF-8.
 */
export async function readTextBody(
  c: Context,
  mediaType: RegExp,
  maxBytes: number,
  invalidEncodingCode = "invalid_encoding",
): Promise<string> {
  if (!mediaType.test(c.req.header("content-type") ?? "")) {
    throw new AppError(415, "unsupported_media_type", message("unsupported_media_type"));
  }
  const bytes = await readBodyBytes(c, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError(400, invalidEncodingCode, message("invalid_encoding"));
  }
}

/** The body's bytes under a limit, checked while streaming (a lying Content-Length cannot help). */
export async function readBodyBytes(c: Context, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new AppError(413, "payload_too_large", message("payload_too_large", { limit: maxBytes }));
  const declared = Number(c.req.header("content-length"));
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
  return Buffer.concat(chunks);
}
