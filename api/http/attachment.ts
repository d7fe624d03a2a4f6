import type { Context } from "hono";

/** Marks the response as a download: an ASCII file name for old clients, the real (Chinese) one beside it. */
export function attachment(c: Context, ascii: string, name: string): void {
  c.header(
    "Content-Disposition",
    `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
}
