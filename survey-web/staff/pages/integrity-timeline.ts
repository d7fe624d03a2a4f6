// The submission timeline per school with its bursts: on the integrity page a
// chart of one chosen school (chart.js, loaded on demand) above the same
// figures as a table; in the printable report a compact table of every school.
import { chartFailed, chartFigure } from "../chart-figure.ts";
import { loadCharts } from "../chart-loader.ts";
import type { BarChart, BarOptions } from "../charts.ts";
import { count, dateTime, hourLabel } from "../format.ts";
import { $, type Html, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import type {
  IntegrityReportView,
  IntegritySchoolRow,
  TimelineBucket,
  TimelineSchool,
} from "../../../api/integrity/types.ts";
import { countTable, schoolName } from "./integrity-tables.ts";

const colours = { all: "#0b4f8a", burst: "#b25e09" };
const chartId = "chart-integrity-timeline";

type Names = (schoolId: number | null) => string;

export function schoolNames(rows: readonly IntegritySchoolRow[]): Names {
  const byId = new Map(rows.map((r) => [r.schoolId, schoolName(r)]));
  return (id) => byId.get(id) ?? (id === null ? t("integrity.districtLinks") : `#${id}`);
}

const bursts = (s: TimelineSchool) => s.buckets.reduce((n, b) => n + b.burst, 0);

/** The school shown first: the one with the most submissions in bursts, else the busiest. */
function firstSchool(schools: readonly TimelineSchool[]): TimelineSchool | undefined {
  const total = (s: TimelineSchool) => s.buckets.reduce((n, b) => n + b.count, 0);
  return [...schools].sort((a, b) => bursts(b) - bursts(a) || total(b) - total(a))[0];
}

function chartData(buckets: readonly TimelineBucket[]): BarOptions {
  return {
    labels: buckets.map((b) => hourLabel(b.start)),
    series: [
      {
        label: t("integrity.allSubmissions"),
        data: buckets.map((b) => b.count),
        color: colours.all,
      },
      {
        label: t("integrity.burstSubmissions"),
        data: buckets.map((b) => b.burst),
        color: colours.burst,
      },
    ],
  };
}

function bucketTable(name: string, minutes: number, buckets: readonly TimelineBucket[]): Html {
  return countTable(
    "integrity-timeline-table",
    t("integrity.timelineTableCaption", { school: name, minutes }),
    [t("integrity.colWindow"), t("integrity.colCount"), t("integrity.colBurst")],
    buckets.map((b) => ({
      name: dateTime(b.start),
      // A burst says so in words, not by colour alone.
      cells: [b.count, b.burst > 0 ? `${count(b.burst)} · ${t("integrity.burstMark")}` : "0"],
    })),
  );
}

function key(id: number | null): string {
  return id === null ? "district" : String(id);
}

/**
 * The timeline block of the integrity page: a school picker, the chart and
 * the table. The chart is destroyed when the page is left.
 */
export function drawTimeline(
  target: HTMLElement,
  report: IntegrityReportView,
  signal: AbortSignal,
): void {
  const { schools, bucketMinutes: minutes } = report.timeline;
  const names = schoolNames(report.bySchool);
  const chosen = firstSchool(schools);
  if (!chosen) {
    render(target, html`<p class="jh-hint">${t("integrity.noTimeline")}</p>`);
    return;
  }
  render(
    target,
    html`<p class="jh-hint">${t("integrity.timelineExplain", { minutes })}</p>
      <p class="jh-field">
        <label for="integrity-timeline-school">${t("integrity.timelineSchool")}</label>
        <select id="integrity-timeline-school">
          ${schools.map(
            (s) =>
              html`<option value="${key(s.schoolId)}" ${s === chosen ? "selected" : ""}>
                ${names(s.schoolId)}${bursts(s) > 0 ? ` (${t("integrity.burstMark")} ${bursts(s)})` : ""}
              </option>`,
          )}
        </select>
      </p>
      <div id="integrity-timeline-view"></div>`,
  );
  const view = $(target, "#integrity-timeline-view");
  let chart: BarChart | null = null;
  signal.addEventListener("abort", () => chart?.destroy());

  const show = async (school: TimelineSchool) => {
    const name = names(school.schoolId);
    chart?.destroy();
    chart = null;
    render(
      view,
      html`${chartFigure(
        chartId,
        t("integrity.timelineCaption", { school: name, minutes }),
        t("integrity.timelineChart", { school: name, minutes }),
        "hourly",
      )}${bucketTable(name, minutes, school.buckets)}`,
    );
    const module = await loadCharts().catch(() => null);
    if (signal.aborted) return;
    if (!module) return chartFailed(view, [chartId]);
    const canvas = view.querySelector<HTMLCanvasElement>(`#${chartId}`);
    if (canvas) chart = module.barChart(canvas, chartData(school.buckets));
  };
  $<HTMLSelectElement>(target, "#integrity-timeline-school").addEventListener("change", (e) => {
    const value = (e.target as HTMLSelectElement).value;
    const school = schools.find((s) => key(s.schoolId) === value);
    if (school) void show(school);
  });
  void show(chosen);
}

/**
 * The compact timeline of the printable report: per school its first and last
 * submission, its busiest period, and every period with a burst, in words.
 */
export function timelineSummaryTable(prefix: string, report: IntegrityReportView): Html {
  const { schools, bucketMinutes: minutes } = report.timeline;
  const names = schoolNames(report.bySchool);
  return countTable(
    `${prefix}-timeline`,
    t("integrity.reportTimelineCaption", { minutes }),
    [
      t("integrity.colSchool"),
      t("integrity.colResponses"),
      t("integrity.colFirst"),
      t("integrity.colLast"),
      t("integrity.colBusiest"),
      t("integrity.reportBursts"),
    ],
    schools.map((s) => {
      const first = s.buckets[0];
      const last = s.buckets[s.buckets.length - 1];
      const busiest = s.buckets.reduce<TimelineBucket | undefined>(
        (best, b) => (!best || b.count > best.count ? b : best),
        undefined,
      );
      const burstList = s.buckets
        .filter((b) => b.burst > 0)
        .map((b) => `${hourLabel(b.start)} (${b.burst}/${b.count})`);
      return {
        name: names(s.schoolId),
        cells: [
          s.buckets.reduce((n, b) => n + b.count, 0),
          first ? dateTime(first.start) : "—",
          last ? dateTime(last.start) : "—",
          busiest ? `${hourLabel(busiest.start)} (${busiest.count})` : "—",
          burstList.length > 0 ? burstList.join("; ") : t("integrity.none"),
        ],
      };
    }),
  );
}
