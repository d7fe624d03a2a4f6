import { api } from "../api-client.ts";
import type { DashboardView } from "../../../api/dashboard/types.ts";
import { chartFigure } from "../chart-figure.ts";
import { errorText } from "../error-text.ts";
import { clock, count, countValue, date, dateTime, hourLabel, percent } from "../format.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { liveRefresh } from "../live-refresh.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { progressBar } from "../progress.ts";
import { setTitle } from "../shell.ts";
import { SortableTable } from "../sortable-table.ts";
import { dashboardChartSet } from "./dashboard-charts.ts";
import { modesFigures } from "./dashboard-modes.ts";
import {
  channelColumns,
  funnelTable,
  quotaName,
  schoolColumns,
  targetTable,
} from "./dashboard-tables.ts";

/**
 * Where the survey window stands. Before it opens, "0% of the period has passed" would read as
 * if the survey were running with nobody answering: a draft or a later round says so instead.
 */
function windowLine(data: DashboardView): string {
  if (data.campaign.status === "draft") return t("dashboard.notPublished");
  // Published and waiting for its opening time (the stored status is "open" then too).
  if (data.campaign.status === "open" && Date.parse(data.campaign.opensAt) > Date.now()) {
    return t("dashboard.notStarted", { date: dateTime(data.campaign.opensAt) });
  }
  return t("dashboard.elapsed", { share: percent(data.elapsedShare, 0) });
}

/** The dashboard refreshes itself at least every 10 s. */
export const refreshMs = 10_000;

function layout(data: DashboardView, showSchools: boolean): Html {
  // One school's figures have no area breakdown (it would include other schools).
  const showAreas = data.targets.byArea.length > 0;
  // Grade bands are quotas of a 2017 campaign that asks students, campaign-wide only.
  const showGrades = data.targets.quotas.some((q) => q.kind === "grade_band");
  return html`${heading(
      t("dashboard.title"),
      t("dashboard.window", {
        name: data.campaign.name,
        from: date(data.campaign.opensAt),
        to: date(data.campaign.closesAt),
      }),
    )}
    <p class="jh-refresh" id="refresh-state"></p>
    <p class="jh-hint" id="elapsed"></p>
    ${
      data.school
        ? html`<p class="jh-alert jh-alert--info">
            ${t("dashboard.scopeSchool", {
              name: data.school.name,
            })}
          </p>`
        : ""
    }
    <section class="jh-panel" aria-labelledby="targets-title">
      <h2 id="targets-title">${t("dashboard.targets")}</h2>
      <div id="total-progress"></div>
      <div class="jh-grid-2">
        <div>
          ${chartFigure(
            "chart-categories",
            t("dashboard.byCategory"),
            t("dashboard.byCategoryChart"),
          )}
          <div id="category-table"></div>
          <div id="group-table"></div>
        </div>
        ${
          showAreas
            ? html`<div>
                ${chartFigure("chart-areas", t("dashboard.byArea"), t("dashboard.byAreaChart"))}
                <div id="area-table"></div>
              </div>`
            : ""
        }
        ${
          showGrades
            ? html`<div>
                ${chartFigure(
                  "chart-grades",
                  t("dashboard.byGradeBand"),
                  t("dashboard.byGradeBandChart"),
                )}
                <p class="jh-hint">${t("dashboard.gradeBandExplain")}</p>
                <div id="grade-table"></div>
              </div>`
            : ""
        }
      </div>
    </section>
    <section class="jh-panel" aria-labelledby="modes-title">
      <h2 id="modes-title">${t("dashboard.modes")}</h2>
      <p class="jh-hint">
        ${t("dashboard.modesExplain", { line: percent(data.validReturn.line, 0) })}
      </p>
      <div id="modes-figures"></div>
    </section>
    <section class="jh-panel" aria-labelledby="hourly-title">
      <h2 id="hourly-title">${t("dashboard.hourly")}</h2>
      ${chartFigure(
        "chart-hourly",
        t("dashboard.hourlyCaption"),
        t("dashboard.hourlyChart"),
        "hourly",
      )}
      <p class="jh-hint" id="hourly-hidden" hidden></p>
      <p class="jh-hint" id="hourly-summary"></p>
    </section>
    <section class="jh-panel" aria-labelledby="funnel-title">
      <h2 id="funnel-title">${t("funnel.title")}</h2>
      <p class="jh-hint">${t("funnel.explain")}</p>
      <div class="jh-grid-2">
        <div id="funnel-figures"></div>
        <div>${chartFigure("chart-pages", t("funnel.byPageCaption"), t("funnel.chart"))}</div>
      </div>
    </section>
    ${
      showSchools
        ? html`<section class="jh-panel" aria-labelledby="schools-title">
            <h2 id="schools-title">${t("dashboard.schools")}</h2>
            <p class="jh-hint">${t("dashboard.laggingExplain")}</p>
            <div id="schools-table"></div>
          </section>`
        : ""
    }
    <section class="jh-panel" aria-labelledby="channels-title">
      <h2 id="channels-title">${t("dashboard.channels")}</h2>
      <div id="channels-table"></div>
    </section>`;
}

/**
 * What is left to collect for each official quota with a target, in words ("家长：还需 120 份").
 * A count shown as "<5" (1–4) leaves a range, never a number that would give the count back.
 */
function stillNeeded(quotas: DashboardView["targets"]["quotas"]): Html {
  const lines = quotas.flatMap((g) => {
    if (g.target === null || g.target <= 0) return [];
    const name = quotaName(g);
    const [least, most] =
      g.responses === "<5"
        ? [g.target - 4, g.target - 1]
        : [g.target - g.responses, g.target - g.responses];
    if (most <= 0) return [t("dashboard.targetReached", { group: name })];
    const n = least === most ? count(most) : `${count(Math.max(0, least))}–${count(most)}`;
    return [t("dashboard.stillNeeded", { group: name, n })];
  });
  if (lines.length === 0) return html``;
  return html`<ul class="jh-needed" id="still-needed">
    ${lines.map((line) => html`<li>${line}</li>`)}
  </ul>`;
}

/** Hours drawn as nothing because their count is shown as "<5": said under the chart, with how many. */
function hiddenHours(data: DashboardView): string {
  const hidden = data.hourly.filter((h) => h.responses === "<5").length;
  return hidden > 0 ? t("dashboard.hourlyHidden", { n: hidden }) : "";
}

/** "Busiest hour …", or why there is none to name. */
function hourlySummary(data: DashboardView): string {
  const busiest = data.hourly.reduce<{ hour: string; n: number } | null>((best, h) => {
    const n = countValue(h.responses) ?? 0;
    return n > (best?.n ?? 0) ? { hour: h.hour, n } : best;
  }, null);
  if (busiest) return t("dashboard.busiest", { hour: hourLabel(busiest.hour), n: busiest.n });
  const someSmall = data.hourly.some((h) => h.responses === "<5");
  return t(someSmall ? "dashboard.hourlySmall" : "dashboard.noResponses");
}

/**
 * The live dashboard: progress against every target, responses per hour, the
 * funnel, schools and channels. Polls every 10 s while the tab is visible
 * (sending back the last ETag, so an unchanged campaign costs no body); a
 * hidden tab pauses and catches up the moment it is shown again.
 */
export async function dashboardPage(ctx: PageContext): Promise<void> {
  const { main, campaign, user, signal } = ctx;
  setTitle(t("dashboard.title"), campaign.name);
  render(main, html`${heading(t("dashboard.title"), campaign.name)}${loading()}`);
  let data: DashboardView;
  let etag: string | null;
  try {
    const first = await api.dashboardIfChanged(campaign.id, null);
    if (!first) throw new Error("a first poll cannot be 'not modified'");
    ({ dashboard: data, etag } = first);
  } catch (error) {
    if (!signal.aborted) {
      render(main, html`${heading(t("dashboard.title"), campaign.name)}${errorBox(error)}`);
    }
    return;
  }
  if (signal.aborted) return;

  const showSchools = user.role !== "publicity";
  render(main, layout(data, showSchools));
  const schoolsTable = showSchools
    ? new SortableTable($(main, "#schools-table"), schoolColumns(), {
        id: "dashboard-schools",
        caption: t("dashboard.schoolsCaption"),
        rowAttributes: (s) => ({ class: s.lagging ? "jh-row--lagging" : "" }),
        initialSort: { key: "pct", descending: false },
      })
    : null;
  const channelsTable = new SortableTable($(main, "#channels-table"), channelColumns(), {
    id: "dashboard-channels",
    caption: t("dashboard.channelsCaption"),
    initialSort: { key: "completed", descending: true },
  });
  const charts = dashboardChartSet(main, signal);

  function drawFigures(): void {
    const { targets } = data;
    const { total } = targets;
    // One school's headline is its parents against its parent target, the only target it has.
    const headline =
      total.group === "parent" ? t("dashboard.parentResponses") : t("dashboard.total");
    render(
      $(main, "#total-progress"),
      html`${progressBar("progress-total", headline, total.responses, total.target)}
      ${stillNeeded(targets.quotas)}`,
    );
    const groups = targets.byGroup.map((g) => {
      // Its quota, shared with another group, is named in the lines above the table.
      const shared = targets.quotas.some((q) => q.groups.length > 1 && q.groups.includes(g.group));
      const targetNote = shared ? t("dashboard.sharedQuota") : undefined;
      return { ...g, name: label("group", g.group), targetNote };
    });
    const categories = targets.quotas
      .filter((q) => q.kind === "category")
      .map((q) => ({ ...q, name: quotaName(q) }));
    render(
      $(main, "#category-table"),
      targetTable(
        "targets-category",
        t("dashboard.byCategory"),
        t("dashboard.category"),
        categories,
      ),
    );
    render(
      $(main, "#group-table"),
      targetTable("targets-group", t("dashboard.groupDetail"), t("dashboard.group"), groups),
    );
    const gradeTable = main.querySelector<HTMLElement>("#grade-table");
    if (gradeTable) {
      const bands = targets.quotas
        .filter((q) => q.kind === "grade_band")
        .map((q) => ({ ...q, name: quotaName(q) }));
      render(
        gradeTable,
        targetTable("targets-grade", t("dashboard.byGradeBand"), t("dashboard.gradeBand"), bands),
      );
    }
    render($(main, "#modes-figures"), modesFigures(data));
    const areaTable = main.querySelector<HTMLElement>("#area-table");
    if (areaTable) {
      const areas = targets.byArea.map((a) => ({ ...a, name: label("area", a.areaType) }));
      render(
        areaTable,
        targetTable("targets-area", t("dashboard.byArea"), t("school.areaType"), areas),
      );
    }
    const hidden = $(main, "#hourly-hidden");
    hidden.textContent = hiddenHours(data);
    hidden.hidden = hidden.textContent === "";
    $(main, "#hourly-summary").textContent = hourlySummary(data);
    render($(main, "#funnel-figures"), funnelTable(data.funnel));
    $(main, "#elapsed").textContent = windowLine(data);
    schoolsTable?.update(data.schools);
    channelsTable.update(data.channels);
  }

  let updatedAt = new Date(data.generatedAt);
  if (Number.isNaN(updatedAt.getTime())) updatedAt = new Date();
  let failure: string | null = null;
  const refresh = liveRefresh({
    everyMs: refreshMs,
    signal,
    async refresh() {
      try {
        const next = await api.dashboardIfChanged(campaign.id, etag);
        if (signal.aborted) return;
        updatedAt = new Date();
        failure = null;
        // null (304): nothing changed since the last poll; the figures on screen are current.
        if (next) {
          ({ dashboard: data, etag } = next);
          drawFigures();
          await charts.draw(data);
        }
      } catch (error) {
        // Keep the last figures on screen and say the refresh failed; the next one may work.
        failure = t("dashboard.refreshFailed", { reason: errorText(error) });
      }
    },
    onChange: () => showState(),
  });
  function showState(): void {
    render(
      $(main, "#refresh-state"),
      html`<span class="jh-refresh__time"
          >${t("dashboard.updated", { time: clock(updatedAt) })}</span
        >
        <span class="jh-refresh__mode"
          >${
            refresh.paused()
              ? t("dashboard.paused")
              : t("dashboard.every", { seconds: refreshMs / 1000 })
          }</span
        >
        ${failure ? html`<span class="jh-refresh__error">${failure}</span>` : ""}`,
    );
  }

  drawFigures();
  showState();
  await charts.draw(data);
}
