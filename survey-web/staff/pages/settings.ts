import type { CampaignAction, CampaignView } from "../../../api/campaigns/types.ts";
import { ApiError, api } from "../api-client.ts";
import { campaignUpdated, reloadCampaigns } from "../campaign-list.ts";
import { $, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { mayEdit } from "../roles.ts";
import { setTitle } from "../shell.ts";
import { analysisSettingsPanel } from "./analysis-settings.ts";
import { campaignFacts, campaignForm, readCampaignForm } from "./campaign-details.ts";
import { campaignErrorText, refusedField, showFieldErrors } from "./campaign-form.ts";
import { lifecyclePanel, wireLifecycle } from "./campaign-lifecycle.ts";
import { takeNotice } from "./campaign-notice.ts";
import { drawScalePanel } from "./campaign-scale.ts";
import { copyPanel, deletePanel, nextSteps, wireCopy, wireDelete } from "./campaign-rounds.ts";
import { questionnairesDoor } from "./questionnaire-door.ts";

/**
 * A campaign's overview and settings: its state and the lifecycle actions, a draft's next
 * steps, its own settings (dates, contact line, population, target), its satisfaction scale
 * (changed while a draft), copying it as the next
 * round, deleting a draft, and, for the bureau, the analysis settings.
 */
export async function settingsPage(ctx: PageContext): Promise<void> {
  const { main, campaign, permissions, signal, navigate } = ctx;
  const editable = mayEdit(permissions, "campaign.manage");
  const analysisEditable = mayEdit(permissions, "analysis.manage");
  const title = () => heading(t("overview.title"), detail.name);
  setTitle(t("overview.title"), campaign.name);
  render(main, html`${heading(t("overview.title"), campaign.name)}${loading()}`);
  let detail: CampaignView;
  // The list, not the one campaign: it carries the response count (the opening time locks at
  // the first response) and refreshes the header's switcher on the way.
  try {
    const found = (await reloadCampaigns()).find((c) => c.id === campaign.id);
    detail = found ?? (await api.campaign(campaign.id));
  } catch (error) {
    if (!signal.aborted)
      render(main, html`${heading(t("overview.title"), campaign.name)}${errorBox(error)}`);
    return;
  }
  if (signal.aborted) return;
  // An admin's counts are exact; "<5" (never sent to admins) would still mean some arrived.
  let responses = typeof detail.responses === "number" ? detail.responses : 1;
  const notice = takeNotice(campaign.id);

  render(
    main,
    html`<div id="overview-head"></div>
      <div id="overview-top"></div>
      <section class="jh-panel" aria-labelledby="campaign-settings-title">
        <h2 id="campaign-settings-title">${t("settings.campaign")}</h2>
        <p class="jh-hint">${t("settings.campaignHint")}</p>
        <div id="campaign-settings"></div>
      </section>
      <div id="campaign-scale"></div>
      ${mayEdit(permissions, "questionnaires.manage") ? questionnairesDoor(campaign.id) : ""}
      ${editable ? html`<div id="overview-rounds"></div>` : ""}
      ${analysisEditable ? html`<div id="analysis-settings"></div>` : ""}`,
  );

  /** The parts that follow the campaign's state; `said` is the outcome of what was just done. */
  const drawTop = (said: string | null, ok = true) => {
    render($(main, "#overview-head"), title());
    setTitle(t("overview.title"), detail.name);
    render(
      $(main, "#overview-top"),
      html`${
        said
          ? html`<p class="jh-alert ${ok ? "jh-alert--ok" : ""}" role="status" id="overview-notice">
              ${said}
            </p>`
          : ""
      }
      ${lifecyclePanel(detail, responses)}
      ${detail.status === "draft" && editable ? nextSteps(detail) : ""}`,
    );
    if (editable) wireLifecycle($(main, "#lifecycle"), detail, afterAction);
    if (editable) {
      const rounds = $(main, "#overview-rounds");
      render(rounds, html`${copyPanel()}${detail.status === "draft" ? deletePanel() : ""}`);
      wireCopy(rounds, detail, navigate);
      if (detail.status === "draft") wireDelete(rounds, detail, navigate);
    }
  };

  const afterAction = (updated: CampaignView, action: CampaignAction) => {
    detail = { ...updated, responses };
    campaignUpdated(updated);
    drawTop(t(`actionDone.${action}`));
    drawForm();
    $(main, "#overview-notice").focus();
  };

  const drawForm = () => {
    drawScalePanel($(main, "#campaign-scale"), detail, {
      editable,
      responses,
      changed: (updated) => {
        detail = { ...updated, responses };
        campaignUpdated(updated);
        drawForm();
        // The analysis defaults follow the scale.
        if (analysisEditable) {
          void analysisSettingsPanel($(main, "#analysis-settings"), campaign.id, signal);
        }
      },
    });
    const box = $(main, "#campaign-settings");
    if (!editable) return render(box, campaignFacts(detail));
    render(box, campaignForm(detail, responses > 0));
    wireForm();
  };

  const wireForm = () => {
    const form = $<HTMLFormElement>(main, "#campaign-form");
    const messageBox = $(form, "#campaign-message");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const read = readCampaignForm(form, detail);
      if ("errors" in read) return showFieldErrors(form, "campaign", read.errors, messageBox);
      if (Object.keys(read.patch).length === 0) {
        messageBox.className = "jh-form__ok";
        messageBox.textContent = t("settings.nothingChanged");
        return;
      }
      const button = $<HTMLButtonElement>(form, "button[type=submit]");
      button.disabled = true;
      api.updateCampaign(campaign.id, read.patch).then(
        (updated) => {
          detail = { ...updated, responses };
          campaignUpdated(updated);
          drawTop(null);
          drawForm();
          const saved = $(main, "#campaign-message");
          saved.className = "jh-form__ok";
          saved.textContent = t("form.saved");
        },
        (error: unknown) => {
          button.disabled = false;
          const refused = refusedField(error);
          if (!refused) {
            messageBox.className = "jh-form__error";
            messageBox.textContent = campaignErrorText(error);
            return;
          }
          showFieldErrors(form, "campaign", [refused], messageBox);
          if (error instanceof ApiError && error.code === "opens_at_locked") {
            // Responses arrived since the page was drawn: the opening time stays from now on.
            responses = Math.max(responses, 1);
            $<HTMLInputElement>(form, "#campaign-opens").disabled = true;
          }
        },
      );
    });
  };

  drawTop(notice ? t(notice) : null);
  drawForm();
  if (analysisEditable) {
    await analysisSettingsPanel($(main, "#analysis-settings"), campaign.id, signal);
  }
}
