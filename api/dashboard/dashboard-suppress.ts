import type { Dashboard, DashboardCount } from "./dashboard.ts";

/** Counts from 1 to 4 point at a few people; 0 identifies nobody and stays 0. */
export function smallCount(value: number): DashboardCount {
  return value > 0 && value < 5 ? "<5" : value;
}

const isSmall = (value: number) => value > 0 && value < 5;

/**
 * The dashboard for anyone but an admin (counts under 5 show as "<5" in any breakdown shown to
 * non-admins): every count in a breakdown row
 * (groups, areas, quotas, schools, hours, pages, links) becomes "<5" when it is 1–4,
 * and so do the scope's totals when the scope is a single school. Shares that
 * would give a hidden count back (share of target, valid-return rate) become
 * null with it. The campaign-wide totals stay exact; differencing (a total
 * minus the other rows) is not prevented: these are counts of responses, not
 * of answers.
 */
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
  };
}
