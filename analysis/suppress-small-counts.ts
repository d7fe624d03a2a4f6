import type {
  AnalysisReport,
  ReportBreakdownRow,
  GroupWeights,
  ReportEntry,
  ReportFigure,
} from "./analysis-report.ts";

/**
 * The report for audiences other than admins (docs/integrity.md, Privacy; README's privacy rules):
 * a figure from three people identifies them, so every figure with fewer than 5 respondents with a
 * value (n < 5) loses its estimate, SE, intervals and lower bound (null), and its counts show as
 * "<5": n and Kish's n_eff always (n_eff ≤ n), rows and df (df < rows) when rows < 5. Respondent
 * counts per group, school and area type (the sample and the weight audit) under 5 show as "<5"
 * too. A count of 0 identifies nobody and stays 0 ("no response yet" is worth knowing). The
 * headline figures follow the same rule, and the verdict goes with a suppressed satisfaction
 * figure.
 *
 * Not covered (and not claimed): differencing, e.g. a suppressed school's count recovered as
 * the total minus the other schools; the campaign-wide totals stay exact.
 */
export type SmallCount = "<5";
export type SuppressedCount = number | SmallCount;
export type SuppressedReport = AnalysisReport<SuppressedCount>;

export const smallCountBelow = 5;
export const smallCount: SmallCount = "<5";

export function suppressSmallCounts(report: AnalysisReport): SuppressedReport {
  const { satisfaction, awareness, breakdowns, weights, sample, exclusions } = report;
  const { withExcluded } = exclusions;
  return {
    ...report,
    satisfaction: suppressedHeadline(satisfaction),
    awareness: suppressedAwareness(awareness),
    exclusions: {
      responses: exclusions.responses,
      withExcluded:
        withExcluded === null
          ? null
          : {
              rows: withExcluded.rows,
              satisfaction: suppressedHeadline(withExcluded.satisfaction),
              awareness: suppressedAwareness(withExcluded.awareness),
            },
    },
    breakdowns: {
      satisfaction: mapValues(breakdowns.satisfaction, (rows) => rows.map(suppressedRow)),
      awareness: mapValues(breakdowns.awareness, (rows) => rows.map(suppressedRow)),
    },
    weights: {
      ...weights,
      byGroup: mapValues(weights.byGroup, (group): GroupWeights<SuppressedCount> => ({
        ...group,
        respondents: count(group.respondents),
      })),
    },
    sample: {
      rows: sample.rows,
      byGroup: mapValues(sample.byGroup, count),
      byAreaType: mapValues(sample.byAreaType, count),
      bySchool: mapValues(sample.bySchool, count),
      byVersion: sample.byVersion.map((v) => ({ ...v, responses: count(v.responses) })),
    },
  };
}

function suppressedHeadline(
  satisfaction: AnalysisReport["satisfaction"],
): SuppressedReport["satisfaction"] {
  const suppressed = suppressedEntry(satisfaction);
  return {
    ...suppressed,
    verdict: suppressed.estimate === null ? null : satisfaction.verdict,
    byGroup: mapValues(satisfaction.byGroup, suppressedEntry),
  };
}

function suppressedAwareness(
  awareness: AnalysisReport["awareness"],
): SuppressedReport["awareness"] {
  return { ...suppressedEntry(awareness), byGroup: mapValues(awareness.byGroup, suppressedEntry) };
}

/** A count under 5 (but not 0) as "<5". */
function count(value: number): SuppressedCount {
  return value > 0 && value < smallCountBelow ? smallCount : value;
}

function suppressedFigure(figure: ReportFigure): ReportFigure<SuppressedCount> {
  if (figure.n >= smallCountBelow) return figure;
  const fewRows = figure.rows < smallCountBelow;
  return {
    ...figure,
    estimate: null,
    se: null,
    ci: null,
    lowerBound: null,
    n: count(figure.n),
    nEff: count(figure.n),
    rows: fewRows ? count(figure.rows) : figure.rows,
    df: fewRows ? count(figure.rows) : figure.df,
  };
}

function suppressedEntry(entry: ReportEntry): ReportEntry<SuppressedCount> {
  return { ...suppressedFigure(entry), unweighted: suppressedFigure(entry.unweighted) };
}

function suppressedRow(row: ReportBreakdownRow): ReportBreakdownRow<SuppressedCount> {
  return { ...suppressedEntry(row), key: row.key, label: row.label };
}

function mapValues<K extends string, T, U>(
  record: Readonly<Record<K, T>>,
  map: (value: T) => U,
): Record<K, U> {
  return Object.fromEntries(
    Object.entries<T>(record).map(([key, value]) => [key, map(value)]),
  ) as Record<K, U>;
}
