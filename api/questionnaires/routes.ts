import type { Context } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { campaignLoader } from "../campaigns/index.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { attachment } from "../http/attachment.ts";
import { notFound } from "../http/errors.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { readQuery } from "../http/read-query.ts";
import { readTextBody } from "../http/read-text-body.ts";
import { type StaffEnv, staffAuditor, staffRouter } from "../staff/index.ts";
import {
  checkedEdit,
  editableQuestionnaire,
  invalidQuestionnaire,
  questionnaireList,
  saveQuestionnaireVersion,
} from "./questionnaire-edit.ts";
import { limits } from "./survey-json-rules.ts";
import { readImport } from "./surveyjs-import.ts";
import type { CheckedImportView } from "./types.ts";
import { campaignVersions } from "./version-repository.ts";

export const saveQuestionnaireSchema = z.strictObject({
  baseVersion: z.number().int().positive(),
  survey: z.record(z.string(), z.unknown()),
  itemRoles: z.record(z.string(), z.unknown()),
});

const exportQuery = z.strictObject({ version: z.coerce.number().int().positive().optional() });

const keyPattern = /^[a-z0-9_]{1,32}$/;
const jsonType = /^application\/(?:[\w.+-]+\+)?json\b/i;
/** The edited JSON plus the envelope around it. */
const maxSaveBytes = limits.bytes + 16 * 1024;

/**
 * A campaign's questionnaires for the bureau (docs/questionnaires.md): their versions with
 * responses and links per version, the current version to edit, saving an edit as the next
 * version (links move to it; answered versions stay), checking an imported SurveyJS JSON, and
 * the JSON export. Reading is for the bureau, changing for admins; saves are audit-logged.
 */
export function questionnaireRoutes(deps: {
  db: Kysely<Database>;
  config: Config;
  now?: () => Date;
}) {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const campaignOf = campaignLoader(db);
  const audit = staffAuditor(config);
  const keyOf = (c: Context<StaffEnv>) => {
    const key = c.req.param("key") ?? "";
    if (!keyPattern.test(key)) throw notFound();
    return key;
  };

  return staffRouter(deps)
    .route(
      {
        method: "get",
        path: "/campaigns/:id/questionnaires",
        tag: "questionnaires",
        access: "questionnaires.read",
        summary: {
          zh: "本次调查的问卷：各版本、每个版本的答卷数和链接数",
          en: "The campaign's questionnaires: their versions, with responses and links per version",
        },
        responses: {
          200: { description: "QuestionnaireListView", contentType: "application/json" },
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        return c.json(await questionnaireList(db, campaign, now()));
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/questionnaires/:key",
        tag: "questionnaires",
        access: "questionnaires.read",
        summary: {
          zh: "问卷的当前版本（供编辑）：SurveyJS JSON、题目用途、量表、不可删除的题目及原因",
          en: "A questionnaire's current version, to edit: SurveyJS JSON, item roles, the scale, the questions that cannot be removed and why",
        },
        responses: {
          200: { description: "EditableQuestionnaireView", contentType: "application/json" },
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        return c.json(await editableQuestionnaire(db, campaign, keyOf(c), now()));
      },
    )
    .route(
      {
        method: "put",
        path: "/campaigns/:id/questionnaires/:key",
        tag: "questionnaires",
        access: "questionnaires.manage",
        summary: {
          zh: "保存修改为新版本（版本号加一，该问卷的链接改用新版本；已作答的版本保持不变；记入审计日志）",
          en: "Save an edit as the next version (its links move to it; answered versions stay as they are; audit-logged)",
        },
        body: { schema: saveQuestionnaireSchema, maxBytes: maxSaveBytes },
        responses: {
          201: { description: "SavedQuestionnaireView", contentType: "application/json" },
        },
        errors: {
          409: "questionnaire_changed (another save since baseVersion) or invalid_transition (campaign closed)",
          422: "invalid_questionnaire: details lists each problem with its path",
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const key = keyOf(c);
        const body = await readJsonBody(c, saveQuestionnaireSchema, maxSaveBytes);
        const saved = await saveQuestionnaireVersion(db, campaign, key, body, {
          now: now(),
          audit: (trx, result) =>
            audit(trx, c, {
              action: "questionnaire.save",
              target: `campaign:${campaign.id}`,
              details: {
                key,
                version: result.version,
                from: body.baseVersion,
                links: result.links,
              },
            }),
        });
        return c.json(saved, 201);
      },
    )
    .route(
      {
        method: "post",
        path: "/campaigns/:id/questionnaires/:key/check",
        tag: "questionnaires",
        access: "questionnaires.manage",
        summary: {
          zh: "检查导入的 SurveyJS JSON（导出文件或单独的问卷 JSON）：通过则返回问卷，不通过逐条列出位置和原因；不保存任何内容",
          en: "Check an imported SurveyJS JSON (an export file or a bare survey): the questionnaire when it passes, else each problem with its path and reason; nothing is stored",
        },
        responses: {
          200: { description: "CheckedImportView", contentType: "application/json" },
        },
        errors: {
          413: "payload_too_large",
          422: "invalid_questionnaire: details lists each problem with its path (malformed JSON included)",
        },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const key = keyOf(c);
        const versions = (await campaignVersions(db, campaign.id)).filter((v) => v.key === key);
        const latest = versions[versions.length - 1];
        if (!latest) throw notFound();
        const text = await readTextBody(c, jsonType, limits.bytes, "malformed_json");
        const read = readImport(text, latest);
        if (!read.ok) throw invalidQuestionnaire(read.problems);
        const { survey, itemRoles } = await checkedEdit(db, campaign, key, read.imported);
        const view: CheckedImportView = { survey, itemRoles };
        return c.json(view);
      },
    )
    .route(
      {
        method: "get",
        path: "/campaigns/:id/questionnaires/:key/export.json",
        tag: "questionnaires",
        access: "questionnaires.read",
        summary: {
          zh: "导出问卷版本（默认当前版本）为 JSON：key、version、title、respondentGroups、itemRoles、survey；占位符（如 {district}）保留，可再导入",
          en: "Export a version (the current one by default) as JSON: key, version, title, respondentGroups, itemRoles, survey; placeholders such as {district} stay, so it imports back",
        },
        responses: { 200: { description: "JSON file", contentType: "application/json" } },
      },
      async (c) => {
        const campaign = await campaignOf(c);
        const key = keyOf(c);
        const { version } = readQuery(c, exportQuery);
        const versions = (await campaignVersions(db, campaign.id)).filter((v) => v.key === key);
        const chosen =
          version === undefined
            ? versions[versions.length - 1]
            : versions.find((v) => v.version === version);
        if (!chosen) throw notFound();
        const file = {
          key,
          version: chosen.version,
          title: chosen.title,
          respondentGroups: chosen.respondentGroups,
          itemRoles: chosen.itemRoles,
          survey: chosen.definition,
        };
        c.header("Content-Type", "application/json; charset=utf-8");
        const name = `questionnaire-${key}-v${chosen.version}.json`;
        attachment(c, name, `问卷-${key}-第${chosen.version}版.json`);
        return c.body(`${JSON.stringify(file, null, 2)}\n`);
      },
    );
}
