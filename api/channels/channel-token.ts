import { randomBytes } from "node:crypto";

/**
 * 96 random bits in 16 URL-safe characters: unguessable, yet short enough for
 * a WeChat message and a QR code that scans well from a printed poster.
 */
export function newChannelToken(): string {
  return randomBytes(12).toString("base64url");
}

export function newIpSalt(): string {
  return randomBytes(16).toString("hex");
}
