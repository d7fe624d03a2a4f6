import type * as Charts from "./charts.ts";

export type ChartModule = typeof Charts;

let loading: Promise<ChartModule> | null = null;

/**
 * chart.js and our chart setup, fetched the first time a page draws a chart
 * (the sign-in page never does). The module is a build entry of its own whose
 * hashed URL the server writes into the page (api/web/views/staff-page.ts).
 */
export function loadCharts(): Promise<ChartModule> {
  const url = document.querySelector<HTMLMetaElement>('meta[name="jh-charts"]')?.content;
  if (!url) return Promise.reject(new Error("the page names no chart module"));
  loading ??= (import(/* @vite-ignore */ url) as Promise<ChartModule>).catch((error: unknown) => {
    loading = null; // a failed fetch (flaky network) may be retried on the next draw
    throw error;
  });
  return loading;
}
