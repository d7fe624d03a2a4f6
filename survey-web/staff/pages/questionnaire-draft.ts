// The questionnaire being edited, as plain SurveyJS JSON plus each question's role: the
// operations the editor offers (texts, options, required, add, remove, reorder, role). The
// server checks the result in full when it is saved; these keep the draft close to valid.
import type { ItemRoles } from "../../../api/db/database.ts";
import type {
  EditableQuestionnaireView,
  QuestionRole,
  ScaleOptionView,
} from "../../../api/questionnaires/types.ts";

export type Json = Record<string, unknown>;
export type EditorRole = QuestionRole | "none";
export interface Text {
  zh: string;
  en: string;
}

/** The types a bureau adds without JSON: single and multiple choice, rating, text, long text. */
export const localTypes = ["radiogroup", "checkbox", "rating", "text", "comment"] as const;
export type LocalType = (typeof localTypes)[number];
export const choiceTypes: readonly string[] = ["radiogroup", "checkbox", "dropdown", "tagbox"];

export interface Draft {
  survey: Json;
  roles: Map<string, EditorRole>;
  /** The source item was also listed among awareness items (the library does so): keep it. */
  sourceInAwareness: boolean;
}

export interface ElementRef {
  name: string;
  type: string;
  page: number;
  index: number;
  element: Json;
}

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function draftOf(view: EditableQuestionnaireView): Draft {
  const roles = new Map<string, EditorRole>();
  const r = view.itemRoles;
  for (const name of r.background ?? []) roles.set(name, "background");
  for (const name of r.awareness ?? []) roles.set(name, "awareness");
  for (const name of r.satisfaction ?? []) roles.set(name, "satisfaction");
  if (r.awarenessSource) roles.set(r.awarenessSource, "awarenessSource");
  if (r.overall) roles.set(r.overall, "overall");
  return {
    survey: structuredClone(view.survey),
    roles,
    sourceInAwareness: !!r.awarenessSource && (r.awareness ?? []).includes(r.awarenessSource),
  };
}

export function pagesOf(draft: Draft): Json[] {
  return Array.isArray(draft.survey.pages)
    ? (draft.survey.pages as unknown[]).filter(isObject)
    : [];
}

function elementsOf(page: Json): Json[] {
  if (!Array.isArray(page.elements)) page.elements = [];
  return page.elements as Json[];
}

/** Every element on the pages (top level: a panel is one block), in order. */
export function elementRefs(draft: Draft): ElementRef[] {
  return pagesOf(draft).flatMap((page, p) =>
    elementsOf(page).map((element, index) => ({
      name: String(element.name ?? ""),
      type: String(element.type ?? ""),
      page: p,
      index,
      element,
    })),
  );
}

export function findRef(draft: Draft, name: string): ElementRef | undefined {
  return elementRefs(draft).find((ref) => ref.name === name);
}

/** A SurveyJS localizable text as Chinese and English. */
export function textOf(value: unknown): Text {
  if (typeof value === "string") return { zh: value, en: value };
  if (!isObject(value)) return { zh: "", en: "" };
  const zh = value.default ?? value["zh-cn"] ?? "";
  return { zh: String(zh), en: String(value.en ?? "") };
}

export function toText(text: Text): Json {
  return { default: text.zh, en: text.en };
}

/**
 * Moves an element one place up or down; past the first or last of its page it moves to the
 * end of the page before or the start of the page after.
 */
export function move(draft: Draft, name: string, delta: -1 | 1): void {
  const ref = findRef(draft, name);
  if (!ref) return;
  const pages = pagesOf(draft);
  const list = elementsOf(pages[ref.page]!);
  const target = ref.index + delta;
  if (target >= 0 && target < list.length) {
    list.splice(ref.index, 1);
    list.splice(target, 0, ref.element);
    return;
  }
  const other = pages[ref.page + delta];
  if (!other) return;
  list.splice(ref.index, 1);
  if (delta < 0) elementsOf(other).push(ref.element);
  else elementsOf(other).unshift(ref.element);
}

export function remove(draft: Draft, name: string): void {
  const ref = findRef(draft, name);
  if (!ref) return;
  elementsOf(pagesOf(draft)[ref.page]!).splice(ref.index, 1);
  draft.roles.delete(name);
}

/** Every name taken: the draft's, and any used by a version of the campaign. */
export function takenNames(draft: Draft, used: readonly { name: string }[]): Set<string> {
  return new Set([...elementRefs(draft).map((r) => r.name), ...used.map((u) => u.name)]);
}

/** `local_1`, `local_2` … the first not taken. */
export function newQuestionName(taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) if (!taken.has(`local_${n}`)) return `local_${n}`;
}

/** A machine value for a new option from its English text (`after_school`), else `option_N`. */
export function newOptionValue(english: string, taken: readonly string[]): string {
  const slug = english
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  if (slug !== "" && !taken.includes(slug)) return slug;
  for (let n = 1; ; n++) if (!taken.includes(`option_${n}`)) return `option_${n}`;
}

export function optionsOf(element: Json): Json[] {
  if (!Array.isArray(element.choices)) element.choices = [];
  return element.choices as Json[];
}

export function addOption(element: Json): void {
  const options = optionsOf(element);
  const n = options.length + 1;
  options.push({
    value: newOptionValue(
      "",
      options.map((o) => String(o.value)),
    ),
    text: { default: `选项${n}`, en: `Option ${n}` },
  });
}

/** A new question of a supported type, added to the end of page `page`; returns its name. */
export function addQuestion(
  draft: Draft,
  type: LocalType,
  page: number,
  taken: ReadonlySet<string>,
): string {
  const name = newQuestionName(taken);
  const element: Json = {
    type,
    name,
    title: { default: "新题目", en: "New question" },
  };
  if (type === "radiogroup" || type === "checkbox") {
    element.colCount = 1;
    element.choices = [];
    addOption(element);
    addOption(element);
  }
  if (type === "rating") {
    Object.assign(element, {
      rateMin: 1,
      rateMax: 5,
      minRateDescription: { default: "很不同意", en: "Strongly disagree" },
      maxRateDescription: { default: "很同意", en: "Strongly agree" },
    });
  }
  if (type === "text") element.maxLength = 100;
  if (type === "comment") Object.assign(element, { maxLength: 500, rows: 4 });
  const target = pagesOf(draft)[page] ?? pagesOf(draft).at(-1);
  if (target) elementsOf(target).push(element);
  draft.roles.set(name, "none");
  return name;
}

/** The roles a question of this type can take (satisfaction items are radiogroups). */
export function rolesFor(type: string): EditorRole[] {
  const roles: EditorRole[] = ["none", "background"];
  if (type === "radiogroup") roles.push("satisfaction", "overall");
  if (choiceTypes.includes(type)) roles.push("awareness");
  if (type === "checkbox") roles.push("awarenessSource");
  return roles;
}

/**
 * Gives a question its role; one overall item and one source item at most (the previous one
 * becomes a plain satisfaction item, or no role). A satisfaction item offers the campaign's scale.
 */
export function setRole(
  draft: Draft,
  name: string,
  role: EditorRole,
  scale: readonly ScaleOptionView[] | null,
): void {
  const single = role === "overall" ? "satisfaction" : role === "awarenessSource" ? "none" : null;
  if (single !== null) {
    for (const [other, r] of draft.roles)
      if (r === role && other !== name) draft.roles.set(other, single);
  }
  draft.roles.set(name, role);
  const ref = findRef(draft, name);
  if (ref && (role === "satisfaction" || role === "overall") && scale) {
    const texts = new Map(optionsOf(ref.element).map((o) => [String(o.value), o.text]));
    ref.element.choices = scale.map((o) => ({
      value: o.value,
      text: texts.get(o.value) ?? { default: o.zh, en: o.en },
    }));
    ref.element.isRequired = true;
    ref.element.colCount = 1;
  }
}

/** The item roles of the draft, lists in questionnaire order. */
export function rolesOut(draft: Draft): ItemRoles {
  const order = elementRefs(draft).map((r) => r.name);
  const named = (wanted: readonly EditorRole[]) =>
    order.filter((name) => wanted.includes(draft.roles.get(name) ?? "none"));
  const out: ItemRoles = { satisfaction: named(["satisfaction", "overall"]) };
  const overall = named(["overall"])[0];
  if (overall) out.overall = overall;
  const source = named(["awarenessSource"])[0];
  out.awareness = named(draft.sourceInAwareness ? ["awareness", "awarenessSource"] : ["awareness"]);
  if (source) out.awarenessSource = source;
  const background = named(["background"]);
  if (background.length > 0) out.background = background;
  return out;
}
