import { AppError } from "../http/errors.ts";
import { assessmentMessage } from "./messages.ts";

/** Per-row problems of a refused upload or edit: 422 `invalid_rows` with every problem listed. */
export function invalidRows(
  errors: readonly { line: number; column: string | null; message: string }[],
): AppError {
  const first = errors[0];
  return new AppError(
    "invalid_rows",
    assessmentMessage("invalidRows", {
      count: errors.length,
      first: first ? `${assessmentMessage("line", { line: first.line })}: ${first.message}` : "",
    }),
    errors.slice(0, 500),
  );
}
