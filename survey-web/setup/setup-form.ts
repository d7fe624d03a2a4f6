import type { SetupBody } from "../../api/setup/types.ts";
import { type TextKey, esc, t } from "./texts.ts";

export type FieldName =
  | "districtName"
  | "province"
  | "city"
  | "bureauName"
  | "username"
  | "displayName"
  | "password"
  | "passwordAgain";
export type Level = "district" | "county" | "county_city";
export const levels: readonly Level[] = ["district", "county", "county_city"];

/** What the person has typed so far: kept across a language switch, which redraws the form. */
export interface FormValues extends Record<FieldName, string> {
  level: Level;
  /** The bureau's name was typed, not filled in from the district's. */
  bureauTyped: boolean;
}

export function emptyValues(): FormValues {
  return {
    districtName: "",
    level: "district",
    province: "",
    city: "",
    bureauName: "",
    bureauTyped: false,
    username: "",
    displayName: "",
    password: "",
    passwordAgain: "",
  };
}

interface FieldSpec {
  name: FieldName;
  label: TextKey;
  hint?: TextKey;
  type?: "text" | "password";
  autocomplete: string;
  maxlength: number;
  required: boolean;
}

const districtFields: FieldSpec[] = [
  {
    name: "districtName",
    label: "districtName",
    hint: "districtNameHint",
    autocomplete: "off",
    maxlength: 50,
    required: true,
  },
  {
    name: "province",
    label: "province",
    hint: "provinceHint",
    autocomplete: "off",
    maxlength: 50,
    required: true,
  },
  {
    name: "city",
    label: "city",
    hint: "cityHint",
    autocomplete: "off",
    maxlength: 50,
    required: false,
  },
  {
    name: "bureauName",
    label: "bureauName",
    hint: "bureauNameHint",
    autocomplete: "organization",
    maxlength: 80,
    required: true,
  },
];

const adminFields: FieldSpec[] = [
  {
    name: "username",
    label: "username",
    hint: "usernameHint",
    autocomplete: "username",
    maxlength: 64,
    required: true,
  },
  {
    name: "displayName",
    label: "displayName",
    hint: "displayNameHint",
    autocomplete: "name",
    maxlength: 64,
    required: false,
  },
  {
    name: "password",
    label: "password",
    hint: "passwordRules",
    type: "password",
    autocomplete: "new-password",
    maxlength: 256,
    required: true,
  },
  {
    name: "passwordAgain",
    label: "passwordAgain",
    type: "password",
    autocomplete: "new-password",
    maxlength: 256,
    required: true,
  },
];

function field(spec: FieldSpec, values: FormValues): string {
  const hint = spec.hint
    ? `<p class="jh-hint" id="${spec.name}-hint">${esc(t(spec.hint))}</p>`
    : "";
  const describedBy = [spec.hint ? `${spec.name}-hint` : "", `${spec.name}-error`].join(" ");
  return `<div class="jh-field">
    <label for="${spec.name}">${esc(t(spec.label))}</label>
    <input id="${spec.name}" name="${spec.name}" type="${spec.type ?? "text"}"
      autocomplete="${spec.autocomplete}" maxlength="${spec.maxlength}"
      ${spec.required ? "required" : ""} aria-describedby="${describedBy.trim()}"
      ${spec.type === "password" ? "" : 'autocapitalize="none" spellcheck="false"'}
      value="${esc(values[spec.name])}">
    <p class="jh-form__error" id="${spec.name}-error"></p>
    ${hint}
  </div>`;
}

function levelChoice(values: FormValues): string {
  const options = levels
    .map(
      (level) => `<label class="jh-check">
        <input type="radio" name="level" value="${level}" ${values.level === level ? "checked" : ""}>
        ${esc(t(`level.${level}`))}
      </label>`,
    )
    .join("");
  return `<fieldset class="jh-choices"><legend>${esc(t("level"))}</legend>${options}</fieldset>`;
}

/** The form's markup: the district and its bureau, then the first admin. */
export function formHtml(values: FormValues): string {
  const [name, ...restOfDistrict] = districtFields;
  return `<form id="setup-form" class="jh-form" novalidate>
    <fieldset class="jh-fieldset">
      <legend>${esc(t("districtLegend"))}</legend>
      ${name ? field(name, values) : ""}
      ${levelChoice(values)}
      ${restOfDistrict.map((spec) => field(spec, values)).join("")}
    </fieldset>
    <fieldset class="jh-fieldset">
      <legend>${esc(t("adminLegend"))}</legend>
      ${adminFields.map((spec) => field(spec, values)).join("")}
    </fieldset>
    <div id="setup-error" class="jh-form__error" role="alert"></div>
    <button type="submit" class="jh-button jh-button--primary">${esc(t("submit"))}</button>
  </form>`;
}

const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;

/** The first problem the page can see for itself, with the field it concerns. */
export function firstProblem(v: FormValues): { field: FieldName; text: string } | null {
  for (const spec of [...districtFields, ...adminFields]) {
    if (spec.required && !v[spec.name].trim()) {
      return { field: spec.name, text: t("need", { field: t(spec.label) }) };
    }
  }
  if (!usernamePattern.test(v.username.trim())) {
    return { field: "username", text: t("usernameInvalid") };
  }
  if (v.password.length < 10) return { field: "password", text: t("passwordShort") };
  if (v.password.toLowerCase() === v.username.trim().toLowerCase()) {
    return { field: "password", text: t("passwordIsUsername") };
  }
  if (v.password !== v.passwordAgain)
    return { field: "passwordAgain", text: t("passwordMismatch") };
  return null;
}

export function setupBody(token: string, v: FormValues): SetupBody {
  return {
    token,
    district: {
      name: v.districtName.trim(),
      level: v.level,
      province: v.province.trim(),
      ...(v.city.trim() ? { city: v.city.trim() } : {}),
      bureauName: v.bureauName.trim(),
    },
    admin: {
      username: v.username.trim(),
      ...(v.displayName.trim() ? { displayName: v.displayName.trim() } : {}),
      password: v.password,
    },
  };
}
