import { createHash, randomBytes } from "node:crypto";

/**
 * 32 random bytes (256 bits), base64url: 43 characters. Guessing one is pointless at any
 * request rate (2^256 candidates for the few links ever printed), so the setup routes need
 * no rate limit of their own; and once an admin exists no link works at all.
 */
export function newSetupToken(): string {
  return randomBytes(32).toString("base64url");
}

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** Whether a string could be a token we made; anything else is unknown without a lookup. */
export function looksLikeSetupToken(token: string): boolean {
  return tokenShape.test(token);
}

/** The database keeps only this: the SHA-256 of the token, in hex. */
export function setupTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
