import type { NewCampaignBody } from "../../../api/rounds/types.ts";
import { api } from "../api-client.ts";
import { forgetCampaigns } from "../campaign-list.ts";
import { $, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { heading } from "../page-context.ts";
import { pathOf } from "../router.ts";
import { setTitle } from "../shell.ts";
import {
  type FieldError,
  areaFields,
  areas,
  campaignErrorText,
  clearFieldErrors,
  dateTimeField,
  fieldId,
  formReader,
  numberField,
  refusedField,
  showFieldErrors,
  textField,
} from "./campaign-form.ts";
import { announce } from "./campaign-notice.ts";
import { defaultScaleOf, readScale, scaleField, setScale } from "./campaign-scale.ts";

const schemes = ["basic_2012", "quality_2017"] as const;
const prefix = "new";

function schemeField() {
  const id = fieldId(prefix, "scheme");
  return html`<fieldset class="jh-fieldset" id="${id}">
    <legend>${t("campaignForm.scheme")}</legend>
    <p class="jh-hint">${t("campaignForm.schemeHint")}</p>
    ${schemes.map(
      (s) =>
        html`<label class="jh-choice">
          <input type="radio" name="scheme" value="${s}" aria-describedby="${id}-${s}-hint" />
          <span
            ><strong>${label("scheme", s)}</strong>
            <span class="jh-hint" id="${id}-${s}-hint">${label("schemeHint", s)}</span></span
          >
        </label>`,
    )}
    <p class="jh-field__error" id="${id}-error"></p>
  </fieldset>`;
}

function newForm() {
  const id = (name: Parameters<typeof fieldId>[1]) => fieldId(prefix, name);
  return html`<form id="new-campaign-form" class="jh-form" novalidate>
    ${textField(id("name"), t("campaignForm.name"), "", {
      required: true,
      hint: t("campaignForm.nameHint"),
    })}
    ${schemeField()} ${scaleField(prefix, null, t("campaignForm.scaleHint"))}
    ${dateTimeField(id("opensAt"), t("campaignForm.opensAt"), null)}
    ${dateTimeField(id("closesAt"), t("campaignForm.closesAt"), null)}
    ${textField(id("contactLine"), t("campaignForm.contactLine"), "", {
      hint: t("campaignForm.contactHint"),
    })}
    ${numberField(id("residentPopulation"), t("settings.residents"), null, {
      hint: t("campaignForm.residentsHint"),
    })}
    ${areaFields(prefix, null)}
    ${numberField(id("targetOverride"), t("settings.targetOverride"), null, {
      hint: t("campaignForm.targetHint"),
    })}
    <div id="new-campaign-message" class="jh-form__error" role="alert"></div>
    <p class="jh-actions">
      <button type="submit" class="jh-button jh-button--primary">${t("campaignNew.submit")}</button>
    </p>
  </form>`;
}

type Read = { body: NewCampaignBody } | { errors: FieldError[] };

function readNewForm(form: HTMLFormElement): Read {
  const read = formReader(form, prefix);
  const name = read.text("name", t("campaignForm.name"), true);
  const scheme = form.querySelector<HTMLInputElement>("input[name=scheme]:checked")?.value;
  if (scheme !== "basic_2012" && scheme !== "quality_2017") {
    read.errors.push({
      field: "scheme",
      message: t("form.required", { field: t("campaignForm.scheme") }),
    });
  }
  const opensAt = read.date("opensAt");
  const closesAt = read.date("closesAt");
  const residentPopulation = read.whole("residentPopulation");
  const [urban, town, rural] = areas.map((a) => read.whole(`areaPopulations.${a}`));
  const targetOverride = read.whole("targetOverride", 1);
  const contactLine = read.text("contactLine", t("campaignForm.contactLine"));
  const scale = readScale(form, prefix);
  if (read.errors.length > 0 || (scheme !== "basic_2012" && scheme !== "quality_2017")) {
    return { errors: read.errors };
  }
  const anyArea = [urban, town, rural].some((v) => v !== null);
  return {
    body: {
      name,
      scheme,
      opensAt,
      closesAt,
      residentPopulation,
      areaPopulations: anyArea ? { urban, town, rural } : null,
      targetOverride,
      contactLine,
      // Unpicked only before a scheme is: the scheme's default, as the API gives it.
      ...(scale ? { scale } : {}),
    },
  };
}

/**
 * A new campaign (admin): name, scheme, satisfaction scale, dates on the Beijing clock,
 * populations, target and the contact line respondents see. It is made a draft; its overview lists what comes next.
 */
export function newCampaignPage(main: HTMLElement, navigate: (path: string) => void): void {
  setTitle(t("campaignNew.title"));
  render(
    main,
    html`${heading(t("campaignNew.title"))}
      <section class="jh-panel">
        <p class="jh-hint">${t("campaignNew.intro")}</p>
        ${newForm()}
      </section>`,
  );
  const form = $<HTMLFormElement>(main, "#new-campaign-form");
  const message = $(form, "#new-campaign-message");
  const button = $<HTMLButtonElement>(form, "button[type=submit]");
  // Picking a scheme suggests its scale, until the bureau picks one itself.
  let scaleTouched = false;
  $(form, `#${prefix}-scale`).addEventListener("change", () => (scaleTouched = true));
  for (const radio of form.querySelectorAll<HTMLInputElement>("input[name=scheme]")) {
    radio.addEventListener("change", () => {
      const scheme = radio.value === "quality_2017" ? "quality_2017" : "basic_2012";
      if (!scaleTouched) setScale(form, prefix, defaultScaleOf(scheme));
    });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const read = readNewForm(form);
    if ("errors" in read) return showFieldErrors(form, prefix, read.errors, message);
    clearFieldErrors(form);
    message.textContent = "";
    button.disabled = true;
    button.textContent = t("campaignNew.sending");
    api.createCampaign(read.body).then(
      (created) => {
        forgetCampaigns();
        announce(created.id, "overview.created");
        navigate(pathOf({ kind: "campaign", campaignId: created.id, page: "settings" }));
      },
      (error: unknown) => {
        button.disabled = false;
        button.textContent = t("campaignNew.submit");
        const refused = refusedField(error);
        if (refused) return showFieldErrors(form, prefix, [refused], message);
        message.className = "jh-form__error";
        message.textContent = campaignErrorText(error);
      },
    );
  });
}
