import type { Context } from "hono";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/**
 * Sends HTML compressed for the 4G phone: brotli at a moderate quality (the
 * page embeds the questionnaire, ~10–30 KB of JSON, and is made per request).
 */
export function sendHtml(c: Context, html: string, status: 200 | 404 | 410 = 200): Response {
  const raw = Buffer.from(html, "utf8");
  const accept = c.req.header("accept-encoding") ?? "";
  c.header("Content-Type", "text/html; charset=utf-8");
  c.header("Vary", "Accept-Encoding");
  if (/\bbr\b/.test(accept)) {
    c.header("Content-Encoding", "br");
    const body = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
    return c.body(new Uint8Array(body), status);
  }
  if (/\bgzip\b/.test(accept)) {
    c.header("Content-Encoding", "gzip");
    return c.body(new Uint8Array(gzipSync(raw, { level: 6 })), status);
  }
  return c.body(html, status);
}
