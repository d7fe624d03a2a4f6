import type { Kysely } from "kysely";
import type { AnswerMode, Database } from "../db/database.ts";
import { AppError, tooMany } from "../http/errors.ts";
import { codeGuessWait, countCodeGuess } from "../integrity/index.ts";
import { normaliseCode } from "./interviewer-code.ts";
import { interviewerMessage } from "./messages.ts";
import { findActiveInterviewerId } from "./repository.ts";

/** Links on which an interviewer enters a code and every response records them. */
export function takesInterviewer(mode: AnswerMode): boolean {
  return mode === "interviewer" || mode === "telephone";
}

export interface InterviewerCheck {
  campaignId: number;
  /** As typed (or as the page kept it); absent: none given. */
  code: string | undefined;
  /** The client address's keyed hash; null for loopback. */
  ipHash: string | null;
  now: Date;
}

/**
 * The interviewer a code names: an interviewer of this campaign who is not disabled. A wrong
 * code answers 422 `invalid_interviewer` and counts as a guess; once the address or the
 * campaign has used up its guesses, every code answers 429 until the window ends, a right one
 * too (api/integrity/code-guess-limit.ts).
 */
export async function resolveInterviewer(
  db: Kysely<Database>,
  check: InterviewerCheck,
): Promise<{ id: number; code: string }> {
  if (check.code === undefined || check.code.trim() === "")
    throw new AppError("invalid_interviewer", interviewerMessage("interviewerRequired"));
  const subject = { ipHash: check.ipHash, campaignId: check.campaignId };
  const wait = await codeGuessWait(db, subject, check.now);
  if (wait > 0)
    throw tooMany("rate_limited", interviewerMessage("tooManyGuesses", { seconds: wait }), wait);
  const code = normaliseCode(check.code);
  const id =
    code === undefined ? undefined : await findActiveInterviewerId(db, check.campaignId, code);
  if (id === undefined || code === undefined) {
    await countCodeGuess(db, subject, check.now);
    throw new AppError("invalid_interviewer", interviewerMessage("interviewerUnknown"));
  }
  return { id, code };
}

/** A code sent on a link that takes none: refused, so nothing is stored under a stray code. */
export function refuseStrayInterviewer(code: string | undefined): void {
  if (code !== undefined)
    throw new AppError("invalid_interviewer", interviewerMessage("interviewerNotExpected"));
}
