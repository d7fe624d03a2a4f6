/**
 * Sufficient statistics of the analysis, one per cell of respondents that share a respondent
 * group, a school, a channel and a day. Every design weight is constant within a (group,
 * school) pair, so cells carry everything the estimates, their variances and every breakdown
 * need (by group, school, town, area type, channel, day, item), while the database does the
 * heavy counting in one GROUP BY and the CLI builds the same cells from an export file.
 *
 * The cells' shape is the contract between the SQL that counts (api/analysis) and the pure
 * arithmetic (analysis/): keep it stable.
 */

/** One value's statistics over the cell's respondents who have it (centred, so nothing cancels). */
export interface ValueStats {
  /** Respondents of the cell with a value. */
  readonly count: number;
  /** Mean of the values; 0 when count = 0. */
  readonly mean: number;
  /** Σ (y − mean)² over those respondents. */
  readonly m2: number;
}

export interface Cell {
  /** Respondent group key (`parent`, `teacher`, …): the stratum. */
  readonly group: string;
  /** School code, or null for a respondent without a school (residents, deputies …). */
  readonly school: string | null;
  /** The channel (link) the response came through, by its id as text. */
  readonly channel: string;
  /** Day of completion, YYYY-MM-DD in China Standard Time (UTC+8). */
  readonly day: string;
  /** Respondents in the cell, with or without values: the design's rows. */
  readonly rows: number;
  /** y_i under the campaign's definition (respondent-value.ts). */
  readonly satisfaction: ValueStats;
  /** 1 if the awareness answer counts as aware, else 0; blank leaves it out. */
  readonly awareness: ValueStats;
  /** Per satisfaction item: favourable 1/0, or the option's score under the `score` definition. */
  // cellsFromRespondents lists every item in every cell; a missing item reads as no value.
  readonly items: Readonly<Record<string, ValueStats>>;
  /**
   * Per source-of-information option (awareness source item, multiple choice): 1 if chosen,
   * else 0, over respondents who answered the source question.
   * cellsFromRespondents lists every option chosen anywhere in every cell; the report also
   * reads cells listing only the options chosen in them (report-tables.ts): an option missing
   * from a cell with answerers counts as not chosen by them.
   */
  readonly sources: Readonly<Record<string, ValueStats>>;
}

export const emptyValueStats: ValueStats = Object.freeze({ count: 0, mean: 0, m2: 0 });

/** China Standard Time has no daylight saving: a fixed offset is exact. */
export const reportTimeZoneOffsetMinutes = 8 * 60;

/** The report day (YYYY-MM-DD, China Standard Time) of an instant. */
export function reportDay(at: Date): string {
  return new Date(at.getTime() + reportTimeZoneOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
