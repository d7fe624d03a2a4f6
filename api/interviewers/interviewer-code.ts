import { randomInt } from "node:crypto";

/**
 * Letters and digits that cannot be mistaken for one another when read aloud, handwritten or
 * typed on a phone: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V.
 */
export const codeAlphabet = "ACDEFGHJKMNPQRTWXY34679";

/** Characters in a generated code (docs/interviewers.md says why eight). */
export const codeLength = 8;

/** A fresh random code, e.g. `KX7MP3QA` (shown as `KX7M-P3QA`). */
export function newInterviewerCode(): string {
  let code = "";
  for (let i = 0; i < codeLength; i++) code += codeAlphabet[randomInt(codeAlphabet.length)];
  return code;
}

/**
 * A code as someone typed it: case, spaces and hyphens do not matter (`kx7m-p3qa`). Undefined
 * when what is left cannot be a code at all.
 */
export function normaliseCode(typed: string): string | undefined {
  const code = typed.replace(/[\s-]/g, "").toUpperCase();
  return /^[A-Z0-9]{4,16}$/.test(code) ? code : undefined;
}
