import { type SamplePlan, type ReturnLink, validReturnRates } from "../../analysis/index.ts";
import type { AreaType } from "../db/database.ts";
import type { DashboardCount } from "./dashboard.ts";
import { isLagging } from "./dashboard-figures.ts";
import type {
  DashboardChannelRow,
  DashboardSchoolRow,
  ResponseCell,
  VisitCount,
} from "./repository.ts";

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
  /**
   * The valid-return rate over the school's own links, every mode pooled (see
   * `dashboardModes`): completed ÷ opened (at most 1) when all are online; null
   * when there is no base (nothing opened, called or handed out).
   */
  validReturnRate: number | null;
  lastResponseAt: string | null;
  /**
   * Behind the clock: fewer parent responses than half of the target's share
   * for the time elapsed, rounded down (parentResponses < ⌊0.5 × target ×
   * elapsedShare⌋), so no school lags before one response is due.
   */
  lagging: boolean;
}

function sum<T>(rows: readonly T[], value: (row: T) => number): number {
  return rows.reduce((total, row) => total + value(row), 0);
}

/**
 * One row per school of the scope: responses attributed to it (parents against its target),
 * visits and responses through its own links, their valid-return rate and the lagging mark.
 */
export function dashboardSchools(
  schools: readonly DashboardSchoolRow[],
  channelById: ReadonlyMap<number, DashboardChannelRow>,
  cells: readonly ResponseCell[],
  figures: {
    plan: SamplePlan;
    visitsOf: ReadonlyMap<number, VisitCount>;
    linkFigures: ReadonlyMap<number, ReturnLink>;
    lastResponse: ReadonlyMap<number, Date>;
    /** Share of the campaign window elapsed. */
    elapsed: number;
  },
): DashboardSchool<number>[] {
  const { plan, visitsOf, linkFigures, lastResponse, elapsed } = figures;
  return schools.map((s) => {
    const own = cells.filter((c) => c.schoolId === s.id);
    const viaLinks = cells.filter((c) => channelById.get(c.channelId)?.schoolId === s.id);
    const links = [...channelById.values()].filter((ch) => ch.schoolId === s.id);
    const parents = sum(
      own.filter((c) => c.group === "parent"),
      (c) => c.responses,
    );
    const target = plan.parentsBySchool[s.code] ?? 0;
    return {
      ...s,
      responses: sum(own, (c) => c.responses),
      parentResponses: parents,
      target,
      pctOfTarget: target > 0 ? parents / target : null,
      opened: sum(links, (ch) => visitsOf.get(ch.id)?.opened ?? 0),
      completed: sum(viaLinks, (c) => c.responses),
      validReturnRate: validReturnRates(links.flatMap((ch) => linkFigures.get(ch.id) ?? [])).overall
        .rate,
      lastResponseAt: lastResponse.get(s.id)?.toISOString() ?? null,
      lagging: isLagging(parents, target, elapsed),
    };
  });
}
