import { AppError } from "../http/errors.ts";
import { StaffAccountError } from "../staff/index.ts";
import { accountMessage } from "./messages.ts";

/** PostgreSQL's unique_violation: two admins took the same username at the same moment. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "23505";
}

/**
 * Runs an account write and answers its refusals as the API's errors: a broken account rule
 * with its code (422 weak_password or invalid_account, 409 username_taken), and the race
 * the unique index settles as 409 too.
 */
export async function asAccountErrors<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof StaffAccountError) throw new AppError(error.code, error.message);
    if (isUniqueViolation(error)) {
      throw new AppError("username_taken", accountMessage("usernameTaken"));
    }
    throw error;
  }
}
