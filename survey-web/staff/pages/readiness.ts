import { assessmentApi } from "../api-client.ts";
import type {
  CoefficientsView,
  ReadinessView,
  VetoItemView,
} from "../../../api/assessment/types.ts";
import { $, type Html, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { mayEdit } from "../roles.ts";
import { setTitle } from "../shell.ts";
import { coefficientTables } from "./readiness-coefficients.ts";
import { criteriaTable } from "./readiness-criteria.ts";
import { readinessDetails } from "./readiness-details.ts";
import { figuresPanel, wireFigures } from "./readiness-figures.ts";
import { type EnteredInputs, inputsPanel, wireInputs } from "./readiness-inputs.ts";
import { labelText, statusClass, statusText } from "./readiness-names.ts";
import { vetoPanel, wireVetoes } from "./readiness-vetoes.ts";
import { whatIfPanel, wireWhatIf } from "./readiness-what-if.ts";
import "./readiness.css";

function section(id: string, title: string, body: Html, hint?: string): Html {
  return html`<section class="jh-panel" aria-labelledby="${id}-title" id="${id}">
    <h2 id="${id}-title">${title}</h2>
    ${hint ? html`<p class="jh-hint">${hint}</p>` : ""} ${body}
  </section>`;
}

interface Loaded {
  view: ReadinessView;
  cvs: CoefficientsView;
  vetoes: VetoItemView[];
  /** Admins only: the hand-entered figures, for their forms. */
  inputs: EnteredInputs | null;
}

function layout(loaded: Loaded, campaignId: number, campaignName: string, editable: boolean): Html {
  const { view, cvs } = loaded;
  const year = view.schoolYear
    ? t("readiness.schoolYear", { year: view.schoolYear })
    : t("readiness.noSchoolYear");
  return html`<div id="readiness-page">
    ${heading(t("readiness.title"), html`${campaignName} · ${t("readiness.scheme", { scheme: labelText(view.schemeLabel, view.schemeId) })} · ${year}`)}
    <p class="jh-hint">${t("readiness.sub")}</p>
    <div class="jh-readiness-overall">
      <strong>${t("readiness.overall")}</strong>
      <span
        class="jh-badge ${statusClass(view.status)}"
        id="readiness-overall"
        data-status="${view.status}"
        >${statusText(view.status)}</span
      >
      <button type="button" class="jh-button jh-button--small jh-no-print" id="readiness-print">
        ${t("readiness.print")}
      </button>
    </div>
    ${section("readiness-criteria-section", t("readiness.criteria"), criteriaTable(view))}
    ${section(
      "readiness-cv-section",
      t("readiness.cv.title"),
      html`${coefficientTables(cvs)}
        <div class="jh-no-print">${whatIfPanel(cvs)}</div>`,
      t("readiness.cv.hint"),
    )}
    ${section("readiness-details-section", t("readiness.details"), readinessDetails(view))}
    <section
      class="jh-panel jh-no-print"
      aria-labelledby="readiness-entry-title"
      id="readiness-entry"
    >
      <h2 id="readiness-entry-title">${t("readiness.entry.title")}</h2>
      <p id="readiness-status" role="status" class="jh-form__ok" tabindex="-1"></p>
      ${editable ? figuresPanel() : ""} ${vetoPanel(campaignId, loaded.vetoes, editable)}
      ${loaded.inputs ? inputsPanel(loaded.inputs) : ""}
    </section>
  </div>`;
}

async function enteredInputs(campaignId: number): Promise<EnteredInputs> {
  const [settings, score, budget] = await Promise.all([
    assessmentApi.settings(campaignId),
    assessmentApi.governmentScore(campaignId),
    assessmentApi.budgetYears(campaignId),
  ]);
  return { settings, score, years: budget.years, threeGrowths: budget.schemeHasThreeGrowths };
}

/**
 * The readiness page (docs/assessment.md, Readiness): every criterion of the campaign's scheme with
 * pass / fail / unknown, its margin and the schools or departments behind it, then the difference
 * coefficients per level and the figures behind the computed criteria. Admin and viewer only
 * (roles.ts); printable.
 */
export async function readinessPage(ctx: PageContext): Promise<void> {
  const { main, campaign, signal, permissions } = ctx;
  const editable = mayEdit(permissions, "assessment.manage");
  setTitle(t("readiness.title"), campaign.name);
  render(main, html`${heading(t("readiness.title"), campaign.name)}${loading()}`);

  const draw = async (status: string): Promise<void> => {
    let loaded: Loaded;
    try {
      const [view, cvs, vetoes, inputs] = await Promise.all([
        assessmentApi.readiness(campaign.id),
        assessmentApi.coefficients(campaign.id),
        assessmentApi.vetoes(campaign.id),
        editable ? enteredInputs(campaign.id) : null,
      ]);
      loaded = { view, cvs, vetoes: vetoes.items, inputs };
    } catch (error) {
      if (!signal.aborted) {
        render(main, html`${heading(t("readiness.title"), campaign.name)}${errorBox(error)}`);
      }
      return;
    }
    if (signal.aborted) return;
    render(main, layout(loaded, campaign.id, campaign.name, editable));
    $(main, "#readiness-print").addEventListener("click", () => window.print());
    wireWhatIf(main, campaign.id, loaded.cvs);
    const said = $(main, "#readiness-status");
    said.textContent = status;
    // After a change the page is redrawn: keep the keyboard near what just happened.
    if (status) said.focus();
    if (!editable) return;
    const entry = $(main, "#readiness-entry");
    wireFigures(entry, campaign.id, (message) => void draw(message));
    wireVetoes(entry, campaign.id, (message) => void draw(message));
    if (loaded.inputs) {
      wireInputs(entry, campaign.id, loaded.inputs, (message) => void draw(message));
    }
  };
  await draw("");
}
