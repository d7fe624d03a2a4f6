/** The part of Web Crypto a v4 UUID needs; injectable so the fallback can be tested. */
export interface RandomSource {
  /** Only in secure contexts: missing on plain-HTTP pages, e.g. a WeChat link without TLS. */
  randomUUID?: () => string;
  getRandomValues(array: Uint8Array): Uint8Array;
}

function fromBytes(bytes: Uint8Array): string {
  // RFC 9562 §5.4: version 4 in the high nibble of byte 6, variant 10xx in byte 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A random (version 4) UUID: the response id the server deduplicates retries by. */
export function uuidV4(source: RandomSource | undefined = globalThis.crypto): string {
  if (source && typeof source.randomUUID === "function") return source.randomUUID();
  const bytes = new Uint8Array(16);
  if (source) {
    source.getRandomValues(bytes);
  } else {
    // No Web Crypto at all (very old webviews): ids only need to be unique, not secret.
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return fromBytes(bytes);
}
