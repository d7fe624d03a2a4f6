import type { DashboardView } from "../../../api/dashboard/types.ts";
import { loadCharts } from "../chart-loader.ts";
import { chartFailed } from "../chart-figure.ts";
import type { BarChart, BarOptions } from "../charts.ts";
import { countValue, hourLabel } from "../format.ts";
import { label, t } from "../i18n.ts";
import { questionnaireName, quotaName } from "./dashboard-tables.ts";

export const dashboardCharts = ["categories", "areas", "grades", "hourly", "pages"] as const;
export type DashboardChart = (typeof dashboardCharts)[number];

const colours = { responses: "#0b4f8a", target: "#5c6b7a" };
// One per questionnaire: charts.ts's palette (each 3:1 against white), which loads with chart.js.
const questionnaireColours = ["#0b4f8a", "#b25e09", "#1d6b3a", "#5c6b7a"];

type Row = { responses: number | "<5"; target: number | null };

/** Responses beside their target ("<5" and "no target" draw no bar: the table says them). */
function againstTarget(rows: Row[], names: string[]): BarOptions {
  return {
    labels: names,
    horizontal: true,
    series: [
      {
        label: t("dashboard.responses"),
        data: rows.map((r) => countValue(r.responses)),
        color: colours.responses,
      },
      { label: t("dashboard.target"), data: rows.map((r) => r.target), color: colours.target },
    ],
  };
}

function one(seriesLabel: string, labels: string[], data: (number | null)[]): BarOptions {
  return { labels, series: [{ label: seriesLabel, data, color: colours.responses }] };
}

export function chartData(name: DashboardChart, data: DashboardView): BarOptions {
  switch (name) {
    case "categories": {
      // The official categories: a shared quota (人大代表、政协委员; 校长、教师) is one bar pair.
      const categories = data.targets.quotas.filter((q) => q.kind === "category");
      return againstTarget(categories, categories.map(quotaName));
    }
    case "grades": {
      const bands = data.targets.quotas.filter((q) => q.kind === "grade_band");
      return againstTarget(bands, bands.map(quotaName));
    }
    case "areas":
      return againstTarget(
        data.targets.byArea,
        data.targets.byArea.map((a) => label("area", a.areaType)),
      );
    case "hourly":
      return one(
        t("dashboard.responses"),
        data.hourly.map((h) => hourLabel(h.hour)),
        data.hourly.map((h) => countValue(h.responses)),
      );
    case "pages": {
      // One series per questionnaire: its page n beside the others' page n, never added to them.
      const questionnaires = data.funnel.byQuestionnaire;
      const last = Math.max(0, ...questionnaires.flatMap((q) => q.byPage.map((p) => p.page)));
      const pages = Array.from({ length: last }, (_, i) => i + 1);
      return {
        labels: pages.map((n) => t("funnel.pageN", { n })),
        series: questionnaires.map((q, i) => ({
          label: questionnaireName(q),
          data: pages.map((n) => countValue(q.byPage.find((p) => p.page === n)?.reached)),
          color: questionnaireColours[i % questionnaireColours.length] ?? colours.responses,
        })),
      };
    }
  }
}

/**
 * The dashboard's charts (those whose canvas the page has): drawn once chart.js has loaded,
 * then updated in place on every refresh. Destroyed with the page.
 */
export function dashboardChartSet(main: HTMLElement, signal: AbortSignal) {
  const charts = new Map<DashboardChart, BarChart>();
  const id = (name: DashboardChart) => `chart-${name}`;
  signal.addEventListener("abort", () => {
    for (const chart of charts.values()) chart.destroy();
  });
  return {
    async draw(data: DashboardView): Promise<void> {
      const module = await loadCharts().catch(() => null);
      if (signal.aborted) return;
      if (!module) return chartFailed(main, dashboardCharts.map(id));
      for (const name of dashboardCharts) {
        const options = chartData(name, data);
        const existing = charts.get(name);
        const canvas = main.querySelector<HTMLCanvasElement>(`#${id(name)}`);
        if (existing) existing.update(options);
        else if (canvas) charts.set(name, module.barChart(canvas, options));
      }
    },
  };
}
