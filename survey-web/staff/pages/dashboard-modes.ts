import type { DashboardView } from "../../../api/dashboard/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { count, percent } from "../format.ts";
import { type Html, html } from "../html.ts";
import { label, t } from "../i18n.ts";

type ModeView = DashboardView["modes"][number];

const lineText = (data: DashboardView) => percent(data.validReturn.line, 0);

/** How a mode's rate is worked out, with its figures ("完成 16 ÷ 打开 20"). */
function basis(m: ModeView): string {
  // Only a school's view has responses of a mode without links of it: district-wide ones.
  if (m.links === 0) return t("dashboard.basisNoOwnLinks");
  const figures = { returned: count(m.returned), base: count(m.base) };
  switch (m.mode) {
    case "online":
    case "interviewer":
      return t("dashboard.basisOpened", figures);
    case "telephone":
      return t("dashboard.basisCalls", {
        ...figures,
        refused: count(m.calls?.refused),
        noAnswer: count(m.calls?.noAnswer),
        wrong: count(m.calls?.wrongNumber),
      });
    case "paper": {
      // Every paper link without its count: nothing to divide, only what is missing.
      if (m.notEntered === m.links) return t("dashboard.basisPaperNone", { n: m.notEntered });
      const missing = m.notEntered > 0 ? t("dashboard.basisPaperMissing", { n: m.notEntered }) : "";
      return [t("dashboard.basisPaper", figures), missing]
        .filter(Boolean)
        .join(t("dashboard.basisJoin"));
    }
  }
}

/**
 * Against the line (the column names it), in words and with a sign, never by colour alone;
 * short, so the table fits a phone.
 */
function mark(rate: number | null, below: boolean | null): Html {
  if (rate === null || below === null) return html``;
  return below
    ? html`<span class="jh-badge jh-badge--warn"
        ><span aria-hidden="true">⚠ </span>${t("dashboard.markBelow")}</span
      >`
    : html`<span class="jh-badge jh-badge--pass">${t("dashboard.markMet")}</span>`;
}

function rateCell(m: ModeView): string {
  if (m.rate !== null) return percent(m.rate, 0);
  if (m.mode === "paper" && m.links > 0 && m.notEntered === m.links) {
    return t("dashboard.notEntered");
  }
  return t("dashboard.noRate");
}

/** The overall rate in one sentence, marked when below the line. */
function overallLine(data: DashboardView): Html {
  const r = data.validReturn;
  const line = lineText(data);
  if (r.rate === null) {
    return html`<p class="jh-alert" id="valid-return">${t("dashboard.overallRateNone")}</p>`;
  }
  const state = r.belowLine ? t("dashboard.rateBelow", { line }) : t("dashboard.rateMet", { line });
  const sentence = t("dashboard.overallRate", {
    rate: percent(r.rate, 0),
    returned: count(r.returned),
    base: count(r.base),
    state,
  });
  return r.belowLine
    ? html`<p class="jh-alert jh-alert--error" id="valid-return">
        <span aria-hidden="true">⚠ </span>${sentence}
      </p>`
    : html`<p class="jh-alert jh-alert--ok" id="valid-return">${sentence}</p>`;
}

/**
 * Responses per mode of answering and each mode's valid-return rate against the 70 % line, with
 * the overall rate above them and how each rate is worked out below (a list, so the table stays
 * narrow enough for a phone). Modes without a link or a response in the scope are left out;
 * online always shows.
 */
export function modesFigures(data: DashboardView): Html {
  const line = lineText(data);
  const rows = data.modes.filter((m) => m.mode === "online" || m.links > 0 || m.responses !== 0);
  const columns: Column<ModeView>[] = [
    { label: t("channel.mode"), rowHeader: true, cell: (m) => label("mode", m.mode) },
    { label: t("dashboard.responses"), numeric: true, cell: (m) => count(m.responses) },
    { label: t("dashboard.validReturnRate"), numeric: true, cell: rateCell },
    { label: t("dashboard.againstLine", { line }), cell: (m) => mark(m.rate, m.belowLine) },
  ];
  return html`${overallLine(data)}
    ${dataTable(columns, rows, {
      id: "dashboard-modes",
      caption: t("dashboard.modesCaption"),
      compact: true,
      rowAttributes: (m) => ({ "data-mode": m.mode }),
    })}
    <ul class="jh-hint" id="modes-basis">
      ${rows.map(
        (m) =>
          html`<li data-mode="${m.mode}">
            ${t("dashboard.basisOf", { mode: label("mode", m.mode), basis: basis(m) })}
          </li>`,
      )}
    </ul>`;
}
