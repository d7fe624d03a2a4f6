/**
 * The media type of an evidence file judged by its first bytes, never by the name or the
 * declared type: PDF (%PDF-), JPEG (FF D8 FF), PNG (the 8-byte signature), and the two Office
 * Open XML packages, which are ZIP archives told apart by their main part (xl/workbook.xml for
 * XLSX, word/document.xml for DOCX; the names are stored uncompressed in the ZIP headers).
 * Anything else is null and refused.
 */
export const evidenceMediaTypes = {
  pdf: "application/pdf",
  jpeg: "image/jpeg",
  png: "image/png",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
} as const;

export type EvidenceMediaType = (typeof evidenceMediaTypes)[keyof typeof evidenceMediaTypes];

const starts = (bytes: Uint8Array, signature: readonly number[]) =>
  signature.every((b, i) => bytes[i] === b);

export function evidenceFileType(bytes: Uint8Array): EvidenceMediaType | null {
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return evidenceMediaTypes.pdf;
  if (starts(bytes, [0xff, 0xd8, 0xff])) return evidenceMediaTypes.jpeg;
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return evidenceMediaTypes.png;
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const names = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
    if (!names.includes("[Content_Types].xml")) return null;
    if (names.includes("xl/workbook.xml")) return evidenceMediaTypes.xlsx;
    if (names.includes("word/document.xml")) return evidenceMediaTypes.docx;
  }
  return null;
}
