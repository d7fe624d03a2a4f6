import { randomInt } from "node:crypto";

/** Lower-case letters and digits without the look-alikes 0/o, 1/l/i: read off paper, typed on a phone. */
const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

/**
 * A password to hand over once, on a slip or by phone: three groups of four, e.g.
 * `k7mp-x3qa-9rtw` (14 characters, about 59 bits). It must be changed at the first sign-in.
 */
export function temporaryPassword(): string {
  const group = () =>
    Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join("");
  return [group(), group(), group()].join("-");
}
