// The campaign's state on its overview: where it stands, and the actions the API allows
// from there (publish, close, reopen, archive), closing and archiving after a confirmation.
import type { CampaignAction, CampaignView } from "../../../api/campaigns/types.ts";
import { api } from "../api-client.ts";
import { dateTime } from "../format.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { phaseBadge } from "../phase-badge.ts";
import { campaignProgress } from "./campaign-progress.ts";
import {
  campaignErrorText,
  dateTimeField,
  fieldId,
  formReader,
  refusedField,
  showFieldErrors,
} from "./campaign-form.ts";

const prefix = "confirm";

function explanation(c: CampaignView): string {
  return t(`overview.explain.${c.status}`);
}

export function lifecyclePanel(c: CampaignView, responses: number): Html {
  return html`<section class="jh-panel" id="lifecycle" aria-labelledby="lifecycle-title">
    <h2 id="lifecycle-title">${t("overview.status")}</h2>
    <p class="jh-phase-line">
      ${phaseBadge(c.status)}
      <span>${t("overview.window", { from: dateTime(c.opensAt), to: dateTime(c.closesAt) })}</span>
      <span class="jh-round__meta">${label("scheme", c.scheme)}</span>
    </p>
    <p id="lifecycle-explain">${explanation(c)}</p>
    ${campaignProgress("campaign-progress", c, responses)}
    ${
      c.actions.length > 0
        ? html`<p class="jh-actions" id="lifecycle-actions">
            ${c.actions.map(
              (action) =>
                html`<button
                  type="button"
                  class="jh-button ${
                    action === "open" || action === "reopen" ? "jh-button--primary" : ""
                  }"
                  data-action="${action}"
                >
                  ${t(`action.${action}`)}
                </button>`,
            )}
          </p>`
        : ""
    }
    <div id="lifecycle-confirm"></div>
    <p id="lifecycle-message" class="jh-form__error" role="alert"></p>
  </section>`;
}

/** The confirmation (close, archive) or the new closing time (open, reopen once it has passed). */
function confirmForm(c: CampaignView, action: CampaignAction, needsClosing: boolean): Html {
  const text =
    action === "close"
      ? t(c.status === "scheduled" ? "actionConfirm.closeScheduled" : "actionConfirm.close")
      : action === "archive"
        ? t("actionConfirm.archive")
        : t("action.closesPassed", { closes: dateTime(c.closesAt) });
  const button =
    action === "close" || action === "archive"
      ? t(`actionConfirmButton.${action}`)
      : t(`action.${action}`);
  return html`<form class="jh-confirm" id="confirm-form" novalidate aria-labelledby="confirm-text">
    <p id="confirm-text"><strong>${text}</strong></p>
    ${needsClosing ? dateTimeField(fieldId(prefix, "closesAt"), t("action.newClosesAt"), null) : ""}
    <div class="jh-field">
      <label for="confirm-reason">${t("action.reason")}</label>
      <input id="confirm-reason" maxlength="500" />
    </div>
    <p id="confirm-message" class="jh-form__error" role="alert"></p>
    <p class="jh-actions">
      <button type="submit" class="jh-button jh-button--primary">${button}</button>
      <button type="button" class="jh-button" data-cancel>${t("form.cancel")}</button>
    </p>
  </form>`;
}

/**
 * Wires the panel's buttons. `done` gets the campaign as the API answered, after which the
 * page redraws; a refusal is said in words beside the button or the field it names.
 */
export function wireLifecycle(
  panel: HTMLElement,
  campaign: CampaignView,
  done: (updated: CampaignView, action: CampaignAction) => void,
): void {
  const slot = $(panel, "#lifecycle-confirm");
  const message = $(panel, "#lifecycle-message");
  const buttons = () => panel.querySelectorAll<HTMLButtonElement>("#lifecycle-actions button");
  const busy = (on: boolean) => {
    for (const b of buttons()) b.disabled = on;
  };

  const send = (action: CampaignAction, body: { reason?: string; closesAt?: string }) =>
    api.campaignAction(campaign.id, action, body).then((updated) => done(updated, action));

  panel.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[data-action]");
    if (!button) return;
    const action = button.dataset.action as CampaignAction;
    message.textContent = "";
    const opening = action === "open" || action === "reopen";
    const closingPassed = new Date(campaign.closesAt).getTime() <= Date.now();
    if (opening && !closingPassed) {
      busy(true);
      send(action, {}).catch((error: unknown) => {
        busy(false);
        message.textContent = campaignErrorText(error, true);
      });
      return;
    }
    render(slot, confirmForm(campaign, action, opening));
    const form = $<HTMLFormElement>(slot, "#confirm-form");
    const formMessage = $(form, "#confirm-message");
    $(form, "[data-cancel]").addEventListener("click", () => {
      render(slot, html``);
      button.focus();
    });
    // The new closing time is asked for; otherwise the question is, and the reason is optional.
    const first = opening ? `#${fieldId(prefix, "closesAt")}` : "button[type=submit]";
    $(form, first).focus();
    form.addEventListener("submit", (submitted) => {
      submitted.preventDefault();
      const read = formReader(form, prefix);
      const closesAt = opening ? read.date("closesAt") : "";
      if (read.errors.length > 0) return showFieldErrors(form, prefix, read.errors, formMessage);
      const reason = $<HTMLInputElement>(form, "#confirm-reason").value.trim();
      const controls = form.querySelectorAll("button");
      for (const b of controls) b.disabled = true;
      busy(true);
      send(action, { ...(reason ? { reason } : {}), ...(closesAt ? { closesAt } : {}) }).catch(
        (error: unknown) => {
          for (const b of controls) b.disabled = false;
          busy(false);
          const refused = refusedField(error, true);
          if (refused) return showFieldErrors(form, prefix, [refused], formMessage);
          formMessage.textContent = campaignErrorText(error, true);
        },
      );
    });
  });
}
