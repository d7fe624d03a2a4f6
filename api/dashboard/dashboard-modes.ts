import {
  type AnswerMode,
  type CallOutcomes,
  type ReturnLink,
  answerModes,
  noCalls,
  validReturnLine,
  validReturnRates,
} from "../../analysis/index.ts";
import type { CallOutcome } from "../db/database.ts";
import type { CallCount, DashboardChannelRow, ResponseCell, VisitCount } from "./repository.ts";

/**
 * One mode of answering (online, interviewer, telephone, paper) as the dashboard shows it: how
 * many responses came that way and the valid-return rate of the scope's links of that mode
 * (analysis/valid-return-rate.ts; docs/weighting.md, Valid-return rate).
 */
export interface DashboardMode<C> {
  mode: AnswerMode;
  /** The scope's links of this mode. */
  links: number;
  /** The scope's responses that came through a link of this mode. */
  responses: C;
  /** The rate's numerator (capped at `base`) and its base: opened, calls or sheets handed out. */
  returned: C;
  base: C;
  /** returned ÷ base; null when there is no base (or, for non-admins, when it would give a hidden count back). */
  rate: number | null;
  /** Below the 70 % line; null without a rate. */
  belowLine: boolean | null;
  /** Paper links whose sheets handed out are not entered yet ("未录入"); 0 for other modes. */
  notEntered: number;
  /** Telephone: the scope's calls per outcome; null for other modes. */
  calls: { completed: C; refused: C; noAnswer: C; wrongNumber: C } | null;
}

/** The valid-return rate over every mode together, against the line the rules set. */
export interface DashboardReturn<C> {
  line: number;
  returned: C;
  base: C;
  rate: number | null;
  belowLine: boolean | null;
}

const outcomeField: Record<CallOutcome, keyof CallOutcomes> = {
  completed: "completed",
  refused: "refused",
  no_answer: "noAnswer",
  wrong_number: "wrongNumber",
};

function sum<T>(rows: readonly T[], value: (row: T) => number): number {
  return rows.reduce((total, row) => total + value(row), 0);
}

/**
 * Each link's figures for the valid-return rate (analysis/valid-return-rate.ts), by link id:
 * its mode, responses through it, visits opened, calls by outcome, sheets handed out.
 */
export function returnLinks(
  channels: readonly DashboardChannelRow[],
  cells: readonly ResponseCell[],
  visitsOf: ReadonlyMap<number, VisitCount>,
  calls: readonly CallCount[],
): Map<number, ReturnLink> {
  const callsOf = new Map<number, CallOutcomes>();
  for (const c of calls) {
    const outcomes = callsOf.get(c.channelId) ?? { ...noCalls };
    outcomes[outcomeField[c.outcome]] += c.calls;
    callsOf.set(c.channelId, outcomes);
  }
  const through = new Map<number, number>();
  for (const c of cells) through.set(c.channelId, (through.get(c.channelId) ?? 0) + c.responses);
  return new Map(
    channels.map((ch) => [
      ch.id,
      {
        mode: ch.mode,
        responses: through.get(ch.id) ?? 0,
        opened: visitsOf.get(ch.id)?.opened ?? 0,
        calls: callsOf.get(ch.id) ?? noCalls,
        distributed: ch.distributedCount,
      },
    ]),
  );
}

/**
 * Counts by mode and the valid-return rates of the scope. `cells` are the scope's responses (a
 * school's: those attributed to it, whatever the link); `links` are the scope's own links
 * (`returnLinks`), over which the rates are taken.
 */
export function dashboardModes(
  cells: readonly ResponseCell[],
  linkFigures: ReadonlyMap<number, ReturnLink>,
): { modes: DashboardMode<number>[]; validReturn: DashboardReturn<number> } {
  const links = [...linkFigures.values()];
  const rates = validReturnRates(links);
  const modes = answerModes.map((mode): DashboardMode<number> => {
    const rate = rates.byMode.find((r) => r.mode === mode);
    const own = links.filter((l) => l.mode === mode);
    return {
      mode,
      links: rate?.links ?? 0,
      responses: sum(
        cells.filter((c) => c.mode === mode),
        (c) => c.responses,
      ),
      returned: rate?.returned ?? 0,
      base: rate?.base ?? 0,
      rate: rate?.rate ?? null,
      belowLine: rate?.belowLine ?? null,
      notEntered: rate?.notEntered ?? 0,
      calls:
        mode === "telephone"
          ? {
              completed: sum(own, (l) => l.calls.completed),
              refused: sum(own, (l) => l.calls.refused),
              noAnswer: sum(own, (l) => l.calls.noAnswer),
              wrongNumber: sum(own, (l) => l.calls.wrongNumber),
            }
          : null,
    };
  });
  return { modes, validReturn: { line: validReturnLine, ...rates.overall } };
}
