import { send } from "./api-client.ts";

export interface DownloadProgress {
  /** Bytes received so far; 0 until the server starts answering. */
  received: number;
  /** From Content-Length; null when the server did not say. */
  total: number | null;
}

/** The file name the server suggests (RFC 6266: filename* wins over filename). */
export function suggestedName(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star.trim());
    } catch {
      // a malformed encoding: try the plain name
    }
  }
  return /filename\s*=\s*"([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

/**
 * Fetches a file while reporting progress, then hands it to the browser as a
 * download. `onProgress` is first called once the response headers arrive
 * (the server builds the file before that: show "generating" until then).
 */
export async function downloadWithProgress(
  url: string,
  fallbackName: string,
  onProgress: (progress: DownloadProgress) => void,
): Promise<{ name: string; bytes: number }> {
  const res = await send("GET", url);
  const length = Number(res.headers.get("content-length"));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const name = suggestedName(res.headers.get("content-disposition"), fallbackName);
  const chunks: Uint8Array[] = [];
  let received = 0;
  onProgress({ received, total });
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress({ received, total });
    }
  } else {
    const buffer = new Uint8Array(await res.arrayBuffer());
    chunks.push(buffer);
    received = buffer.byteLength;
    onProgress({ received, total });
  }
  const blob = new Blob(chunks as BlobPart[], {
    type: res.headers.get("content-type") ?? "application/octet-stream",
  });
  const href = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href, download: name });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL goes.
  window.setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return { name, bytes: received };
}
