import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { AppError } from "./errors.ts";
import { message } from "./messages.ts";

/**
 * Reads a UTF-8 body of an accepted media type under a byte limit: 415 for
 * another type, 413 when too large (checked while streaming, so a lying
 * Content-Length cannot help), 400 `invalid_encoding` for bytes that are not UTF-8.
 */
// Stateless for whole-buffer decoding, so one serves every request.
const utf8 = new TextDecoder("utf-8", { fatal: true });

export async function readTextBody(
  c: Context,
  mediaType: RegExp,
  maxBytes: number,
  invalidEncodingCode: "invalid_encoding" | "malformed_json" = "invalid_encoding",
): Promise<string> {
  if (!mediaType.test(c.req.header("content-type") ?? "")) {
    throw new AppError("unsupported_media_type", message("unsupported_media_type"));
  }
  const bytes = await readBodyBytes(c, maxBytes);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError(invalidEncodingCode, message("invalid_encoding"));
  }
}

/** The body's bytes under a limit, checked while streaming (a lying Content-Length cannot help). */
export async function readBodyBytes(c: Context, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new AppError("payload_too_large", message("payload_too_large", { limit: maxBytes }));
  const declared = Number(c.req.header("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const incoming = nodeRequest(c);
  if (incoming !== undefined) return readNodeBody(incoming, maxBytes, tooLarge);
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

/**
 * The Node request under @hono/node-server, whose body is read straight from it: going
 * through `c.req.raw.body` builds a web Request and a web stream per request, which cost
 * more CPU than everything else a submission does.
 */
function nodeRequest(c: Context): IncomingMessage | undefined {
  const env = c.env as { incoming?: unknown } | undefined;
  const incoming = env?.incoming;
  return incoming !== null &&
    typeof incoming === "object" &&
    typeof (incoming as IncomingMessage).on === "function" &&
    !(incoming as IncomingMessage).readableEnded
    ? (incoming as IncomingMessage)
    : undefined;
}

function readNodeBody(
  incoming: IncomingMessage,
  maxBytes: number,
  tooLarge: () => AppError,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (settle: () => void) => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("close", onClose);
      settle();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        // Stop reading; Node discards the rest (or closes the connection) after the 413.
        incoming.pause();
        done(() => reject(tooLarge()));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(() => resolve(Buffer.concat(chunks)));
    const onError = (error: Error) => done(() => reject(error));
    // Closed before its end without an error: the client went away mid-body.
    const onClose = () => done(() => reject(new Error("the request closed before its body ended")));
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
    incoming.on("close", onClose);
  });
}
