import type { Kysely } from "kysely";
import type { SamplePlan } from "../../analysis/index.ts";
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
import { elapsedShare, hourlySeries, isLagging } from "./dashboard-figures.ts";

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
 *   completed: responses through the same links. A phone that blocked the
 *   report still completes, so completed can exceed started.
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
}

export type DashboardCount = number | "<5";

export interface DashboardSchool<C = DashboardCount> {
  id: number;
  code: string;
  name: string;
  town: string;
  areaType: AreaType;
  /** Every response attributed to the school (all groups, all links). */
  responses: C;
  /** Parents among them: what the school's target counts. */
  parentResponses: C;
  /** The sample plan's parent target for the school. */
  target: number;
  /** parentResponses ÷ target as a share (0.45 = 45 %; may pass 1); null without a target. */
  pctOfTarget: number | null;
  /** Visits opened through the school's own links. */
  opened: C;
  /** Responses through the school's own links. */
  completed: C;
  /** completed ÷ opened (at most 1), null when nothing was opened. */
  validReturnRate: number | null;
  lastResponseAt: string | null;
  /**
   * Behind the clock: fewer parent responses than half of the target's share
   * for the time elapsed, rounded down (parentResponses < ⌊0.5 × target ×
   * elapsedShare⌋), so no school lags before one response is due.
   */
  lagging: boolean;
}

export interface DashboardChannel<C = DashboardCount> {
  id: number;
  /** The link's name as every list shows it: its school's name first (channelLabel). */
  label: string;
  schoolCode: string | null;
  respondentGroup: string | null;
  opened: C;
  started: C;
  completed: C;
}

const areaTypes: readonly AreaType[] = ["urban", "town", "rural"];

function sum<T>(rows: readonly T[], value: (row: T) => number): number {
  return rows.reduce((total, row) => total + value(row), 0);
}

/**
 * Reads the tallies and assembles the dashboard with exact counts. `plan`
 * gives the campaign's sample plan (the route shares one between polls).
 */
export async function campaignDashboard(
  db: Kysely<Database>,
  campaign: Campaign,
  scope: { school: { id: number; code: string; name: string } | null; now: Date },
  plan: () => Promise<SamplePlan> = () => campaignSamplePlan(db, campaign),
): Promise<Dashboard<number>> {
  const [targets, figures] = await Promise.all([
    plan(),
    readDashboardFigures(db, campaign.id, scope.school?.id ?? null),
  ]);
  return assembleDashboard(campaign, scope, targets, figures);
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
  }: DashboardFigures,
): Dashboard<number> {
  const channelById = new Map<number, DashboardChannelRow>(channels.map((ch) => [ch.id, ch]));
  const visitsOf = new Map(visits.map((v) => [v.channelId, v]));
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

  const schoolRows = schools.map((s): DashboardSchool<number> => {
    const own = cells.filter((c) => c.schoolId === s.id);
    const viaLinks = cells.filter((c) => channelById.get(c.channelId)?.schoolId === s.id);
    const links = channels.filter((ch) => ch.schoolId === s.id);
    const parents = sum(
      own.filter((c) => c.group === "parent"),
      (c) => c.responses,
    );
    const opened = sum(links, (ch) => visitsOf.get(ch.id)?.opened ?? 0);
    const completed = sum(viaLinks, (c) => c.responses);
    const target = plan.parentsBySchool[s.code] ?? 0;
    return {
      ...s,
      responses: sum(own, (c) => c.responses),
      parentResponses: parents,
      target,
      pctOfTarget: target > 0 ? parents / target : null,
      opened,
      completed,
      validReturnRate: opened > 0 ? Math.min(1, completed / opened) : null,
      lastResponseAt: lastResponse.get(s.id)?.toISOString() ?? null,
      lagging: isLagging(parents, target, elapsed),
    };
  });

  const channelRows = channels.map((ch): DashboardChannel<number> => ({
    id: ch.id,
    label: channelLabel(ch.label, ch.schoolName),
    schoolCode: ch.schoolCode,
    respondentGroup: ch.respondentGroup,
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
      ),
    },
    schools: schoolRows,
    hourly: hourlySeries(hours, campaign.opens_at, campaign.closes_at, scope.now),
    funnel: {
      opened: sum(channelRows, (ch) => ch.opened),
      started: sum(channelRows, (ch) => ch.started),
      completed: sum(cells.filter(inScope), (c) => c.responses),
      byQuestionnaire: funnelByQuestionnaire(channels, visitsOf, pages, questionnaires),
    },
    channels: channelRows,
  };
}
