import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt (node:crypto), stored as a PHC-style string
 * `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64, no padding), so the cost
 * can be raised later without breaking existing hashes.
 */

const defaults = { ln: 15, r: 8, p: 1 } as const;
const saltBytes = 16;
const keyBytes = 32;

interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  // scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is just too small for N = 2^15.
  const maxmem = 256 * N * params.r;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFC"),
      salt,
      keyBytes,
      { N, r: params.r, p: params.p, maxmem },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, defaults);
  const { ln, r, p } = defaults;
  return `$scrypt$ln=${ln},r=${r},p=${p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

const format = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([\w-]+)\$([\w-]+)$/;

/** Constant-time comparison; false for a malformed or out-of-range stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = format.exec(stored);
  if (!m) return false;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (
    params.ln < 10 ||
    params.ln > 20 ||
    params.r < 1 ||
    params.r > 32 ||
    params.p < 1 ||
    params.p > 4
  ) {
    return false;
  }
  const expected = Buffer.from(m[5] ?? "", "base64url");
  if (expected.length !== keyBytes) return false;
  const key = await derive(password, Buffer.from(m[4] ?? "", "base64url"), params);
  return timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;

/**
 * A hash of nothing anyone knows, to verify against when the username does not
 * exist: the answer then takes as long as for a real account.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString("base64url"));
  return dummy;
}
