import type { Dashboard, DashboardCount } from "./dashboard.ts";
import type { DashboardReturn } from "./dashboard-modes.ts";

/** Counts from 1 to 4 point at a few people; 0 identifies nobody and stays 0. */
export function smallCount(value: number): DashboardCount {
  return value > 0 && value < 5 ? "<5" : value;
}

const isSmall = (value: number) => value > 0 && value < 5;

/**
 * The dashboard for anyone but an admin (counts under 5 show as "<5" in any breakdown shown to
 * non-admins): every count in a breakdown row
 * (groups, areas, quotas, schools, hours, pages, links, modes, calls) becomes "<5"
 * when it is 1–4, and so do the scope's totals when the scope is a single school.
 * Shares that would give a hidden count back (share of target, valid-return rates)
 * become null with it, and so does the mark of a rate below the line. The campaign-wide totals stay exact; differencing (a total
 * minus the other rows) is not prevented: these are counts of responses, not
 * of answers.
 */
type RateFields<C> = Pick<DashboardReturn<C>, "returned" | "base" | "rate" | "belowLine">;

/** A rate whose numerator or base shows as "<5" is withheld with its mark. */
function suppressRate<R extends RateFields<number>>(
  r: R,
  count: (n: number) => DashboardCount,
): Omit<R, "returned" | "base"> & RateFields<DashboardCount> {
  const returned = count(r.returned);
  const base = count(r.base);
  const hidden = returned === "<5" || base === "<5";
  return {
    ...r,
    returned,
    base,
    rate: hidden ? null : r.rate,
    belowLine: hidden ? null : r.belowLine,
  };
}

export function suppressDashboard(d: Dashboard<number>): Dashboard<DashboardCount> {
  const total = d.scope === "school" ? smallCount : (n: number) => n;
  return {
    ...d,
    targets: {
      total: { ...d.targets.total, responses: total(d.targets.total.responses) },
      byGroup: d.targets.byGroup.map((g) => ({ ...g, responses: smallCount(g.responses) })),
      byArea: d.targets.byArea.map((a) => ({ ...a, responses: smallCount(a.responses) })),
      quotas: d.targets.quotas.map((q) => ({ ...q, responses: smallCount(q.responses) })),
    },
    schools: d.schools.map((s) => ({
      ...s,
      responses: smallCount(s.responses),
      parentResponses: smallCount(s.parentResponses),
      pctOfTarget: isSmall(s.parentResponses) ? null : s.pctOfTarget,
      opened: smallCount(s.opened),
      completed: smallCount(s.completed),
      validReturnRate: isSmall(s.opened) || isSmall(s.completed) ? null : s.validReturnRate,
    })),
    hourly: d.hourly.map((h) => ({ ...h, responses: smallCount(h.responses) })),
    funnel: {
      opened: total(d.funnel.opened),
      started: total(d.funnel.started),
      completed: total(d.funnel.completed),
      byQuestionnaire: d.funnel.byQuestionnaire.map((q) => ({
        ...q,
        started: smallCount(q.started),
        byPage: q.byPage.map((p) => ({ ...p, reached: smallCount(p.reached) })),
      })),
    },
    channels: d.channels.map((ch) => ({
      ...ch,
      opened: smallCount(ch.opened),
      started: smallCount(ch.started),
      completed: smallCount(ch.completed),
    })),
    modes: d.modes.map((m) => ({
      ...suppressRate(m, smallCount),
      responses: smallCount(m.responses),
      calls: m.calls && {
        completed: smallCount(m.calls.completed),
        refused: smallCount(m.calls.refused),
        noAnswer: smallCount(m.calls.noAnswer),
        wrongNumber: smallCount(m.calls.wrongNumber),
      },
    })),
    validReturn: suppressRate(d.validReturn, total),
  };
}
