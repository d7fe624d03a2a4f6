import type { ItemRoles, RespondentGroup } from "../db/database.ts";
import { type QuestionnaireProblem, problem } from "./questionnaire-problem.ts";
import { isObject } from "./survey-json-checks.ts";
import { limits } from "./survey-json-rules.ts";

/** What an import carries once read: a SurveyJS survey and item roles, both still unchecked. */
export interface ImportedQuestionnaire {
  survey: unknown;
  itemRoles: unknown;
}

const envelopeKeys = ["key", "version", "title", "respondentGroups", "itemRoles", "survey"];

/**
 * Reads an imported file or pasted text (docs/questionnaires.md, Import rules): either the
 * export's envelope `{ key, version, title, respondentGroups, itemRoles, survey }` (its key and
 * respondent groups must be this questionnaire's: neither changes by import; version and title
 * are informative), or a bare SurveyJS JSON, which keeps the current version's item roles.
 * Malformed text comes back as problems, never as an exception.
 */
export function readImport(
  text: string,
  target: { key: string; respondentGroups: readonly RespondentGroup[]; itemRoles: ItemRoles },
): { ok: true; imported: ImportedQuestionnaire } | { ok: false; problems: QuestionnaireProblem[] } {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > limits.bytes) {
    return {
      ok: false,
      problems: [problem("too_large", "", { limit: `${limits.bytes / 1024} KB` })],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { ok: false, problems: [problem("not_json", "", { detail: (error as Error).message })] };
  }
  if (!isObject(json)) return { ok: false, problems: [problem("not_object", "")] };
  if (!Object.hasOwn(json, "survey")) {
    return { ok: true, imported: { survey: json, itemRoles: target.itemRoles } };
  }
  const problems: QuestionnaireProblem[] = [];
  for (const key of Object.keys(json)) {
    if (!envelopeKeys.includes(key))
      problems.push(problem("unknown_envelope_key", key, { property: key }));
  }
  if (json.key !== undefined && json.key !== target.key) {
    problems.push(
      problem("key_mismatch", "key", { found: String(json.key), expected: target.key }),
    );
  }
  const groups = json.respondentGroups;
  const sameGroups =
    Array.isArray(groups) &&
    groups.length === target.respondentGroups.length &&
    target.respondentGroups.every((g) => groups.includes(g));
  if (groups !== undefined && !sameGroups) {
    problems.push(
      problem("groups_mismatch", "respondentGroups", {
        expected: target.respondentGroups.join(", "),
      }),
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    imported: { survey: json.survey, itemRoles: json.itemRoles ?? target.itemRoles },
  };
}
