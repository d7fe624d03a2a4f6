import type { EnteredFigures, FigureResult, ItemBasis, SchoolShare } from "./checked-items.ts";
import type { GovernmentScore } from "./government-score.ts";
import { type BelowFloor, type ResourceLevel, resourceCriterion } from "./readiness-resources.ts";
import { checkedItems, enteredStatus } from "./readiness-items.ts";
import type { Scheme, VetoEvaluation } from "./scheme.ts";
import type { SchemeEvaluation } from "./scheme-evaluation.ts";
import type { Level, SchoolData } from "./school-data.ts";
import type { SchoolStandards } from "./school-standards.ts";
import { type CriterionStatus, allOf } from "./status.ts";
import type { ThreeGrowths } from "./three-growths.ts";

/**
 * Every criterion of a scheme side by side (docs/assessment.md, Readiness): the application
 * conditions, the pass conditions (school standards, government score, balance per level, or
 * per indicator where each CV is judged alone, satisfaction …), the guarantee and quality items
 * and every veto item, each with pass / fail / unknown, the margin where there is a number, and
 * who holds it back: school ids for school standards and balance, departments for items. A
 * condition that an item already covers (satisfaction, school standards, disabled enrolment,
 * three growths) appears once, as that item. Missing inputs give "unknown", never a pass.
 */

/** The satisfaction analysis's verdict, passed in as plain numbers (proportion scale). */
export interface SatisfactionInput {
  readonly estimate: number;
  readonly lowerBound: number;
  readonly verdict: "pass" | "at_risk" | "fail";
}

/**
 * An item's state as staff record it (a veto, an application condition, a quality or guarantee
 * item): "met" = the requirement holds (for a veto: it does not fire). For items evaluated from
 * data (satisfaction, three growths, entered figures …) the status counts only while those data
 * are absent.
 */
export interface VetoEntry {
  readonly itemId: string;
  readonly status: "met" | "not_met" | "unknown";
  /** Replaces the scheme's departments for this item when given. */
  readonly departments?: readonly string[];
  /** Figures entered for an item checked by figures. */
  readonly figures?: EnteredFigures;
}

export interface ReadinessInput {
  readonly scheme: Scheme;
  /** One evaluation per level; a level without one is unknown. */
  readonly balance?: readonly SchemeEvaluation[];
  readonly schoolStandards?: SchoolStandards | null;
  readonly satisfaction?: SatisfactionInput | null;
  /** Entries of veto items and of the checked items, by item id. */
  readonly vetoEntries?: readonly VetoEntry[];
  /** The school parts, for items checked per school (a share of two figures). */
  readonly schools?: readonly SchoolData[] | null;
  readonly governmentScore?: GovernmentScore | null;
  readonly threeGrowths?: ThreeGrowths | null;
  /** Enrolled disabled children / disabled children of school age, 0 … 1. */
  readonly disabledEnrolmentRate?: number | null;
}

export type CriterionId =
  | "school_standards"
  | "government_score"
  | `balance:${Level}`
  | `resource:${string}`
  | "satisfaction"
  | "disabled_enrolment"
  | "three_growths"
  | `application:${string}`
  | `guarantee:${string}`
  | `quality:${string}`
  | `veto:${string}`;

export interface ReadinessCriterion {
  readonly criterion: CriterionId;
  /**
   * application: a condition for applying at all; veto: failing it fails the district whatever
   * else holds; condition: everything else that must pass.
   */
  readonly kind: "application" | "condition" | "veto";
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
  /** Checked items: where the item comes from (unconfirmed = 待核, province = added by it). */
  readonly basis?: ItemBasis;
  /** Checked items decided by figures: each figure against its line. */
  readonly figures?: readonly FigureResult[];
  /** Checked items decided per school: each school part's share. */
  readonly schoolShares?: readonly SchoolShare[];
  /** Resource indicators (2017): the CV and per-school minimum at each level. */
  readonly levels?: readonly ResourceLevel[];
  /** Resource indicators (2017): the school parts below their minimum on this indicator. */
  readonly belowFloor?: readonly BelowFloor[];
}

export interface Readiness {
  readonly status: CriterionStatus;
  readonly criteria: readonly ReadinessCriterion[];
}

const levels: readonly Level[] = ["primary", "junior"];

export function readiness(input: ReadinessInput): Readiness {
  const { scheme } = input;
  const vetoCovers = new Set<string>(Object.values(scheme.vetoes).map((v) => v.evaluation));
  for (const list of [scheme.qualityItems, scheme.guaranteeItems, scheme.applicationConditions]) {
    for (const item of Object.values(list)) vetoCovers.add(item.check.kind);
  }
  const automatic = automaticCriteria(input);
  const entries = new Map((input.vetoEntries ?? []).map((e) => [e.itemId, e]));
  const criteria: ReadinessCriterion[] = [];
  const condition = (evaluation: VetoEvaluation, c: Omit<ReadinessCriterion, "kind">) => {
    if (!vetoCovers.has(evaluation)) criteria.push({ ...c, kind: "condition" });
  };

  criteria.push(...checkedItems(input, "applicationConditions", entries));
  condition("school_standards", automatic.school_standards);
  if (scheme.governmentScore !== null) criteria.push(governmentCriterion(input.governmentScore));
  if (scheme.balance.aggregation === "each") {
    for (const indicatorId of Object.keys(scheme.indicators)) {
      const facts = resourceCriterion(scheme, indicatorId, input.balance, input.schoolStandards);
      const { borderline, ...rest } = facts;
      criteria.push({
        criterion: `resource:${indicatorId}`,
        kind: "condition",
        ...rest,
        holderKind: "schools",
        ...(borderline ? { note: "borderline" as const } : {}),
      });
    }
  } else {
    for (const level of levels) criteria.push(balanceCriterion(level, input.balance));
  }
  condition("satisfaction", automatic.satisfaction);
  condition("disabled_enrolment", automatic.disabled_enrolment);
  if (scheme.threeGrowths !== null) condition("three_growths", automatic.three_growths);
  criteria.push(...checkedItems(input, "guaranteeItems", entries));
  criteria.push(...checkedItems(input, "qualityItems", entries));

  for (const [itemId, item] of Object.entries(scheme.vetoes)) {
    const entry = entries.get(itemId);
    const departments = entry?.departments ?? item.departments;
    const computed =
      item.evaluation === "manual" || !hasData(input, item.evaluation)
        ? null
        : automatic[item.evaluation];
    // Data decide where they exist; an entry with evidence stands in only while they are absent.
    if (computed === null) {
      const status = enteredStatus(entry);
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
