// A campaign's place among the district's rounds, on its overview: what to do next with a
// draft, copying it as the next round, and deleting a draft.
import type { CampaignView } from "../../../api/campaigns/types.ts";
import { api } from "../api-client.ts";
import { forgetCampaigns } from "../campaign-list.ts";
import { $, type Html, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import { base, pathOf } from "../router.ts";
import {
  campaignErrorText,
  clearFieldErrors,
  dateTimeField,
  fieldId,
  formReader,
  refusedField,
  showFieldErrors,
  textField,
} from "./campaign-form.ts";
import { announce } from "./campaign-notice.ts";

const prefix = "copy";

/** A draft's checklist: schools, links and posters, then publishing. */
export function nextSteps(c: CampaignView): Html {
  const page = (name: "schools" | "channels") =>
    pathOf({ kind: "campaign", campaignId: c.id, page: name });
  return html`<section class="jh-panel" id="next-steps" aria-labelledby="next-steps-title">
    <h2 id="next-steps-title">${t("overview.nextSteps")}</h2>
    <ol class="jh-steps">
      <li>
        ${t("overview.stepSchools")}
        <a href="${page("schools")}" data-nav>${t("overview.stepSchoolsLink")}</a>
      </li>
      <li>
        ${t("overview.stepLinks")}
        <a href="${page("channels")}" data-nav>${t("overview.stepLinksLink")}</a>
      </li>
      <li>${t("overview.stepPublish")}</li>
    </ol>
  </section>`;
}

export function copyPanel(): Html {
  return html`<section class="jh-panel" id="copy" aria-labelledby="copy-title">
    <h2 id="copy-title">${t("copy.title")}</h2>
    <p class="jh-hint">${t("copy.explain")}</p>
    <form id="copy-form" class="jh-form" novalidate>
      ${textField(fieldId(prefix, "name"), t("copy.name"), "", {
        required: true,
        hint: t("copy.nameHint"),
      })}
      ${dateTimeField(fieldId(prefix, "opensAt"), t("campaignForm.opensAt"), null)}
      ${dateTimeField(fieldId(prefix, "closesAt"), t("campaignForm.closesAt"), null)}
      <div id="copy-message" class="jh-form__error" role="alert"></div>
      <p class="jh-actions">
        <button type="submit" class="jh-button">${t("copy.submit")}</button>
      </p>
    </form>
  </section>`;
}

export function deletePanel(): Html {
  return html`<section class="jh-panel" id="delete" aria-labelledby="delete-title">
    <h2 id="delete-title">${t("delete.title")}</h2>
    <p class="jh-hint">${t("delete.explain")}</p>
    <p class="jh-actions">
      <button type="button" class="jh-button jh-button--danger" id="delete-start">
        ${t("delete.button")}
      </button>
    </p>
    <div id="delete-confirm"></div>
  </section>`;
}

/** Copying opens the new draft's overview; `navigate` goes there. */
export function wireCopy(
  panel: HTMLElement,
  campaign: CampaignView,
  navigate: (path: string) => void,
): void {
  const form = $<HTMLFormElement>(panel, "#copy-form");
  const message = $(form, "#copy-message");
  const button = $<HTMLButtonElement>(form, "button[type=submit]");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const read = formReader(form, prefix);
    const name = read.text("name", t("copy.name"), true);
    const opensAt = read.date("opensAt");
    const closesAt = read.date("closesAt");
    if (read.errors.length > 0) return showFieldErrors(form, prefix, read.errors, message);
    clearFieldErrors(form);
    message.textContent = "";
    button.disabled = true;
    api.copyCampaign(campaign.id, { name, opensAt, closesAt }).then(
      (next) => {
        forgetCampaigns();
        announce(next.id, "overview.copied");
        navigate(pathOf({ kind: "campaign", campaignId: next.id, page: "settings" }));
      },
      (error: unknown) => {
        button.disabled = false;
        const refused = refusedField(error);
        if (refused) return showFieldErrors(form, prefix, [refused], message);
        message.textContent = campaignErrorText(error);
      },
    );
  });
}

/** Deleting asks first, then goes to the list of campaigns. */
export function wireDelete(
  panel: HTMLElement,
  campaign: CampaignView,
  navigate: (path: string) => void,
): void {
  const start = $<HTMLButtonElement>(panel, "#delete-start");
  const slot = $(panel, "#delete-confirm");
  start.addEventListener("click", () => {
    render(
      slot,
      html`<div class="jh-confirm jh-confirm--danger" role="group" aria-labelledby="delete-text">
        <p id="delete-text"><strong>${t("delete.confirm", { name: campaign.name })}</strong></p>
        <p id="delete-message" class="jh-form__error" role="alert"></p>
        <p class="jh-actions">
          <button type="button" class="jh-button jh-button--danger jh-button--primary" data-yes>
            ${t("delete.confirmButton")}
          </button>
          <button type="button" class="jh-button" data-cancel>${t("form.cancel")}</button>
        </p>
      </div>`,
    );
    const yes = $<HTMLButtonElement>(slot, "[data-yes]");
    yes.focus();
    $(slot, "[data-cancel]").addEventListener("click", () => {
      render(slot, html``);
      start.focus();
    });
    yes.addEventListener("click", () => {
      yes.disabled = true;
      api.deleteCampaign(campaign.id).then(
        () => {
          forgetCampaigns();
          navigate(`${base}/campaigns`);
        },
        (error: unknown) => {
          yes.disabled = false;
          $(slot, "#delete-message").textContent = campaignErrorText(error);
        },
      );
    });
  });
}
