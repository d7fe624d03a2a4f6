// The integrity section of the printable report: counts per flag,
// school and link, a compact timeline with its bursts, and the exclusions with
// their reasons, from GET /api/campaigns/:id/integrity. Plain tables only, so
// the section prints whole; no buttons (decisions are taken on the integrity page).
import { count, dateTime } from "../format.ts";
import { type Html, html } from "../html.ts";
import { label, t } from "../i18n.ts";
import type { ExclusionRecordView, IntegrityView } from "../../../api/integrity/types.ts";
import {
  channelTable,
  countTable,
  integrityTotals,
  kindTable,
  refusalTable,
  schoolTable,
} from "./integrity-tables.ts";
import { timelineSummaryTable } from "./integrity-timeline.ts";

const prefix = "report-integrity";

function exclusionAction(r: ExclusionRecordView): string {
  if (r.kind === "reverse") return t("integrity.actionReverse", { id: r.reverses ?? "?" });
  const action = t("integrity.actionExclude", { count: count(r.responseIds.length) });
  const from = r.flagCluster
    ? ` · ${t("integrity.fromCluster", { kind: label("flagKind", r.flagCluster.kind) })}`
    : "";
  const state =
    r.reversedBy === null
      ? t("integrity.inForce")
      : t("integrity.reversedBy", { id: r.reversedBy });
  return `${action}${from} (${state})`;
}

function exclusionsTable(records: readonly ExclusionRecordView[]): Html {
  return countTable(
    `${prefix}-exclusions`,
    t("integrity.exclusionsCaption"),
    [
      t("integrity.colRecord"),
      t("integrity.colAction"),
      t("integrity.colReason"),
      t("integrity.colWho"),
      t("integrity.colWhen"),
    ],
    [...records]
      .sort((a, b) => a.id - b.id)
      .map((r) => ({
        name: `#${r.id}`,
        cells: [exclusionAction(r), r.reason, r.actorLabel, dateTime(r.at)],
      })),
  );
}

/**
 * The section, ready for the report page. Accounts that see counts only get
 * the counts; the timeline and the exclusions are the bureau's.
 */
export function integrityReportSection(view: IntegrityView): Html {
  return html`<section class="jh-panel" aria-labelledby="${prefix}-title" id="${prefix}">
    <h2 id="${prefix}-title">${t("integrity.reportTitle")}</h2>
    <p class="jh-hint">${t("integrity.sub")}</p>
    ${integrityTotals(view)}
    <p class="jh-hint">${t("integrity.closedRefusalsNote")}</p>
    <h3>${t("integrity.byKind")}</h3>
    ${kindTable(prefix, view)}
    <h3>${t("integrity.bySchool")}</h3>
    ${schoolTable(prefix, view.bySchool)}
    <h3>${t("integrity.byChannel")}</h3>
    ${channelTable(prefix, view.byChannel)}
    ${
      "countsOnly" in view
        ? ""
        : html`${refusalTable(prefix, view)}
            <h3>${t("integrity.timeline")}</h3>
            <p class="jh-hint">
              ${t("integrity.timelineExplain", { minutes: view.timeline.bucketMinutes })}
            </p>
            ${timelineSummaryTable(prefix, view)}
            <h3>${t("integrity.exclusions")}</h3>
            <p class="jh-hint">${t("integrity.exclusionsExplain")}</p>
            ${
              view.exclusions.length === 0
                ? html`<p>${t("integrity.noExclusions")}</p>`
                : exclusionsTable(view.exclusions)
            }`
    }
  </section>`;
}
