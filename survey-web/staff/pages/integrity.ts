import { integrityApi } from "../api-client.ts";
import { $, type Html, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import type { IntegrityView } from "../../../api/integrity/types.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { mayEdit } from "../roles.ts";
import { setTitle } from "../shell.ts";
import { clusterList, exclusionTable, wireDecisions } from "./integrity-decisions.ts";
import {
  channelTable,
  integrityTotals,
  kindTable,
  refusalTable,
  schoolTable,
} from "./integrity-tables.ts";
import { drawTimeline } from "./integrity-timeline.ts";

function section(id: string, title: string, body: Html | string, hint?: string): Html {
  return html`<section class="jh-panel" aria-labelledby="${id}-title" id="${id}">
    <h2 id="${id}-title">${title}</h2>
    ${hint ? html`<p class="jh-hint">${hint}</p>` : ""} ${body}
  </section>`;
}

function layout(view: IntegrityView, campaignName: string, editable: boolean): Html {
  const sub = html`${campaignName} · ${t("integrity.sub")}`;
  const counts = html`${section(
    "integrity-overview",
    t("integrity.totals"),
    integrityTotals(view),
    t("integrity.closedRefusalsNote"),
  )}
  ${section("integrity-kinds-section", t("integrity.byKind"), kindTable("integrity", view))}
  ${section("integrity-schools-section", t("integrity.bySchool"), schoolTable("integrity", view.bySchool))}
  ${section("integrity-channels-section", t("integrity.byChannel"), channelTable("integrity", view.byChannel))}`;
  if ("countsOnly" in view) {
    return html`${heading(t("integrity.title"), sub)}
      <p class="jh-alert jh-alert--info">${t("integrity.countsOnly")}</p>
      ${counts}`;
  }
  return html`${heading(t("integrity.title"), sub)}
    <p id="integrity-status" role="status" class="jh-form__ok" tabindex="-1"></p>
    ${counts}
    ${view.closedRefusals.total > 0 ? section("integrity-refusals-section", t("integrity.closedRefusals"), refusalTable("integrity", view)) : ""}
    ${section("integrity-timeline", t("integrity.timeline"), html`<div id="integrity-timeline-body"></div>`)}
    ${section(
      "integrity-clusters-section",
      t("integrity.clusters"),
      clusterList(view.clusters, editable),
      t("integrity.clustersExplain"),
    )}
    ${section(
      "integrity-exclusions-section",
      t("integrity.exclusions"),
      exclusionTable(view.exclusions, editable),
      t("integrity.exclusionsExplain"),
    )}`;
}

/**
 * The integrity page (docs/integrity.md, The integrity report): counts per flag, school and link,
 * the submission timeline with bursts, the flag clusters with their evidence and the exclusion
 * records. An admin excludes a cluster or reverses an exclusion here, always with a reason; a
 * viewer sees the counts only.
 */
export async function integrityPage(ctx: PageContext): Promise<void> {
  const { main, campaign, permissions, signal } = ctx;
  setTitle(t("integrity.title"), campaign.name);
  render(main, html`${heading(t("integrity.title"), campaign.name)}${loading()}`);
  const editable = mayEdit(permissions, "integrity.review");
  // Each redraw gets its own signal, so a chart of the previous draw is destroyed.
  let drawn: AbortController | null = null;
  signal.addEventListener("abort", () => drawn?.abort());

  const draw = async (status: string): Promise<void> => {
    let view: IntegrityView;
    try {
      view = await integrityApi.report(campaign.id);
    } catch (error) {
      if (!signal.aborted) {
        render(main, html`${heading(t("integrity.title"), campaign.name)}${errorBox(error)}`);
      }
      return;
    }
    if (signal.aborted) return;
    drawn?.abort();
    const current = new AbortController();
    drawn = current;
    render(main, layout(view, campaign.name, editable));
    if ("countsOnly" in view) return;
    const said = $(main, "#integrity-status");
    said.textContent = status;
    // After a decision the page is redrawn: keep the keyboard near what just happened.
    if (status) said.focus();
    drawTimeline($(main, "#integrity-timeline-body"), view, current.signal);
    for (const id of ["#integrity-clusters-section", "#integrity-exclusions-section"]) {
      wireDecisions($(main, id), campaign.id, view.clusters, (message) => void draw(message));
    }
  };
  await draw("");
}
