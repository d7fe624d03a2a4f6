import { ApiError, api } from "../api-client.ts";
import type { AnalysisSettingsView } from "../../../api/analysis/types.ts";
import { errorText } from "../error-text.ts";
import { dateTime } from "../format.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { errorBox, loading } from "../page-context.ts";
import { definitionText } from "./report-parts.ts";

const definitions = ["overall_item", "respondent_share", "respondent_satisfied", "score"];
/** Keys the form edits field by field; every other key is edited as JSON. */
const formKeys = ["definition", "threshold", "poststratify", "satisfiedShare"];

function effective(
  view: AnalysisSettingsView,
  key: keyof AnalysisSettingsView["defaults"],
): unknown {
  return view.settings?.[key] ?? view.defaults[key];
}

function others(view: AnalysisSettingsView): string {
  const rest = Object.fromEntries(
    Object.entries(view.settings ?? {}).filter(([key]) => !formKeys.includes(key)),
  );
  return Object.keys(rest).length === 0 ? "{}" : JSON.stringify(rest, null, 2);
}

function form(view: AnalysisSettingsView): Html {
  const definition = String(effective(view, "definition"));
  const threshold = Number(effective(view, "threshold")) * 100;
  const share = Number(effective(view, "satisfiedShare")) * 100;
  return html`${
      view.problems.length > 0
        ? html`<div class="jh-alert jh-alert--error" role="alert">
            <p>${t("analysis.problems")}</p>
            <ul>
              ${view.problems.map((p) => html`<li>${p}</li>`)}
            </ul>
          </div>`
        : ""
    }
    <p class="jh-hint">
      ${
        view.updatedAt
          ? t("analysis.updatedAt", { time: dateTime(view.updatedAt) })
          : t("analysis.defaultsInUse")
      }
    </p>
    <form id="analysis-form" class="jh-form" novalidate>
      <div class="jh-field">
        <label for="analysis-definition">${t("config.definition")}</label>
        <select id="analysis-definition" aria-describedby="analysis-definition-hint">
          ${definitions.map(
            (d) =>
              html`<option value="${d}" ${d === definition ? "selected" : ""}>
                ${label("analysis.definition", d)}
              </option>`,
          )}
        </select>
        <p class="jh-hint" id="analysis-definition-hint">${definitionText(definition)}</p>
      </div>
      <div class="jh-field">
        <label for="analysis-share">${t("analysis.satisfiedShare")}</label>
        <input
          id="analysis-share"
          type="number"
          min="1"
          max="100"
          step="1"
          value="${share}"
          aria-describedby="analysis-share-hint"
        />
        <p class="jh-hint" id="analysis-share-hint">${t("analysis.satisfiedShareHint")}</p>
      </div>
      <div class="jh-field">
        <label for="analysis-threshold">${t("analysis.threshold")}</label>
        <input
          id="analysis-threshold"
          type="number"
          min="1"
          max="99"
          step="0.1"
          value="${threshold}"
        />
      </div>
      <div class="jh-check">
        <input
          id="analysis-poststratify"
          type="checkbox"
          ${effective(view, "poststratify") ? "checked" : ""}
        />
        <label for="analysis-poststratify">${t("analysis.poststratify")}</label>
      </div>
      <div class="jh-field">
        <label for="analysis-json">${t("analysis.other")}</label>
        <textarea id="analysis-json" spellcheck="false" aria-describedby="analysis-json-hint">
${others(view)}</textarea>
        <p class="jh-hint" id="analysis-json-hint">${t("analysis.otherHint")}</p>
      </div>
      <div id="analysis-message" class="jh-form__error" role="alert"></div>
      <p class="jh-actions">
        <button type="submit" class="jh-button jh-button--primary">${t("form.save")}</button>
        <button type="button" class="jh-button" id="analysis-reset">${t("analysis.reset")}</button>
      </p>
    </form>
    <details class="jh-details">
      <summary>${t("analysis.inUse")}</summary>
      <pre class="jh-mono" id="analysis-config">
${JSON.stringify(view.config ?? view.defaults, null, 2)}</pre>
    </details>`;
}

type Read = { settings: Record<string, unknown> } | { error: string; field: string };

function read(root: HTMLElement): Read {
  const value = (id: string) => $<HTMLInputElement>(root, `#${id}`).value.trim();
  let rest: unknown;
  try {
    rest = JSON.parse(value("analysis-json") || "{}");
  } catch {
    return { error: t("analysis.badJson"), field: "analysis-json" };
  }
  if (typeof rest !== "object" || rest === null || Array.isArray(rest)) {
    return { error: t("analysis.badJson"), field: "analysis-json" };
  }
  const threshold = Number(value("analysis-threshold"));
  if (!(threshold > 0 && threshold < 100)) {
    return { error: t("analysis.badThreshold"), field: "analysis-threshold" };
  }
  const share = Number(value("analysis-share"));
  if (!(share > 0 && share <= 100))
    return { error: t("analysis.badShare"), field: "analysis-share" };
  return {
    settings: {
      ...(rest as Record<string, unknown>),
      definition: value("analysis-definition"),
      // The form speaks percent; the API speaks shares (0.85).
      threshold: Math.round(threshold * 10) / 1000,
      satisfiedShare: Math.round(share * 10) / 1000,
      poststratify: $<HTMLInputElement>(root, "#analysis-poststratify").checked,
    },
  };
}

/** The bureau's analysis settings: the definition named beside the 85 % line, and the rest. */
export async function analysisSettingsPanel(
  target: HTMLElement,
  campaignId: number,
  signal: AbortSignal,
): Promise<void> {
  render(
    target,
    html`<section class="jh-panel" aria-labelledby="analysis-title">
      <h2 id="analysis-title">${t("analysis.title")}</h2>
      <p class="jh-hint">${t("analysis.explain")}</p>
      <div id="analysis-body">${loading()}</div>
    </section>`,
  );
  const body = $(target, "#analysis-body");
  let view: AnalysisSettingsView;
  try {
    view = await api.analysisSettings(campaignId);
  } catch (error) {
    if (!signal.aborted) render(body, errorBox(error));
    return;
  }
  if (signal.aborted) return;

  const draw = (saved: boolean) => {
    render(body, form(view));
    const root = $(body, "#analysis-form");
    const messageBox = $(root, "#analysis-message");
    if (saved) {
      messageBox.className = "jh-form__ok";
      messageBox.textContent = t("form.saved");
    }
    $(root, "#analysis-definition").addEventListener("change", (event) => {
      const chosen = (event.target as HTMLSelectElement).value;
      $(root, "#analysis-definition-hint").textContent = definitionText(chosen);
    });
    const save = (settings: Record<string, unknown>) => {
      for (const button of root.querySelectorAll("button")) button.disabled = true;
      api.saveAnalysisSettings(campaignId, settings).then(
        (next) => {
          view = next;
          draw(true);
        },
        (error: unknown) => {
          for (const button of root.querySelectorAll("button")) button.disabled = false;
          messageBox.className = "jh-form__error";
          const details =
            error instanceof ApiError && Array.isArray(error.details) ? error.details : [];
          render(
            messageBox,
            html`${errorText(error)}${
              details.length > 0
                ? html`<ul>
                    ${details.map((d) => html`<li>${String(d)}</li>`)}
                  </ul>`
                : ""
            }`,
          );
        },
      );
    };
    root.addEventListener("submit", (event) => {
      event.preventDefault();
      const result = read(root);
      if ("error" in result) {
        messageBox.className = "jh-form__error";
        messageBox.textContent = result.error;
        $(root, `#${result.field}`).focus();
        return;
      }
      save(result.settings);
    });
    $(root, "#analysis-reset").addEventListener("click", () => save({}));
  };
  draw(false);
}
