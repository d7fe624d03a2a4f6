/**
 * The valid-return rate (有效回收率) the rules ask to be at least 70 %, per mode of answering and
 * overall (docs/weighting.md, Valid-return rate):
 *
 *   online, interviewer:  completed ÷ opened   (visits of the links; at most 1)
 *   telephone:            completed ÷ calls to working numbers
 *                         = completed ÷ (completed + refused + no answer), each recorded call
 *                         once; a wrong number never reached anyone the survey is for and
 *                         stays out of the base
 *   paper:                completed ÷ sheets handed out, over the links whose count is
 *                         entered (at most 1); links without one are counted apart
 *   overall:              Σ returned ÷ Σ base over the modes above, each mode's returned
 *                         capped at its base
 *
 * `returned` is capped at `base` where the two come from separate records (a phone that blocked
 * the page's visit report still completes; a paper count typed too low): a rate above 100 %
 * would say nothing true.
 */
export type AnswerMode = "online" | "interviewer" | "telephone" | "paper";

export const answerModes: readonly AnswerMode[] = ["online", "interviewer", "telephone", "paper"];

/** The line the rules set. */
export const validReturnLine = 0.7;

export interface CallOutcomes {
  completed: number;
  refused: number;
  noAnswer: number;
  wrongNumber: number;
}

/** One link's figures: its mode, responses through it, visits opened, calls, sheets handed out. */
export interface ReturnLink {
  mode: AnswerMode;
  responses: number;
  opened: number;
  calls: CallOutcomes;
  /** Sheets handed out (paper); null: not entered. */
  distributed: number | null;
}

export interface ReturnRate {
  /** What came back (capped at `base`). */
  returned: number;
  /** What it is measured against: visits opened, calls to working numbers, or sheets handed out. */
  base: number;
  /** returned ÷ base; null when the base is 0. */
  rate: number | null;
  /** Below the 70 % line; null when there is no rate. */
  belowLine: boolean | null;
}

export interface ModeReturn extends ReturnRate {
  mode: AnswerMode;
  /** Links of this mode. */
  links: number;
  /** Paper links whose sheets handed out are not entered (0 for the other modes). */
  notEntered: number;
}

export interface ValidReturnRates {
  overall: ReturnRate;
  byMode: ModeReturn[];
}

export const noCalls: CallOutcomes = { completed: 0, refused: 0, noAnswer: 0, wrongNumber: 0 };

function rate(returned: number, base: number): ReturnRate {
  const capped = Math.min(returned, base);
  const share = base > 0 ? capped / base : null;
  return {
    returned: capped,
    base,
    rate: share,
    belowLine: share === null ? null : share < validReturnLine,
  };
}

const sum = <T>(rows: readonly T[], value: (row: T) => number) =>
  rows.reduce((total, row) => total + value(row), 0);

/** The calls a telephone rate is measured against: every outcome but a wrong number. */
export function callsInBase(calls: CallOutcomes): number {
  return calls.completed + calls.refused + calls.noAnswer;
}

function modeRate(mode: AnswerMode, links: readonly ReturnLink[]): ModeReturn {
  const own = links.filter((l) => l.mode === mode);
  let figures: ReturnRate;
  let notEntered = 0;
  switch (mode) {
    case "online":
    case "interviewer":
      figures = rate(
        sum(own, (l) => l.responses),
        sum(own, (l) => l.opened),
      );
      break;
    case "telephone":
      figures = rate(
        sum(own, (l) => l.calls.completed),
        sum(own, (l) => callsInBase(l.calls)),
      );
      break;
    case "paper": {
      const entered = own.filter((l) => l.distributed !== null);
      notEntered = own.length - entered.length;
      figures = rate(
        sum(entered, (l) => l.responses),
        sum(entered, (l) => l.distributed ?? 0),
      );
      break;
    }
  }
  return { mode, links: own.length, notEntered, ...figures };
}

export function validReturnRates(links: readonly ReturnLink[]): ValidReturnRates {
  for (const l of links) {
    const counts = [l.responses, l.opened, ...Object.values(l.calls), l.distributed ?? 0];
    if (counts.some((n) => !Number.isInteger(n) || n < 0))
      throw new RangeError("a link's counts must be whole numbers ≥ 0");
  }
  const byMode = answerModes.map((mode) => modeRate(mode, links));
  return {
    overall: rate(
      sum(byMode, (w) => w.returned),
      sum(byMode, (w) => w.base),
    ),
    byMode,
  };
}
