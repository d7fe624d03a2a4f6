import type { Kysely } from "kysely";
import { type SamplePlan, gradeBandCounts } from "../../analysis/index.ts";
import { channelLabel } from "../channels/index.ts";
import type {
  AreaType,
  Campaign,
  CampaignStatus,
  Database,
  RespondentGroup,
} from "../db/database.ts";
import {
  type DashboardChannelRow,
  type DashboardFigures,
  type ResponseCell,
  type VisitCount,
  readDashboardFigures,
} from "./repository.ts";
import { campaignSamplePlan } from "./sample-plan.ts";
import { type DashboardQuota, dashboardQuotas } from "./dashboard-quotas.ts";
import { elapsedShare, hourlySeries } from "./dashboard-figures.ts";
import { type DashboardSchool, dashboardSchools } from "./dashboard-schools.ts";
import {
  type DashboardMode,
  type DashboardReturn,
  dashboardModes,
  returnLinks,
} from "./dashboard-modes.ts";
import { type GradeAnswerCount, countGradeAnswers } from "./grade-count-repository.ts";

/**
 * `GET /api/campaigns/:id/dashboard`: the JSON the staff dashboard polls
 * (every ≤ 10 s). `C` is the type of a count: `number` for admins; for other
 * roles `number | "<5"` (see `suppressDashboard`: every count in a breakdown
 * row, and the scope's totals when the scope is one school).
 *
 * Scope: a school account (or anyone asking `?school=<id>`) gets `scope:
 * "school"`: that school's row, its own links, the responses attributed to it,
 * and no figure of any other school (`byArea` is then empty: an area's figures
 * would include other schools). Otherwise `scope: "campaign"`.
 *
 * Sources and definitions:
 * - responses: stored responses (`response_tally`), by the school they are
 *   attributed to (the link's school, or the school picked on a district link).
 * - opened/started: visits reported by the respondent page (`visit_tally`);
 *   completed: responses through the same links, paper links left out (their
 *   sheets are typed in by staff: no visit). A phone that blocked the report
 *   still completes, so completed can exceed started.
 * - modes: responses by the mode of the link they came through; the valid-return
 *   rate per mode and overall over the scope's links (see `dashboardModes`).
 * - grade bands (quality_2017, campaign scope): students' answers to the grade
 *   question, counted apart from the tallies (grade-counts.ts).
 * - hours are UTC hours (ISO strings); the page shows them in Beijing time.
 */
export interface Dashboard<C = DashboardCount> {
  campaign: { id: number; name: string; opensAt: string; closesAt: string; status: CampaignStatus };
  /** When these figures were read (ISO). */
  generatedAt: string;
  scope: "campaign" | "school";
  /** The scope's school; null for the whole campaign. */
  school: { id: number; code: string; name: string } | null;
  /** Share of the campaign window elapsed, 0–1: the yardstick of `lagging`. */
  elapsedShare: number;
  targets: {
    /**
     * The headline, like against like. Campaign: the sample plan's total target
     * and every response (`group` null). School: the school's parent target (the
     * plan sets no other per-school target) and the parents' responses
     * attributed to the school (`group` "parent").
     */
    total: { group: RespondentGroup | null; target: number; responses: C };
    /** Plan groups first (parents, then the others); target null: not planned (or not per school). */
    byGroup: { group: string; target: number | null; responses: C }[];
    /** Urban/town/rural; target null when residents per area are not entered. Campaign scope only. */
    byArea: { areaType: AreaType; target: number | null; responses: C }[];
    /** The official quotas and their progress (see `dashboardQuotas`), in the plan's order. */
    quotas: DashboardQuota<C>[];
  };
  schools: DashboardSchool<C>[];
  /** Responses per UTC hour from the campaign's opening to now (or its close), zeros included. */
  hourly: { hour: string; responses: C }[];
  funnel: {
    opened: C;
    started: C;
    completed: C;
    /**
     * Per questionnaire the scope's links lead to, by key: pages are numbered
     * within each (page 3 of the staff questionnaire is not page 3 of the
     * social one). `started`: visits of its links that started; `byPage`:
     * visits whose furthest page is this 1-based page or later, so the
     * drop-off is the step down from the page before (from `started` for page 1).
     */
    byQuestionnaire: {
      key: string;
      title: string;
      started: C;
      byPage: { page: number; reached: C }[];
    }[];
  };
  channels: DashboardChannel<C>[];
  /** Every mode of answering, in a fixed order (online, interviewer, telephone, paper). */
  modes: DashboardMode<C>[];
  /** The valid-return rate over every mode of the scope's links, against the 70 % line. */
  validReturn: DashboardReturn<C>;
}

export type DashboardCount = number | "<5";
export type { DashboardSchool };

export interface DashboardChannel<C = DashboardCount> {
  id: number;
  /** The link's name as every list shows it: its school's name first (channelLabel). */
  label: string;
  schoolCode: string | null;
  respondentGroup: string | null;
  mode: DashboardMode<C>["mode"];
  /** Paper sheets handed out through the link; null: not entered. */
  distributedCount: number | null;
  opened: C;
  started: C;
  completed: C;
}

const areaTypes: readonly AreaType[] = ["urban", "town", "rural"];

function sum<T>(rows: readonly T[], value: (row: T) => number): number {
  return rows.reduce((total, row) => total + value(row), 0);
}

/**
 * Reads the tallies and assembles the dashboard with exact counts. `sources.plan`
 * gives the campaign's sample plan (the route shares one between polls) and
 * `sources.grades` the students' grade answers (the route keeps a settled part:
 * grade-counts.ts); both are read afresh when not given.
 */
export async function campaignDashboard(
  db: Kysely<Database>,
  campaign: Campaign,
  scope: { school: { id: number; code: string; name: string } | null; now: Date },
  sources: {
    plan?: () => Promise<SamplePlan>;
    grades?: () => Promise<GradeAnswerCount[]>;
  } = {},
): Promise<Dashboard<number>> {
  const plan = (sources.plan ?? (() => campaignSamplePlan(db, campaign)))();
  const grades =
    sources.grades ?? (() => countGradeAnswers(db, campaign.id, { from: null, before: null }));
  // Grade bands are quotas only of a 2017 campaign that asks students, and only campaign-wide.
  const counted = plan.then((p) =>
    campaign.scheme === "quality_2017" && scope.school === null && p.byGradeBand !== null
      ? grades()
      : null,
  );
  const [targets, figures, gradeAnswers] = await Promise.all([
    plan,
    readDashboardFigures(db, campaign.id, scope.school?.id ?? null),
    counted,
  ]);
  return assembleDashboard(campaign, scope, targets, figures, gradeAnswers);
}

/** The funnel's pages per questionnaire the scope's links lead to (see `Dashboard.funnel`). */
function funnelByQuestionnaire(
  channels: readonly DashboardChannelRow[],
  visitsOf: ReadonlyMap<number, VisitCount>,
  pages: DashboardFigures["pages"],
  questionnaires: DashboardFigures["questionnaires"],
): Dashboard<number>["funnel"]["byQuestionnaire"] {
  const keys = new Set(channels.map((ch) => ch.questionnaireKey));
  return questionnaires
    .filter((q) => keys.has(q.key))
    .map((q) => ({
      key: q.key,
      title: q.title,
      started: sum(
        channels.filter((ch) => ch.questionnaireKey === q.key),
        (ch) => visitsOf.get(ch.id)?.started ?? 0,
      ),
      byPage: pages
        .filter((p) => p.questionnaireKey === q.key)
        .map((p) => ({ page: p.page, reached: p.reached })),
    }));
}

function assembleDashboard(
  campaign: Campaign,
  scope: { school: { id: number; code: string; name: string } | null; now: Date },
  plan: SamplePlan,
  {
    schools,
    channels,
    cells,
    lastResponse,
    hours,
    visits,
    pages,
    questionnaires,
    calls,
  }: DashboardFigures,
  gradeAnswers: readonly GradeAnswerCount[] | null,
): Dashboard<number> {
  const channelById = new Map<number, DashboardChannelRow>(channels.map((ch) => [ch.id, ch]));
  const visitsOf = new Map(visits.map((v) => [v.channelId, v]));
  const linkFigures = returnLinks(channels, cells, visitsOf, calls);
  const inScope = (cell: ResponseCell) => channelById.has(cell.channelId);
  const elapsed = elapsedShare(campaign.opens_at, campaign.closes_at, scope.now);
  const schoolById = new Map(schools.map((s) => [s.id, s]));

  const planGroups = Object.keys(plan.byGroup);
  const groups = [...planGroups, ...new Set(cells.map((c) => c.group))].filter(
    (g, i, all) => all.indexOf(g) === i,
  );
  const groupResponses = (group: string) =>
    sum(
      cells.filter((c) => c.group === group),
      (c) => c.responses,
    );
  const groupTarget = (group: string): number | null => {
    if (!scope.school) return plan.byGroup[group] ?? null;
    return group === "parent" ? (plan.parentsBySchool[scope.school.code] ?? 0) : null;
  };

  const schoolRows = dashboardSchools(schools, channelById, cells, {
    plan,
    visitsOf,
    linkFigures,
    lastResponse,
    elapsed,
  });

  const channelRows = channels.map((ch): DashboardChannel<number> => ({
    id: ch.id,
    label: channelLabel(ch.label, ch.schoolName),
    schoolCode: ch.schoolCode,
    respondentGroup: ch.respondentGroup,
    mode: ch.mode,
    distributedCount: ch.distributedCount,
    opened: visitsOf.get(ch.id)?.opened ?? 0,
    started: visitsOf.get(ch.id)?.started ?? 0,
    completed: sum(
      cells.filter((c) => c.channelId === ch.id),
      (c) => c.responses,
    ),
  }));

  const areaOf = (cell: ResponseCell) =>
    cell.schoolId === null ? undefined : schoolById.get(cell.schoolId)?.areaType;
  const byArea = scope.school
    ? []
    : areaTypes
        .filter((a) => plan.byArea?.[a] !== undefined || schools.some((s) => s.areaType === a))
        .map((areaType) => ({
          areaType,
          target: plan.byArea?.[areaType] ?? null,
          responses: sum(
            cells.filter((c) => areaOf(c) === areaType),
            (c) => c.responses,
          ),
        }));

  return {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      opensAt: campaign.opens_at.toISOString(),
      closesAt: campaign.closes_at.toISOString(),
      status: campaign.status,
    },
    generatedAt: scope.now.toISOString(),
    scope: scope.school ? "school" : "campaign",
    school: scope.school,
    elapsedShare: Math.round(elapsed * 10_000) / 10_000,
    targets: {
      total: scope.school
        ? {
            group: "parent",
            target: plan.parentsBySchool[scope.school.code] ?? 0,
            responses: groupResponses("parent"),
          }
        : { group: null, target: plan.total, responses: sum(cells, (c) => c.responses) },
      byGroup: groups.map((group) => ({
        group,
        target: groupTarget(group),
        responses: groupResponses(group),
      })),
      byArea,
      quotas: dashboardQuotas(
        plan,
        campaign.scheme,
        { schoolCode: scope.school?.code ?? null },
        groupResponses,
        byArea,
        gradeAnswers === null ? null : gradeBandCounts(gradeAnswers),
      ),
    },
    schools: schoolRows,
    hourly: hourlySeries(hours, campaign.opens_at, campaign.closes_at, scope.now),
    funnel: {
      opened: sum(channelRows, (ch) => ch.opened),
      started: sum(channelRows, (ch) => ch.started),
      completed: sum(
        cells.filter((c) => inScope(c) && c.mode !== "paper"),
        (c) => c.responses,
      ),
      byQuestionnaire: funnelByQuestionnaire(channels, visitsOf, pages, questionnaires),
    },
    channels: channelRows,
    ...dashboardModes(cells, linkFigures),
  };
}
