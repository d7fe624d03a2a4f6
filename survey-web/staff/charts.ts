// chart.js, loaded only by the pages that draw (dynamic import), with only the
// pieces those charts use registered, so the rest of the library is shaken out.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartDataset,
  Legend,
  LinearScale,
  Tooltip,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

// Every series colour keeps 3:1 against white (WCAG 1.4.11); tables beside each chart carry the figures.
export const palette = {
  primary: "#0b4f8a",
  secondary: "#5c6b7a",
  accent: "#b25e09",
  good: "#1d6b3a",
} as const;

export interface Series {
  label: string;
  data: (number | null)[];
  color: string;
}

export interface BarOptions {
  labels: string[];
  series: Series[];
  /** Bars along the x axis (long category names read better on a phone). */
  horizontal?: boolean;
  /** Axis maximum, e.g. 100 for percentages. */
  max?: number;
  /** Appended to values in tooltips and ticks ("%"). */
  unit?: string;
}

export interface BarChart {
  update(opts: BarOptions): void;
  destroy(): void;
}

const charts = new Set<Chart>();

// Printing changes the page width: redraw the charts to fit the paper, and back.
const resizeAll = () => {
  for (const chart of charts) chart.resize();
};
window.addEventListener("beforeprint", resizeAll);
window.addEventListener("afterprint", resizeAll);

function datasets(series: Series[]): ChartDataset<"bar", (number | null)[]>[] {
  return series.map((s) => ({
    label: s.label,
    data: s.data,
    backgroundColor: s.color,
    borderColor: s.color,
    borderWidth: 1,
    maxBarThickness: 36,
  }));
}

/** A bar chart in `canvas`; redraw with `update` (no animation: it refreshes every 10 s). */
export function barChart(canvas: HTMLCanvasElement, opts: BarOptions): BarChart {
  const unit = opts.unit ?? "";
  const valueAxis = opts.horizontal ? "x" : "y";
  const chart = new Chart<"bar", (number | null)[], string>(canvas, {
    type: "bar",
    data: { labels: opts.labels, datasets: datasets(opts.series) },
    options: {
      indexAxis: opts.horizontal ? "y" : "x",
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: opts.series.length > 1, labels: { color: "#1f2933" } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label ?? ""}: ${item.formattedValue}${unit}`,
          },
        },
      },
      scales: {
        [valueAxis]: {
          beginAtZero: true,
          max: opts.max,
          ticks: { color: "#3e4c59", callback: (value) => `${value}${unit}` },
          grid: { color: "#e4e7eb" },
        },
        [valueAxis === "x" ? "y" : "x"]: {
          ticks: { color: "#3e4c59", autoSkip: true, maxRotation: 60 },
          grid: { display: false },
        },
      },
    },
  });
  charts.add(chart);
  return {
    update(next) {
      chart.data.labels = next.labels;
      chart.data.datasets = datasets(next.series);
      chart.update("none");
    },
    destroy() {
      charts.delete(chart);
      chart.destroy();
    },
  };
}
