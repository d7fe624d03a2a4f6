import { crc32, deflateRawSync } from "node:zlib";

export interface ZipEntry {
  /** Path inside the archive, "/"-separated, UTF-8. */
  name: string;
  data: Buffer | string;
}

export interface ZipOptions {
  /** Modification time stamped on every entry (local time, 2-second resolution). */
  modifiedAt?: Date;
}

const utf8Names = 0x0800; // general-purpose flag bit 11: names are UTF-8
const madeByUnix = (3 << 8) | 20; // host Unix, spec 2.0: external attributes are Unix modes
const regularFile = (0o100644 << 16) >>> 0;

function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getFullYear(), 1980), 2107);
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

function checkName(name: string, seen: Set<string>): Buffer {
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
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length > 0xffff) throw new Error("file name too long for ZIP");
  return bytes;
}

/**
 * A ZIP archive (PKWARE APPNOTE 6.3, no ZIP64, no encryption) built in memory.
 * Each entry is deflated when that makes it smaller and stored otherwise (PNGs are
 * already compressed). Names carry the UTF-8 flag so Chinese names survive
 * Windows Explorer, macOS Archive Utility and Info-ZIP alike.
 */
export function zipArchive(files: ZipEntry[], options: ZipOptions = {}): Buffer {
  const { time, date } = dosDateTime(options.modifiedAt ?? new Date());
  const seen = new Set<string>();
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  if (files.length > 0xffff) throw new Error("too many files for a ZIP without ZIP64");

  for (const file of files) {
    const name = checkName(file.name, seen);
    const data = typeof file.data === "string" ? Buffer.from(file.data, "utf8") : file.data;
    const deflated = deflateRawSync(data, { level: 9 });
    const useDeflate = deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const crc = crc32(data);
    if (data.length > 0xfffffffe || offset + body.length > 0xfffffffe) {
      throw new Error("ZIP larger than 4 GB needs ZIP64");
    }

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(useDeflate ? 20 : 10, 4); // version needed to extract
    local.writeUInt16LE(utf8Names, 6);
    local.writeUInt16LE(useDeflate ? 8 : 0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(madeByUnix, 4);
    local.copy(entry, 6, 4, 30); // version needed … name length: identical fields
    entry.writeUInt16LE(0, 32); // comment length
    entry.writeUInt16LE(0, 34); // disk number
    entry.writeUInt16LE(0, 36); // internal attributes
    entry.writeUInt32LE(regularFile, 38);
    entry.writeUInt32LE(offset, 42);

    chunks.push(local, name, body);
    central.push(entry, name);
    offset += local.length + name.length + body.length;
  }

  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8); // entries on this disk
  end.writeUInt16LE(files.length, 10); // entries in total
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}
