// The campaign's fields as the create, settings and copy forms draw and read them, and the
// API's refusals (422 with `details.field`) put next to the field they name.
import type { AreaPopulations } from "../../../api/campaigns/types.ts";
import { ApiError } from "../api-client.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html } from "../html.ts";
import { label, t } from "../i18n.ts";

export const areas = ["urban", "town", "rural"] as const;
export type Area = (typeof areas)[number];

/** The API's names for the fields (`details.field`); each input's id is `${prefix}-${suffix}`. */
const suffixes = {
  name: "name",
  scheme: "scheme",
  opensAt: "opens",
  closesAt: "closes",
  contactLine: "contact",
  residentPopulation: "residents",
  "areaPopulations.urban": "area-urban",
  "areaPopulations.town": "area-town",
  "areaPopulations.rural": "area-rural",
  targetOverride: "target",
} as const;
export type FieldName = keyof typeof suffixes;

export interface FieldError {
  field: FieldName;
  message: string;
}

export function fieldId(prefix: string, field: FieldName): string {
  return `${prefix}-${suffixes[field]}`;
}

function isFieldName(value: unknown): value is FieldName {
  return typeof value === "string" && Object.hasOwn(suffixes, value);
}

/** A stored instant as the value of a `datetime-local` input, on the Beijing clock. */
export function beijingLocal(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 16);
}

/** A `datetime-local` value read as Beijing time, as the API takes it; "" when incomplete. */
export function beijingIso(local: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(local);
  return m ? `${m[1]}${m[2] ?? ":00"}+08:00` : "";
}

interface FieldOptions {
  hint?: string | Html;
  /** Attributes of the input, already escaped by `html`. */
  attrs?: Html;
}

function field(id: string, text: string, control: Html, opts: FieldOptions): Html {
  return html`<div class="jh-field">
    <label for="${id}">${text}</label>
    ${control} ${opts.hint ? html`<p class="jh-hint" id="${id}-hint">${opts.hint}</p>` : ""}
    <p class="jh-field__error" id="${id}-error"></p>
  </div>`;
}

function described(id: string, hint: unknown): string {
  return hint ? `${id}-hint ${id}-error` : `${id}-error`;
}

export function textField(
  id: string,
  text: string,
  value: string,
  opts: FieldOptions & { required?: boolean; maxLength?: number; placeholder?: string } = {},
): Html {
  return field(
    id,
    text,
    html`<input
      id="${id}"
      value="${value}"
      maxlength="${opts.maxLength ?? 200}"
      ${opts.required ? html`required` : ""}
      ${opts.placeholder ? html`placeholder="${opts.placeholder}"` : ""}
      aria-describedby="${described(id, opts.hint)}"
      ${opts.attrs ?? ""}
    />`,
    opts,
  );
}

export function dateTimeField(
  id: string,
  text: string,
  iso: string | null,
  opts: FieldOptions & { disabled?: boolean } = {},
): Html {
  return field(
    id,
    text,
    html`<input
      id="${id}"
      type="datetime-local"
      step="60"
      required
      value="${iso ? beijingLocal(iso) : ""}"
      ${opts.disabled ? html`disabled` : ""}
      aria-describedby="${described(id, opts.hint)}"
    />`,
    opts,
  );
}

export function numberField(
  id: string,
  text: string,
  value: number | null,
  opts: FieldOptions = {},
): Html {
  return field(
    id,
    text,
    html`<input
      id="${id}"
      type="number"
      inputmode="numeric"
      min="0"
      step="1"
      value="${value ?? ""}"
      aria-describedby="${described(id, opts.hint)}"
    />`,
    opts,
  );
}

/** Residents of the urban, town and rural areas, in one group. */
export function areaFields(prefix: string, values: AreaPopulations | null): Html {
  return html`<fieldset class="jh-fieldset">
    <legend>${t("settings.areaPopulations")}</legend>
    <p class="jh-hint">${t("settings.areaHint")}</p>
    ${areas.map((a) =>
      numberField(fieldId(prefix, `areaPopulations.${a}`), label("area", a), values?.[a] ?? null),
    )}
  </fieldset>`;
}

/** Reads a form's fields, collecting every problem at once so all are marked together. */
export function formReader(form: HTMLFormElement, prefix: string) {
  const errors: FieldError[] = [];
  const input = (name: FieldName) => $<HTMLInputElement>(form, `#${fieldId(prefix, name)}`);
  const fail = (name: FieldName, message: string) => errors.push({ field: name, message });
  return {
    errors,
    text(name: FieldName, text: string, required = false): string {
      const value = input(name).value.trim();
      if (required && !value) fail(name, t("form.required", { field: text }));
      return value;
    },
    /** The ISO value of a Beijing-time input; "" (and a problem) when incomplete. */
    date(name: FieldName): string {
      const value = beijingIso(input(name).value);
      if (!value) fail(name, t("campaignError.date"));
      return value;
    },
    /** A whole number ≥ `min`, or null when blank. */
    whole(name: FieldName, min = 0): number | null {
      const raw = input(name).value.trim();
      // An input of type number reports text it cannot read as "" with badInput set.
      if (raw === "" && !input(name).validity.badInput) return null;
      const n = Number(raw);
      if (raw === "" || !Number.isInteger(n) || n < min) {
        fail(name, t("settings.badNumber"));
        return null;
      }
      return n;
    },
  };
}

/** Marks each problem beside its field, says so in `summary` and moves focus to the first. */
export function showFieldErrors(
  form: HTMLFormElement,
  prefix: string,
  errors: readonly FieldError[],
  summary: HTMLElement,
): void {
  clearFieldErrors(form);
  let first: HTMLElement | null = null;
  for (const { field: name, message } of errors) {
    const id = fieldId(prefix, name);
    const slot = form.querySelector(`#${id}-error`);
    const target = form.querySelector<HTMLElement>(`#${id}`);
    if (!slot || !target) continue;
    slot.textContent = message;
    const focusable = target.matches("input") ? target : target.querySelector("input");
    focusable?.setAttribute("aria-invalid", "true");
    first ??= focusable;
  }
  summary.className = "jh-form__error";
  // One problem is said again in the announced summary; several are pointed to.
  summary.textContent =
    errors.length > 1 && first ? t("campaignForm.fixFields") : (errors[0]?.message ?? "");
  first?.focus();
}

export function clearFieldErrors(form: HTMLFormElement): void {
  for (const slot of form.querySelectorAll(".jh-field__error")) slot.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

/**
 * Words for a refusal of a campaign request. `opening`: the closing time was sent to open or
 * reopen, so an invalid date there means one already past.
 */
export function campaignErrorText(error: unknown, opening = false): string {
  if (!(error instanceof ApiError)) return errorText(error);
  switch (error.code) {
    case "invalid_date":
      return opening ? t("campaignError.closesPast") : t("campaignError.date");
    case "invalid_window":
      return t("campaignError.window");
    case "opens_at_locked":
      return t("campaignError.opensLocked");
    case "district_required":
      return t("campaignError.district");
    default:
      return errorText(error);
  }
}

/** The field a refusal names (422 `details.field`, or the opening time once locked), if any. */
export function refusedField(error: unknown, opening = false): FieldError | null {
  if (!(error instanceof ApiError)) return null;
  const details: unknown = error.details;
  let name: unknown =
    typeof details === "object" && details !== null && "field" in details
      ? details.field
      : undefined;
  if (error.code === "invalid_body" && Array.isArray(details)) {
    const first: unknown = details[0];
    name = typeof first === "object" && first !== null && "path" in first ? first.path : undefined;
  }
  if (error.code === "opens_at_locked") name = "opensAt";
  return isFieldName(name) ? { field: name, message: campaignErrorText(error, opening) } : null;
}
