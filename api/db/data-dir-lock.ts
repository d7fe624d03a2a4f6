import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export class DataDirInUseError extends Error {
  override name = "DataDirInUseError";
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One PGlite database belongs to one process: a second opener would corrupt
 * it. A pid file claims the folder; a claim left by a crashed process is taken
 * over. Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, "junheng.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(file, "utf8"));
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new DataDirInUseError(
          `the database in ${dir} is in use by process ${owner}; stop it first (PGlite serves one process)`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(`cannot claim ${dir}`);
}
