import { type Html, html } from "../html.ts";
import { t } from "../i18n.ts";
import { pathOf } from "../router.ts";

/** The campaign overview's way to the questionnaire editor. */
export function questionnairesDoor(campaignId: number): Html {
  const href = pathOf({ kind: "campaign", campaignId, page: "questionnaires" });
  return html`<section class="jh-panel" id="questionnaires-door" aria-labelledby="qe-door-title">
    <h2 id="qe-door-title">${t("qe.title")}</h2>
    <p class="jh-hint">${t("qe.door")}</p>
    <p><a class="jh-button" href="${href}" data-nav>${t("qe.doorLink")}</a></p>
  </section>`;
}
