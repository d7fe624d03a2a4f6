import type { GovernmentScore } from "./government-score.ts";
import type { Scheme, VetoEvaluation } from "./scheme.ts";
import type { SchemeEvaluation } from "./scheme-evaluation.ts";
import type { Level } from "./school-data.ts";
import type { SchoolStandards } from "./school-standards.ts";
import { type CriterionStatus, allOf } from "./status.ts";
import type { ThreeGrowths } from "./three-growths.ts";

/**
 * Every criterion of a scheme side by side (docs/assessment.md, Readiness): the pass conditions
 * (school standards, government score, balance per level, satisfaction) and every veto item,
 * each with pass / fail / unknown, the margin where there is a number, and who holds it back:
 * school ids for school standards and balance, departments for veto items. A condition that a
 * veto item already covers (satisfaction, school standards, disabled enrolment, three growths)
 * appears once, as the veto. Missing inputs give "unknown", never a pass.
 */

/** The satisfaction analysis's verdict, passed in as plain numbers (proportion scale). */
export interface SatisfactionInput {
  readonly estimate: number;
  readonly lowerBound: number;
  readonly verdict: "pass" | "at_risk" | "fail";
}

/**
 * A veto item's state as staff record it: "met" = the requirement holds (no veto). For items
 * evaluated from data (satisfaction, three growths …) the entry counts only while those data
 * are absent from the input.
 */
export interface VetoEntry {
  readonly itemId: string;
  readonly status: "met" | "not_met" | "unknown";
  /** Replaces the scheme's departments for this item when given. */
  readonly departments?: readonly string[];
}

export interface ReadinessInput {
  readonly scheme: Scheme;
  /** One evaluation per level; a level without one is unknown. */
  readonly balance?: readonly SchemeEvaluation[];
  readonly schoolStandards?: SchoolStandards | null;
  readonly satisfaction?: SatisfactionInput | null;
  readonly vetoEntries?: readonly VetoEntry[];
  readonly governmentScore?: GovernmentScore | null;
  readonly threeGrowths?: ThreeGrowths | null;
  /** Enrolled disabled children / disabled children of school age, 0 … 1. */
  readonly disabledEnrolmentRate?: number | null;
}

export type CriterionId =
  | "school_standards"
  | "government_score"
  | `balance:${Level}`
  | "satisfaction"
  | "disabled_enrolment"
  | "three_growths"
  | `veto:${string}`;

export interface ReadinessCriterion {
  readonly criterion: CriterionId;
  /** veto: failing it fails the district whatever else holds. */
  readonly kind: "condition" | "veto";
  readonly status: CriterionStatus;
  /** Distance to the line, positive = room to spare (CV: threshold − value; rates, scores: value − line). */
  readonly margin?: number;
  /** Schools (school ids) or departments behind a fail or an unknown; empty on a pass. */
  readonly holders: readonly string[];
  readonly holderKind: "schools" | "departments";
  /** Balance: the indicators above the threshold. */
  readonly indicators?: readonly string[];
  /**
   * at_risk: satisfaction estimate above the line, its lower bound below (shown as unknown);
   * borderline: a CV within ±0.005 of its line; incomplete: scores still missing; entered: an
   * automatic item decided by the staff's entry because its data are absent.
   */
  readonly note?: "at_risk" | "borderline" | "incomplete" | "entered";
}

export interface Readiness {
  readonly status: CriterionStatus;
  readonly criteria: readonly ReadinessCriterion[];
}

const levels: readonly Level[] = ["primary", "junior"];

export function readiness(input: ReadinessInput): Readiness {
  const { scheme } = input;
  const vetoCovers = new Set<VetoEvaluation>(Object.values(scheme.vetoes).map((v) => v.evaluation));
  const automatic = automaticCriteria(input);
  const criteria: ReadinessCriterion[] = [];
  const condition = (evaluation: VetoEvaluation, c: Omit<ReadinessCriterion, "kind">) => {
    if (!vetoCovers.has(evaluation)) criteria.push({ ...c, kind: "condition" });
  };

  condition("school_standards", automatic.school_standards);
  if (scheme.governmentScore !== null) criteria.push(governmentCriterion(input.governmentScore));
  for (const level of levels) criteria.push(balanceCriterion(level, input.balance));
  condition("satisfaction", automatic.satisfaction);
  condition("disabled_enrolment", automatic.disabled_enrolment);
  condition("three_growths", automatic.three_growths);

  const entries = new Map((input.vetoEntries ?? []).map((e) => [e.itemId, e]));
  for (const [itemId, item] of Object.entries(scheme.vetoes)) {
    const entry = entries.get(itemId);
    const departments = entry?.departments ?? item.departments;
    const entered: CriterionStatus =
      entry?.status === "met" ? "pass" : entry?.status === "not_met" ? "fail" : "unknown";
    const computed =
      item.evaluation === "manual" || !hasData(input, item.evaluation)
        ? null
        : automatic[item.evaluation];
    // Data decide where they exist; an entry with evidence stands in only while they are absent.
    if (computed === null) {
      const status = entered;
      criteria.push({
        criterion: `veto:${itemId}`,
        kind: "veto",
        status,
        holders: status === "pass" ? [] : departments,
        holderKind: "departments",
        ...(item.evaluation === "manual" || entry === undefined
          ? {}
          : { note: "entered" as const }),
      });
    } else {
      criteria.push({
        ...computed,
        criterion: `veto:${itemId}`,
        kind: "veto",
        // Computed items name departments only where no school is to blame.
        ...(computed.holderKind === "departments" && computed.status !== "pass"
          ? { holders: departments }
          : {}),
      });
    }
  }
  return { status: allOf(criteria.map((c) => c.status)), criteria };
}

function hasData(input: ReadinessInput, evaluation: Exclude<VetoEvaluation, "manual">): boolean {
  switch (evaluation) {
    case "school_standards":
      return input.schoolStandards != null;
    case "satisfaction":
      return input.satisfaction != null;
    case "disabled_enrolment":
      return input.disabledEnrolmentRate != null;
    case "three_growths":
      return input.threeGrowths != null;
  }
}

type Automatic = Record<Exclude<VetoEvaluation, "manual">, Omit<ReadinessCriterion, "kind">>;

function automaticCriteria(input: ReadinessInput): Automatic {
  const { scheme } = input;
  const standards = input.schoolStandards;
  const satisfaction = input.satisfaction;
  const rate = input.disabledEnrolmentRate;
  if (rate != null && !(rate >= 0 && rate <= 1)) {
    throw new RangeError(`disabled enrolment rate must lie in 0 … 1, got ${rate}`);
  }
  const growths = input.threeGrowths;
  return {
    school_standards: {
      criterion: "school_standards",
      status: standards?.status ?? "unknown",
      holders: standards ? [...standards.failing, ...standards.unknown] : [],
      holderKind: "schools",
    },
    satisfaction: {
      criterion: "satisfaction",
      status: satisfaction
        ? satisfaction.verdict === "at_risk"
          ? "unknown"
          : satisfaction.verdict
        : "unknown",
      ...(satisfaction ? { margin: satisfaction.estimate - scheme.satisfactionThreshold } : {}),
      ...(satisfaction?.verdict === "at_risk" ? { note: "at_risk" as const } : {}),
      holders: [],
      holderKind: "departments",
    },
    disabled_enrolment: {
      criterion: "disabled_enrolment",
      status:
        rate == null ? "unknown" : rate >= scheme.disabledEnrolmentThreshold ? "pass" : "fail",
      ...(rate == null ? {} : { margin: rate - scheme.disabledEnrolmentThreshold }),
      holders: [],
      holderKind: "departments",
    },
    three_growths: {
      criterion: "three_growths",
      status: growths?.status ?? "unknown",
      holders: [],
      holderKind: "departments",
    },
  };
}

function governmentCriterion(score: GovernmentScore | null | undefined): ReadinessCriterion {
  return {
    criterion: "government_score",
    kind: "condition",
    status: score?.status ?? "unknown",
    ...(score?.margin != null ? { margin: score.margin } : {}),
    ...(score && score.missing.length > 0 ? { note: "incomplete" as const } : {}),
    holders: [],
    holderKind: "departments",
  };
}

function balanceCriterion(
  level: Level,
  evaluations: readonly SchemeEvaluation[] | undefined,
): ReadinessCriterion {
  const evaluation = evaluations?.find((e) => e.level === level);
  if (evaluation === undefined) {
    return {
      criterion: `balance:${level}`,
      kind: "condition",
      status: "unknown",
      holders: [],
      holderKind: "schools",
    };
  }
  // The schools that push the offending CVs up most (all CVs when none alone is above the line).
  const offending =
    evaluation.above.length > 0
      ? evaluation.above
      : evaluation.indicators.map((i) => i.indicatorId);
  const holders =
    evaluation.status === "pass"
      ? []
      : [
          ...new Set(
            evaluation.indicators
              .filter((i) => offending.includes(i.indicatorId))
              .flatMap((i) => i.topContributors.map((s) => s.schoolId)),
          ),
        ];
  return {
    criterion: `balance:${level}`,
    kind: "condition",
    status: evaluation.status,
    ...(evaluation.margin === null ? {} : { margin: evaluation.margin }),
    holders,
    holderKind: "schools",
    indicators: evaluation.above,
    ...(evaluation.borderline ? { note: "borderline" as const } : {}),
  };
}
