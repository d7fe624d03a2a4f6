// The satisfaction scale of a campaign: picked when it is made, shown on its overview, and
// changed there while it is a draft (PUT /api/campaigns/:id/scale; docs/satisfaction.md).
import type { CampaignView } from "../../../api/campaigns/types.ts";
import type { CampaignScaleBody } from "../../../api/rounds/types.ts";
import { api } from "../api-client.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";

export type Scale = CampaignScaleBody;
type Points = 3 | 4 | 5;
const points: readonly Points[] = [3, 4, 5];

/**
 * The scale a new campaign starts on, as the API gives one left out: the 2012 A卷's three
 * points without 不了解; four points with 不了解 under 2017, whose rules publish none.
 */
export function defaultScaleOf(scheme: "basic_2012" | "quality_2017"): Scale {
  return scheme === "basic_2012" ? { points: 3, dontKnow: false } : { points: 4, dontKnow: true };
}

/** The scale in words, e.g. 三级（满意 / 基本满意 / 不满意），含“不了解”. */
export function scaleText(scale: Scale | null): string {
  if (!scale) return t("scale.asStored");
  return t(scale.dontKnow ? "scale.summaryDontKnow" : "scale.summary", {
    scale: label("scale.points", String(scale.points)),
  });
}

/** Radio buttons for the points and a box for 不了解; ids start with `prefix`. */
export function scaleField(prefix: string, scale: Scale | null, hint: string): Html {
  const id = `${prefix}-scale`;
  return html`<fieldset class="jh-fieldset" id="${id}">
    <legend>${t("campaignForm.scale")}</legend>
    <p class="jh-hint" id="${id}-hint">${hint}</p>
    ${points.map(
      (p) =>
        html`<label class="jh-choice">
          <input
            type="radio"
            name="${prefix}-scale-points"
            value="${p}"
            ${scale?.points === p ? html`checked` : ""}
          />
          <span>${label("scale.points", String(p))}</span>
        </label>`,
    )}
    <label class="jh-choice">
      <input
        type="checkbox"
        id="${id}-dont-know"
        name="${prefix}-scale-dont-know"
        ${scale?.dontKnow ? html`checked` : ""}
      />
      <span>${t("scale.dontKnow")}</span>
    </label>
    <p class="jh-field__error" id="${id}-error"></p>
  </fieldset>`;
}

/** The scale the field shows, or null when no number of points is picked. */
export function readScale(root: ParentNode, prefix: string): Scale | null {
  const picked = root.querySelector<HTMLInputElement>(
    `input[name="${prefix}-scale-points"]:checked`,
  );
  if (!picked) return null;
  const dontKnow = $<HTMLInputElement>(root, `#${prefix}-scale-dont-know`).checked;
  return { points: Number(picked.value), dontKnow };
}

/** Puts the field on `scale`. */
export function setScale(root: ParentNode, prefix: string, scale: Scale): void {
  for (const input of root.querySelectorAll<HTMLInputElement>(
    `input[name="${prefix}-scale-points"]`,
  )) {
    input.checked = Number(input.value) === scale.points;
  }
  $<HTMLInputElement>(root, `#${prefix}-scale-dont-know`).checked = scale.dontKnow;
}

/**
 * The overview's scale panel: what the campaign's satisfaction items offer, and for the bureau
 * while it is a draft without responses, a form to change it. `changed` gets the campaign as
 * the API returns it.
 */
export function drawScalePanel(
  box: HTMLElement,
  campaign: CampaignView,
  opts: { editable: boolean; responses: number; changed: (updated: CampaignView) => void },
): void {
  const open = opts.editable && campaign.status === "draft" && opts.responses === 0;
  const prefix = "overview";
  render(
    box,
    html`<section class="jh-panel" aria-labelledby="scale-title">
      <h2 id="scale-title">${t("campaignForm.scale")}</h2>
      <p id="scale-current">${scaleText(campaign.scale)}</p>
      ${
        open
          ? html`<form id="scale-form" class="jh-form" novalidate>
              ${scaleField(prefix, campaign.scale, t("scale.changeHint"))}
              <div id="scale-message" class="jh-form__error" role="alert"></div>
              <p class="jh-actions">
                <button type="submit" class="jh-button">${t("scale.save")}</button>
              </p>
            </form>`
          : html`<p class="jh-hint">${t(opts.editable ? "scale.locked" : "scale.readOnly")}</p>`
      }
    </section>`,
  );
  if (!open) return;
  const form = $<HTMLFormElement>(box, "#scale-form");
  const message = $(form, "#scale-message");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const scale = readScale(form, prefix);
    if (!scale) {
      message.className = "jh-form__error";
      message.textContent = t("form.required", { field: t("campaignForm.scale") });
      return;
    }
    const button = $<HTMLButtonElement>(form, "button[type=submit]");
    button.disabled = true;
    api.setCampaignScale(campaign.id, scale).then(
      (updated) => {
        opts.changed(updated);
        const saved = box.querySelector("#scale-message");
        if (saved) {
          saved.className = "jh-form__ok";
          saved.textContent = t("form.saved");
        }
      },
      (error: unknown) => {
        button.disabled = false;
        message.className = "jh-form__error";
        message.textContent = errorText(error);
      },
    );
  });
}
