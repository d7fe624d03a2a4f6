import type {
  DashboardChannelView,
  DashboardSchoolView,
  DashboardView,
} from "../../../api/dashboard/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { count, countValue, dateTime, percent } from "../format.ts";
import { type Html, html } from "../html.ts";
import { hasText, label, t } from "../i18n.ts";
import { schoolNameColumns } from "../school-columns.ts";

type QuotaView = DashboardView["targets"]["quotas"][number];

/** A quota's name: its area type, its grade band, or the groups its category covers ("教师、校长"). */
export function quotaName(q: QuotaView): string {
  if (q.kind === "area") return label("area", q.key);
  if (q.kind === "grade_band") return label("gradeBand", q.key);
  return q.groups.map((g) => label("group", g)).join(t("dashboard.quotaJoin"));
}

/** "<5" sorts between 0 and 5: it is only ordering, never shown as a number. */
const sortCount = (value: number | "<5") => (value === "<5" ? 2.5 : value);

/**
 * The school table's order: name, completion and the "behind" mark first, so a phone 390 px
 * wide shows them without sideways scrolling; the other figures and the code follow.
 */
const schoolColumnOrder = [
  "name",
  "pct",
  "lagging",
  "parents",
  "target",
  "responses",
  "code",
  "town",
  "area",
  "opened",
  "valid",
  "last",
];

export function schoolColumns(): Column<DashboardSchoolView>[] {
  const columns: Column<DashboardSchoolView>[] = [
    ...schoolNameColumns<DashboardSchoolView>(),
    {
      key: "responses",
      label: t("dashboard.responses"),
      cell: (s) => count(s.responses),
      sortValue: (s) => sortCount(s.responses),
      numeric: true,
    },
    {
      key: "parents",
      label: t("dashboard.parentResponses"),
      cell: (s) => count(s.parentResponses),
      sortValue: (s) => sortCount(s.parentResponses),
      numeric: true,
    },
    {
      key: "target",
      label: t("dashboard.parentTarget"),
      cell: (s) => count(s.target),
      sortValue: (s) => s.target,
      numeric: true,
    },
    {
      key: "pct",
      label: t("dashboard.pctOfParentTarget"),
      cell: (s) => percent(s.pctOfTarget, 0),
      sortValue: (s) => s.pctOfTarget,
      numeric: true,
    },
    {
      key: "opened",
      label: t("dashboard.opened"),
      cell: (s) => count(s.opened),
      sortValue: (s) => sortCount(s.opened),
      numeric: true,
    },
    {
      key: "valid",
      label: t("dashboard.validReturnRate"),
      cell: (s) => percent(s.validReturnRate, 0),
      sortValue: (s) => s.validReturnRate,
      numeric: true,
    },
    {
      key: "last",
      label: t("dashboard.lastResponse"),
      cell: (s) => dateTime(s.lastResponseAt),
      sortValue: (s) => s.lastResponseAt,
    },
    {
      key: "lagging",
      label: t("dashboard.state"),
      // Said in words and marked with a sign, never by colour alone (WCAG 1.4.1).
      cell: (s) =>
        s.lagging
          ? html`<span class="jh-badge jh-badge--warn"
              ><span aria-hidden="true">⚠ </span>${t("dashboard.lagging")}</span
            >`
          : html`<span class="jh-badge">${t("dashboard.onTrack")}</span>`,
      sortValue: (s) => (s.lagging ? 0 : 1),
    },
  ];
  return schoolColumnOrder.flatMap((key) => columns.filter((column) => column.key === key));
}

export function channelColumns(): Column<DashboardChannelView>[] {
  return [
    { key: "label", label: t("channel.label"), cell: (c) => c.label, sortValue: (c) => c.label },
    {
      key: "school",
      label: t("channel.school"),
      cell: (c) => c.schoolCode ?? t("channel.districtWide"),
      sortValue: (c) => c.schoolCode,
    },
    {
      key: "group",
      label: t("channel.group"),
      cell: (c) => (c.respondentGroup ? label("group", c.respondentGroup) : t("channel.anyGroup")),
      sortValue: (c) => c.respondentGroup,
    },
    {
      key: "mode",
      label: t("channel.mode"),
      cell: (c) => label("mode", c.mode),
      sortValue: (c) => c.mode,
    },
    {
      key: "opened",
      label: t("dashboard.opened"),
      cell: (c) => count(c.opened),
      sortValue: (c) => sortCount(c.opened),
      numeric: true,
    },
    {
      key: "started",
      label: t("dashboard.started"),
      cell: (c) => count(c.started),
      sortValue: (c) => sortCount(c.started),
      numeric: true,
    },
    {
      key: "completed",
      label: t("dashboard.completed"),
      cell: (c) => count(c.completed),
      sortValue: (c) => sortCount(c.completed),
      numeric: true,
    },
    {
      key: "rate",
      label: t("dashboard.completionRate"),
      cell: (c) => percent(rate(c.completed, c.opened), 0),
      sortValue: (c) => rate(c.completed, c.opened),
      numeric: true,
    },
  ];
}

function rate(part: number | "<5", whole: number | "<5" | null): number | null {
  const a = countValue(part);
  const b = countValue(whole);
  return a !== null && b !== null && b > 0 ? a / b : null;
}

interface TargetRow {
  name: string;
  responses: number | "<5";
  target: number | null;
  /** Said instead of "no target" when the row counts toward a quota shared with others. */
  targetNote?: string;
}

/** Targets per group or area as a table beside the chart: the figures in words. */
export function targetTable(
  id: string,
  caption: string,
  heading: string,
  rows: readonly TargetRow[],
): Html {
  const columns: Column<TargetRow>[] = [
    { label: heading, rowHeader: true, cell: (r) => r.name },
    { label: t("dashboard.responses"), numeric: true, cell: (r) => count(r.responses) },
    {
      label: t("dashboard.target"),
      numeric: true,
      cell: (r) =>
        r.target === null ? (r.targetNote ?? t("dashboard.noTarget")) : count(r.target),
    },
    {
      label: t("dashboard.pctOfTarget"),
      numeric: true,
      cell: (r) => percent(rate(r.responses, r.target), 0),
    },
  ];
  return dataTable(columns, rows, { id, caption, compact: true });
}

/** A questionnaire as the dashboard names it: a short name for the library's, else its title. */
export function questionnaireName(q: { key: string; title: string }): string {
  const key = `questionnaire.${q.key}`;
  return hasText(key) ? t(key) : q.title;
}

type FunnelQuestionnaire = DashboardView["funnel"]["byQuestionnaire"][number];

/** One questionnaire's pages: how many reached each, and the loss from the page before. */
function pageTable(q: FunnelQuestionnaire): Html {
  const sorted = [...q.byPage].sort((a, b) => a.page - b.page);
  // Each page beside the one before it (the first beside those who started): the loss between.
  const pages = sorted.map((p, i) => ({
    ...p,
    before: i === 0 ? q.started : (sorted[i - 1]?.reached ?? null),
  }));
  const dropOff = (p: (typeof pages)[number]) => {
    const a = countValue(p.before);
    const b = countValue(p.reached);
    return a !== null && b !== null ? count(Math.max(0, a - b)) : "—";
  };
  const columns: Column<(typeof pages)[number]>[] = [
    { label: t("funnel.page"), rowHeader: true, cell: (p) => t("funnel.pageN", { n: p.page }) },
    { label: t("funnel.reached"), numeric: true, cell: (p) => count(p.reached) },
    { label: t("funnel.dropOff"), numeric: true, cell: dropOff },
  ];
  return dataTable(columns, pages, {
    id: `funnel-pages-${q.key}`,
    caption: t("funnel.byPageOf", { name: questionnaireName(q) }),
    compact: true,
    empty: t("table.empty"),
  });
}

/**
 * The funnel in words: each stage and its share of those who opened, then the loss per page
 * for each questionnaire on its own (page 3 of one questionnaire is not page 3 of another).
 */
export function funnelTable(funnel: DashboardView["funnel"]): Html {
  const opened = countValue(funnel.opened);
  const share = (value: number | "<5") => {
    const v = countValue(value);
    return v !== null && opened ? percent(v / opened, 0) : "—";
  };
  return html`<div class="jh-funnel">
      <ol class="jh-funnel__stages">
        ${(["opened", "started", "completed"] as const).map(
          (stage) =>
            html`<li>
              <span class="jh-funnel__name">${t(`funnel.${stage}`)}</span>
              <span class="jh-funnel__value">${count(funnel[stage])}</span>
              <span class="jh-funnel__share">${share(funnel[stage])}</span>
            </li>`,
        )}
      </ol>
    </div>
    ${funnel.byQuestionnaire.map(pageTable)}`;
}
