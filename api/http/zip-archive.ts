import { type Zippable, zipSync } from "fflate";

export interface ZipEntry {
  /** Path inside the archive, "/"-separated, UTF-8. */
  name: string;
  data: Buffer | string;
}

export interface ZipOptions {
  /** Modification time stamped on every entry (local time, 2-second resolution). */
  modifiedAt?: Date;
}

const unix = 3; // "version made by" host: external attributes are Unix modes
const regularFile = (0o100644 << 16) >>> 0;

/** Refuses names that would escape the folder they are extracted to, or collide. */
function checkName(name: string, seen: Set<string>): void {
  const parts = name.split("/");
  if (
    name === "" ||
    name.startsWith("/") ||
    name.includes("\\") ||
    name.includes("\0") ||
    parts.some((part) => part === "" || part === "." || part === "..")
  ) {
    throw new Error(`unsafe file name in ZIP: ${JSON.stringify(name)}`);
  }
  if (seen.has(name)) throw new Error(`duplicate file name in ZIP: ${JSON.stringify(name)}`);
  seen.add(name);
}

/**
 * A ZIP archive built in memory by fflate (no ZIP64), entries in the order given (fflate
 * takes an object: a name that is an array index, "7", would come first). Entries are
 * deflated at level 9; data that does not shrink goes into stored deflate blocks (PNGs
 * are already compressed). Non-ASCII names carry the UTF-8 flag, so Chinese names
 * survive Windows Explorer, macOS Archive Utility and Info-ZIP alike.
 */
export function zipArchive(files: ZipEntry[], options: ZipOptions = {}): Buffer {
  if (files.length > 0xffff) throw new Error("too many files for a ZIP without ZIP64");
  const seen = new Set<string>();
  const entries: Zippable = {};
  for (const file of files) {
    checkName(file.name, seen);
    entries[file.name] = typeof file.data === "string" ? Buffer.from(file.data, "utf8") : file.data;
  }
  const zip = zipSync(entries, {
    level: 9,
    mtime: options.modifiedAt ?? new Date(),
    os: unix,
    attrs: regularFile,
  });
  return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
}
