import { api } from "../api-client.ts";
import type { AreaPopulations, CampaignPatch, CampaignView } from "../../../api/campaigns/types.ts";
import { errorText } from "../error-text.ts";
import { count, date } from "../format.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { mayEdit } from "../roles.ts";
import { setTitle } from "../shell.ts";
import { analysisSettingsPanel } from "./analysis-settings.ts";

const areas = ["urban", "town", "rural"] as const;

/** A stored instant as the value of a `datetime-local` input, in Beijing time. */
function beijingLocal(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 16);
}

function numberInput(id: string, text: string, value: number | null, hint?: string): Html {
  return html`<div class="jh-field">
    <label for="${id}">${text}</label>
    <input
      id="${id}"
      type="number"
      inputmode="numeric"
      min="0"
      step="1"
      value="${value ?? ""}"
      ${hint ? html`aria-describedby="${id}-hint"` : ""}
    />
    ${hint ? html`<p class="jh-hint" id="${id}-hint">${hint}</p>` : ""}
  </div>`;
}

function campaignForm(c: CampaignView): Html {
  return html`<form id="campaign-form" class="jh-form" novalidate>
    <div class="jh-field">
      <label for="campaign-name">${t("settings.name")}</label>
      <input id="campaign-name" required maxlength="200" value="${c.name}" />
    </div>
    <div class="jh-field">
      <label for="campaign-closes">${t("settings.closesAt")}</label>
      <input
        id="campaign-closes"
        type="datetime-local"
        required
        value="${beijingLocal(c.closesAt)}"
        aria-describedby="campaign-closes-hint"
      />
      <p class="jh-hint" id="campaign-closes-hint">
        ${t("settings.closesHint", { opens: date(c.opensAt) })}
      </p>
    </div>
    ${numberInput("campaign-residents", t("settings.residents"), c.residentPopulation, t("settings.residentsHint"))}
    <fieldset class="jh-fieldset">
      <legend>${t("settings.areaPopulations")}</legend>
      <p class="jh-hint">${t("settings.areaHint")}</p>
      ${areas.map((a) => numberInput(`campaign-area-${a}`, label("area", a), c.areaPopulations?.[a] ?? null))}
    </fieldset>
    ${numberInput(
      "campaign-target",
      t("settings.targetOverride"),
      c.targetOverride,
      t("settings.targetHint", { computed: count(c.computedTarget), target: count(c.target) }),
    )}
    <div id="campaign-message" class="jh-form__error" role="alert"></div>
    <p class="jh-actions">
      <button type="submit" class="jh-button jh-button--primary">${t("form.save")}</button>
    </p>
  </form>`;
}

function campaignFacts(c: CampaignView): Html {
  return html`<dl class="jh-facts">
    <dt>${t("settings.name")}</dt>
    <dd>${c.name}</dd>
    <dt>${t("settings.closesAt")}</dt>
    <dd>${date(c.closesAt)}</dd>
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

type Read = { patch: CampaignPatch } | { error: string; field: HTMLElement };

/** What changed in the form, as a PATCH body; blank numbers clear a value. */
function readCampaignForm(form: HTMLFormElement, c: CampaignView): Read {
  const input = (id: string) => $<HTMLInputElement>(form, `#${id}`);
  const whole = (id: string): number | null | "bad" => {
    const raw = input(id).value.trim();
    if (raw === "") return null;
    const n = Number(raw);
    return Number.isInteger(n) && n >= 0 ? n : "bad";
  };
  const patch: CampaignPatch = {};
  const name = input("campaign-name").value.trim();
  if (!name)
    return {
      error: t("form.required", { field: t("settings.name") }),
      field: input("campaign-name"),
    };
  if (name !== c.name) patch.name = name;

  const closes = input("campaign-closes").value;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(closes)) {
    return {
      error: t("form.required", { field: t("settings.closesAt") }),
      field: input("campaign-closes"),
    };
  }
  if (closes !== beijingLocal(c.closesAt)) patch.closesAt = `${closes}:00+08:00`;

  const residents = whole("campaign-residents");
  if (residents === "bad")
    return { error: t("settings.badNumber"), field: input("campaign-residents") };
  if (residents !== c.residentPopulation) patch.residentPopulation = residents;

  const areaValues: Partial<AreaPopulations> = {};
  for (const a of areas) {
    const v = whole(`campaign-area-${a}`);
    if (v === "bad") return { error: t("settings.badNumber"), field: input(`campaign-area-${a}`) };
    areaValues[a] = v;
  }
  if (areas.some((a) => areaValues[a] !== (c.areaPopulations?.[a] ?? null))) {
    patch.areaPopulations = areaValues;
  }

  const target = whole("campaign-target");
  if (target === "bad" || target === 0) {
    return { error: t("settings.badNumber"), field: input("campaign-target") };
  }
  if (target !== c.targetOverride) patch.targetOverride = target;
  return { patch };
}

/** Campaign settings (population, area populations, target) and, for the bureau, the analysis. */
export async function settingsPage(ctx: PageContext): Promise<void> {
  const { main, campaign, permissions, signal } = ctx;
  const editable = mayEdit(permissions, "campaign.manage");
  const analysisEditable = mayEdit(permissions, "analysis.manage");
  setTitle(t("settings.title"), campaign.name);
  render(main, html`${heading(t("settings.title"), campaign.name)}${loading()}`);
  let detail: CampaignView;
  try {
    detail = await api.campaign(campaign.id);
  } catch (error) {
    if (!signal.aborted)
      render(main, html`${heading(t("settings.title"), campaign.name)}${errorBox(error)}`);
    return;
  }
  if (signal.aborted) return;

  render(
    main,
    html`${heading(t("settings.title"), campaign.name)}
      <section class="jh-panel" aria-labelledby="campaign-settings-title">
        <h2 id="campaign-settings-title">${t("settings.campaign")}</h2>
        <p class="jh-hint">${t("settings.campaignHint")}</p>
        <div id="campaign-settings">${editable ? campaignForm(detail) : campaignFacts(detail)}</div>
      </section>
      ${analysisEditable ? html`<div id="analysis-settings"></div>` : ""}`,
  );

  if (editable) {
    const wire = () => {
      const form = $<HTMLFormElement>(main, "#campaign-form");
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const messageBox = $(form, "#campaign-message");
        const read = readCampaignForm(form, detail);
        if ("error" in read) {
          messageBox.className = "jh-form__error";
          messageBox.textContent = read.error;
          read.field.focus();
          return;
        }
        if (Object.keys(read.patch).length === 0) {
          messageBox.className = "jh-form__ok";
          messageBox.textContent = t("settings.nothingChanged");
          return;
        }
        const button = $<HTMLButtonElement>(form, "button[type=submit]");
        button.disabled = true;
        api.updateCampaign(campaign.id, read.patch).then(
          (updated) => {
            detail = updated;
            render($(main, "#campaign-settings"), campaignForm(detail));
            wire();
            const saved = $(main, "#campaign-message");
            saved.className = "jh-form__ok";
            saved.textContent = t("form.saved");
          },
          (error: unknown) => {
            button.disabled = false;
            messageBox.className = "jh-form__error";
            messageBox.textContent = errorText(error);
          },
        );
      });
    };
    wire();
  }
  if (analysisEditable) {
    await analysisSettingsPanel($(main, "#analysis-settings"), campaign.id, signal);
  }
}
