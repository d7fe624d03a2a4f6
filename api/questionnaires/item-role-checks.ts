import type { ItemRoles } from "../db/database.ts";
import { type QuestionnaireProblem, at, problem } from "./questionnaire-problem.ts";
import { type WalkedQuestion, isObject } from "./survey-json-checks.ts";

/** The roles a question can have in the editor (one each; `overall` is also a satisfaction item). */
export type QuestionRole =
  "satisfaction" | "overall" | "awareness" | "awarenessSource" | "background";

const listRoles = ["satisfaction", "awareness", "background"] as const;
const singleRoles = ["overall", "awarenessSource"] as const;

/** The item roles as sent, checked for shape: lists of names and single names, nothing else. */
export function parseItemRoles(value: unknown): {
  roles: ItemRoles;
  problems: QuestionnaireProblem[];
} {
  const problems: QuestionnaireProblem[] = [];
  const roles: ItemRoles = {};
  if (value === undefined) return { roles, problems };
  if (!isObject(value)) return { roles, problems: [problem("bad_roles", "itemRoles")] };
  for (const [key, item] of Object.entries(value)) {
    const path = at("itemRoles", key);
    if ((listRoles as readonly string[]).includes(key)) {
      if (!Array.isArray(item) || !item.every((name) => typeof name === "string")) {
        problems.push(problem("bad_roles", path));
      } else roles[key as (typeof listRoles)[number]] = item as string[];
    } else if ((singleRoles as readonly string[]).includes(key)) {
      if (typeof item !== "string") problems.push(problem("bad_roles", path));
      else roles[key as (typeof singleRoles)[number]] = item;
    } else problems.push(problem("bad_roles", path));
  }
  return { roles, problems };
}

const singleChoice = ["radiogroup", "dropdown"];

/**
 * Roles must name questions of this questionnaire, one role each; the overall item is a
 * satisfaction item; satisfaction items are radiogroups offering exactly the campaign's scale
 * (`scale`, in order; null: no scale known, any options); awareness items are single choice
 * and the source item multiple choice, as the analysis reads them (docs/satisfaction.md).
 */
export function itemRoleProblems(
  roles: ItemRoles,
  questions: readonly WalkedQuestion[],
  scale: readonly string[] | null,
): QuestionnaireProblem[] {
  const problems: QuestionnaireProblem[] = [];
  const byName = new Map(questions.map((q) => [q.name, q]));
  const roleOf = new Map<string, string>();
  const named: { name: string; path: string; role: string }[] = [];
  for (const role of listRoles) {
    (roles[role] ?? []).forEach((name, i) =>
      named.push({ name, path: at(at("itemRoles", role), i), role }),
    );
  }
  for (const role of singleRoles) {
    const name = roles[role];
    if (name !== undefined) named.push({ name, path: at("itemRoles", role), role });
  }
  for (const { name, path, role } of named) {
    if (!byName.has(name)) {
      problems.push(problem("role_unknown_question", path, { name }, name));
      continue;
    }
    // The overall item is listed among the satisfaction items too.
    if (role === "overall") continue;
    const earlier = roleOf.get(name);
    // The source item is an awareness item too: the library lists it among them.
    const sourceAlsoAwareness = [earlier, role].sort().join() === "awareness,awarenessSource";
    if (earlier !== undefined && !sourceAlsoAwareness) {
      problems.push(problem("role_twice", path, { name, roles: `${earlier}, ${role}` }, name));
    } else roleOf.set(name, role);
  }
  const satisfaction = roles.satisfaction ?? [];
  if (roles.overall !== undefined && byName.has(roles.overall)) {
    if (!satisfaction.includes(roles.overall)) {
      problems.push(
        problem(
          "overall_not_satisfaction",
          "itemRoles.overall",
          { name: roles.overall },
          roles.overall,
        ),
      );
    }
  }
  for (const name of satisfaction) {
    const question = byName.get(name);
    if (!question) continue;
    if (question.type !== "radiogroup") {
      problems.push(
        problem("satisfaction_not_radiogroup", at(question.path, "type"), { name }, name),
      );
      continue;
    }
    if (scale !== null && question.values.join(",") !== scale.join(",")) {
      problems.push(
        problem(
          "scale_mismatch",
          at(question.path, "choices"),
          { name, scale: scale.join(", ") },
          name,
        ),
      );
    }
  }
  for (const name of roles.awareness ?? []) {
    const question = byName.get(name);
    // The library's awareness list also names its source item (multiple choice).
    if (question && ![...singleChoice, "checkbox"].includes(question.type)) {
      problems.push(problem("awareness_not_choice", at(question.path, "type"), { name }, name));
    }
  }
  const source =
    roles.awarenessSource === undefined ? undefined : byName.get(roles.awarenessSource);
  if (source && source.type !== "checkbox") {
    problems.push(
      problem("source_not_multiple", at(source.path, "type"), { name: source.name }, source.name),
    );
  }
  return problems;
}

/** The roles with their lists in questionnaire order (satisfaction items are read in it). */
export function rolesInOrder(roles: ItemRoles, questions: readonly WalkedQuestion[]): ItemRoles {
  const order = new Map(questions.map((q, i) => [q.name, i]));
  const sorted = (list: readonly string[]) =>
    [...list].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const out: ItemRoles = {};
  if (roles.satisfaction) out.satisfaction = sorted(roles.satisfaction);
  if (roles.overall !== undefined) out.overall = roles.overall;
  if (roles.awareness) out.awareness = sorted(roles.awareness);
  if (roles.awarenessSource !== undefined) out.awarenessSource = roles.awarenessSource;
  if (roles.background) out.background = sorted(roles.background);
  return out;
}
