import type { Kysely } from "kysely";
import {
  type GovernmentScore,
  type Label,
  type ReadinessCriterion,
  type SatisfactionInput,
  type Scheme,
  governmentScore,
  governmentScoreErrors,
  leftOutSchools,
  readiness,
  schoolStandards,
  threeGrowths,
} from "../../analysis/assessment/index.ts";
import type { Campaign, Database } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import { listVetoEntries } from "./vetoes-repository.ts";
import { budgetYears, governmentScores } from "./inputs-repository.ts";
import { levelEvaluations } from "./assessment-coefficients.ts";
import { assessmentContext } from "./assessment-context.ts";
import { type SchemeItem, schemeItems } from "./assessment-items.ts";
import type { VetoEntryRow } from "./vetoes-repository.ts";
import { campaignReport } from "../analysis/index.ts";

/**
 * Every criterion side by side (docs/assessment.md, Readiness) from what is stored: school figures,
 * item entries and their figures, scores, the budget series, the disabled-children rate, and
 * satisfaction from the campaign's analysis report. Inputs that are absent stay absent, so their
 * criteria read "unknown". Each criterion carries the words people read (the scheme's labels);
 * the details list the schools left out of the coefficients and why.
 */
export async function assessmentReadiness(db: Kysely<Database>, campaign: Campaign) {
  const context = await assessmentContext(db, campaign);
  const { scheme } = context;
  const [entries, scores, series, satisfaction] = await Promise.all([
    listVetoEntries(db, campaign.id),
    governmentScores(db, campaign.id),
    budgetYears(db, campaign.id),
    reportSatisfaction(db, campaign.id),
  ]);
  const hasParts = context.schools.parts.length > 0;
  const standards = hasParts ? schoolStandards(scheme, context.schools.parts) : null;
  const growths =
    series.length > 0 && scheme.threeGrowths !== null
      ? threeGrowths(series, scheme.threeGrowths)
      : null;
  const government = scoreOf(scheme, scores);
  const items = schemeItems(scheme);
  const known = new Map(items.map((i) => [i.itemId, i]));
  const result = readiness({
    scheme,
    balance: levelEvaluations(context),
    schoolStandards: standards,
    schools: hasParts ? context.schools.parts : null,
    satisfaction,
    vetoEntries: entries
      .filter((e) => known.has(e.itemId))
      .map((e) => ({
        itemId: e.itemId,
        status: e.status,
        figures: e.figures,
        ...(e.departments === null ? {} : { departments: e.departments }),
      })),
    governmentScore: government,
    threeGrowths: growths,
    disabledEnrolmentRate: context.disabledEnrolmentRate,
  });
  return {
    schemeId: scheme.id,
    schemeLabel: scheme.label,
    schoolYear: context.schoolYear,
    status: result.status,
    criteria: result.criteria.map((c) => decorate(scheme, c, known, entries)),
    details: {
      satisfaction,
      satisfactionThreshold: scheme.satisfactionThreshold,
      disabledEnrolmentRate: context.disabledEnrolmentRate,
      disabledEnrolmentThreshold: scheme.disabledEnrolmentThreshold,
      governmentScore: government,
      threeGrowths: growths,
      schoolStandards: standards && {
        status: standards.status,
        failing: standards.failing,
        unknown: standards.unknown,
        schools: standards.schools.map((s) => ({
          schoolId: s.schoolId,
          level: s.level,
          status: s.status,
          missed: s.missed,
          unknown: s.unknown,
        })),
      },
      schoolsWithoutData: context.schools.withoutData,
      schoolStandardRule: scheme.schoolStandard.rule,
      exclusions: scheme.exclusions,
      leftOut: leftOutSchools(scheme.exclusions, context.schools.parts),
    },
    schoolNames: context.schools.names,
  };
}

const itemPrefix = /^(?:veto|application|guarantee|quality):/;

/** A criterion with what the page shows beside it. */
export interface CriterionView extends ReadinessCriterion {
  /** The item's or indicator's words (absent for the fixed conditions: the page names those). */
  label?: Label;
  /** Resource indicators: their unit. */
  unit?: string;
  /** Items: how they are decided, their list, their figures' words. */
  evaluation?: SchemeItem["evaluation"];
  area?: SchemeItem["area"];
  figureLabels?: Record<string, Label>;
  /** Items with an entry: its note and due date ("YYYY-MM-DD"). */
  entry?: { note: string; dueDate: string | null };
}

function decorate(
  scheme: Scheme,
  c: ReadinessCriterion,
  items: ReadonlyMap<string, SchemeItem>,
  entries: readonly VetoEntryRow[],
): CriterionView {
  if (c.criterion.startsWith("resource:")) {
    const indicator = scheme.indicators[c.criterion.slice("resource:".length)];
    return { ...c, ...(indicator ? { label: indicator.label, unit: indicator.unit } : {}) };
  }
  const itemId = itemPrefix.test(c.criterion) ? c.criterion.replace(itemPrefix, "") : null;
  const item = itemId === null ? undefined : items.get(itemId);
  const entry = itemId === null ? undefined : entries.find((e) => e.itemId === itemId);
  return {
    ...c,
    ...(item
      ? {
          label: item.label,
          evaluation: item.evaluation,
          area: item.area,
          figureLabels: Object.fromEntries(item.figures.map((f) => [f.id, f.label])),
        }
      : {}),
    ...(entry ? { entry: { note: entry.note, dueDate: entry.dueDate } } : {}),
  };
}

function scoreOf(scheme: Scheme, scores: Record<string, number>): GovernmentScore | null {
  const config = scheme.governmentScore;
  if (config === null) return null;
  // Scores of indicators an override has since removed (or capped) are left out, not fatal.
  const bad = new Set(governmentScoreErrors(config, scores).map((e) => e.indicatorId));
  const usable = Object.fromEntries(Object.entries(scores).filter(([id]) => !bad.has(id)));
  return governmentScore(config, usable);
}

/** The report's satisfaction on the proportion scale; null when there is no verdict yet. */
async function reportSatisfaction(
  db: Kysely<Database>,
  campaignId: number,
): Promise<SatisfactionInput | null> {
  try {
    const report = await campaignReport(db, campaignId);
    const s = report.satisfaction;
    const kind = s.verdict?.verdict;
    if (kind === undefined || s.estimate === null || s.lowerBound === null) return null;
    const unit = s.scale === "score" ? 100 : 1;
    return { estimate: s.estimate / unit, lowerBound: s.lowerBound / unit, verdict: kind };
  } catch (error) {
    // Unusable analysis settings leave satisfaction unknown here; the report page says why.
    if (error instanceof AppError && error.status < 500) return null;
    throw error;
  }
}
