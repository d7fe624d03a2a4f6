// The campaign's own settings on its overview: name, dates, contact line, populations and
// target, as a form for the bureau (PATCH sends only what changed).
import type { AreaPopulations, CampaignPatch, CampaignView } from "../../../api/campaigns/types.ts";
import { count, dateTime } from "../format.ts";
import { type Html, html } from "../html.ts";
import { label, t } from "../i18n.ts";
import {
  type FieldError,
  areaFields,
  areas,
  beijingIso,
  beijingLocal,
  dateTimeField,
  fieldId,
  formReader,
  numberField,
  textField,
} from "./campaign-form.ts";

const prefix = "campaign";
const id = (name: Parameters<typeof fieldId>[1]) => fieldId(prefix, name);

/** `opensLocked`: responses have arrived, so the opening time stays (the API answers 409). */
export function campaignForm(c: CampaignView, opensLocked: boolean): Html {
  return html`<form id="campaign-form" class="jh-form" novalidate>
    ${textField(id("name"), t("campaignForm.name"), c.name, { required: true })}
    ${dateTimeField(id("opensAt"), t("campaignForm.opensAt"), c.opensAt, {
      disabled: opensLocked,
      ...(opensLocked ? { hint: t("campaignForm.opensLocked") } : {}),
    })}
    ${dateTimeField(id("closesAt"), t("campaignForm.closesAt"), c.closesAt)}
    ${textField(id("contactLine"), t("campaignForm.contactLine"), c.contactLine, {
      hint: t("campaignForm.contactHint"),
    })}
    ${numberField(id("residentPopulation"), t("settings.residents"), c.residentPopulation, {
      hint: t("settings.residentsHint"),
    })}
    ${areaFields(prefix, c.areaPopulations)}
    ${numberField(id("targetOverride"), t("settings.targetOverride"), c.targetOverride, {
      hint: t("settings.targetHint", {
        computed: count(c.computedTarget),
        target: count(c.target),
      }),
    })}
    <div id="campaign-message" class="jh-form__error" role="alert"></div>
    <p class="jh-actions">
      <button type="submit" class="jh-button jh-button--primary">${t("form.save")}</button>
    </p>
  </form>`;
}

/** The same settings to read only (an account that may not change them). */
export function campaignFacts(c: CampaignView): Html {
  return html`<dl class="jh-facts">
    <dt>${t("campaignForm.name")}</dt>
    <dd>${c.name}</dd>
    <dt>${t("campaignForm.opensAt")}</dt>
    <dd>${dateTime(c.opensAt)}</dd>
    <dt>${t("campaignForm.closesAt")}</dt>
    <dd>${dateTime(c.closesAt)}</dd>
    <dt>${t("campaignForm.contactLine")}</dt>
    <dd>${c.contactLine || "—"}</dd>
    <dt>${t("settings.residents")}</dt>
    <dd>${count(c.residentPopulation)}</dd>
    ${areas.map(
      (a) =>
        html`<dt>${label("area", a)}</dt>
          <dd>${count(c.areaPopulations?.[a] ?? null)}</dd>`,
    )}
    <dt>${t("settings.target")}</dt>
    <dd>
      ${t("settings.targetValue", { target: count(c.target), computed: count(c.computedTarget) })}
    </dd>
  </dl>`;
}

/** What changed in the form, as a PATCH body; blank numbers clear a value. */
export function readCampaignForm(
  form: HTMLFormElement,
  c: CampaignView,
): { patch: CampaignPatch } | { errors: FieldError[] } {
  const read = formReader(form, prefix);
  const name = read.text("name", t("campaignForm.name"), true);
  const opensInput = form.querySelector<HTMLInputElement>(`#${id("opensAt")}`);
  const opens = opensInput?.disabled ? "" : read.date("opensAt");
  const closes = read.date("closesAt");
  const contactLine = read.text("contactLine", t("campaignForm.contactLine"));
  const residents = read.whole("residentPopulation");
  const areaValues: AreaPopulations = { urban: null, town: null, rural: null };
  for (const a of areas) areaValues[a] = read.whole(`areaPopulations.${a}`);
  const target = read.whole("targetOverride", 1);
  if (read.errors.length > 0) return { errors: read.errors };

  const patch: CampaignPatch = {};
  if (name !== c.name) patch.name = name;
  if (opens && opens !== beijingIso(beijingLocal(c.opensAt))) patch.opensAt = opens;
  if (closes !== beijingIso(beijingLocal(c.closesAt))) patch.closesAt = closes;
  if (contactLine !== c.contactLine) patch.contactLine = contactLine;
  if (residents !== c.residentPopulation) patch.residentPopulation = residents;
  if (areas.some((a) => areaValues[a] !== (c.areaPopulations?.[a] ?? null))) {
    patch.areaPopulations = areaValues;
  }
  if (target !== c.targetOverride) patch.targetOverride = target;
  return { patch };
}
