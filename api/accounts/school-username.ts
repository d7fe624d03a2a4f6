import { createHash } from "node:crypto";
import { usernamePattern } from "../staff/index.ts";

/**
 * The username of a school's account, from its code: the code in lower case when it is a
 * valid username (`ds001`), else `school-` and the code's letters and digits (`school-7`),
 * else (a code with none) `school-` and a short hash of it. `taken` holds the names in use,
 * lower case: a clash gets `-2`, `-3` … (two districts may use the same codes).
 */
export function schoolUsername(code: string, taken: ReadonlySet<string>): string {
  const lower = code.trim().toLowerCase();
  const cleaned = lower.replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+|[._-]+$/g, "");
  const base = usernamePattern.test(lower)
    ? lower
    : cleaned
      ? `school-${cleaned}`.slice(0, 56)
      : `school-${createHash("sha256").update(code).digest("hex").slice(0, 8)}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const name = `${base.slice(0, 56)}-${n}`;
    if (!taken.has(name)) return name;
  }
}
