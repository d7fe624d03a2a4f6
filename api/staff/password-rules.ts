import { dictionary } from "@zxcvbn-ts/language-common";
import chineseCommon from "./common-passwords-zh.json" with { type: "json" };

export const minPasswordLength = 10;
export const maxPasswordLength = 256;

/**
 * The ~49,000 most common passwords of the zxcvbn list, plus the pinyin and number patterns
 * common in China that the list lacks; compared without case.
 */
const common = new Set(
  [...dictionary["passwords-common"], ...chineseCommon].map((p) => p.toLowerCase()),
);

/** Why a password is refused (a message key), or null when it is acceptable. */
export type PasswordProblem =
  "password_too_short" | "password_too_long" | "password_common" | "password_is_username";

/**
 * The one set of password rules, for every way a password is set (setup, the accounts page,
 * a change, the command line): at least 10 characters, not a common password, not the username.
 */
export function passwordProblem(password: string, username: string): PasswordProblem | null {
  if (password.length < minPasswordLength) return "password_too_short";
  if (password.length > maxPasswordLength) return "password_too_long";
  if (password.toLowerCase() === username.toLowerCase()) return "password_is_username";
  if (common.has(password.toLowerCase())) return "password_common";
  return null;
}
