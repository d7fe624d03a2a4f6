import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisReport } from "../../../analysis/index.ts";
import { seedDemo } from "../../../api/demo/seed-demo.ts";
import { parseCsv } from "../../../api/http/csv.ts";
import type { EditableQuestionnaireView } from "../../../api/questionnaires/types.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

/**
 * A campaign whose social questionnaire was edited mid-way: version 1 answered by the demo's
 * respondents and by a page opened before the save, version 2 (a reworded item, one item
 * dropped, a local question added) by later ones. The report counts both, says how many
 * answered each version, and `npm run analyze` prints the same report from the raw export,
 * which names each response's version.
 */
const root = fileURLToPath(new URL("../../..", import.meta.url));
type Json = Record<string, unknown>;

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/analyze.ts", ...args],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Numbers to 1e-9 relative, everything else exactly (as analyze-cli.test.ts compares). */
function same(actual: unknown, expected: unknown): boolean {
  if (typeof actual === "number" && typeof expected === "number") {
    const scale = Math.max(Math.abs(actual), Math.abs(expected));
    return scale < 1e-12 || Math.abs(actual - expected) <= 1e-9 * scale;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.length === expected.length && actual.every((a, i) => same(a, expected[i]));
  }
  if (actual && expected && typeof actual === "object" && typeof expected === "object") {
    const a = Object.keys(actual);
    const e = Object.keys(expected);
    return (
      a.join() === e.join() && e.every((k) => same((actual as Json)[k], (expected as Json)[k]))
    );
  }
  return Object.is(actual, expected);
}

describe.each(availableDbKinds())(
  "versions combined in the report and the export on %s",
  (kind) => {
    const ctx = useSeededApp(kind, { seed: false, accounts: { admin: { role: "admin" } } });
    const { admin } = ctx.accounts;
    let campaignId: number;
    let dir: string;
    let token: string;

    const submit = async (answers: Json, extra: Json = {}) => {
      const res = await put(ctx.app, randomUUID(), submissionBody(token, answers, extra));
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    };
    const resident = (overrides: Json = {}) => ({
      // The demo's scale has no 不了解.
      ...validSocialAnswers({
        identity: "resident",
        sat_school_choice: "dissatisfied",
        ...overrides,
      }),
      child_level: undefined,
    });

    beforeAll(async () => {
      const demo = await seedDemo(ctx.db, new Date(), 200);
      campaignId = demo.setup.campaignId;
      token = demo.setup.districtChannels[0]!.token;
      const base = `/api/campaigns/${campaignId}/questionnaires/social`;
      const v1 = (await (await admin.request(base)).json()) as EditableQuestionnaireView;

      // Version 2: sat_school_choice dropped, sat_facility_gap reworded, a local question added.
      const survey = structuredClone(v1.survey);
      for (const page of survey.pages as Json[]) {
        const elements = page.elements as Json[];
        page.elements = elements.filter((e) => e.name !== "sat_school_choice");
        const facility = elements.find((e) => e.name === "sat_facility_gap");
        if (facility)
          facility.title = { default: "学校之间的办学条件差距缩小了吗？", en: "Gaps narrowing?" };
        if (page.name === "items") {
          (page.elements as Json[]).push({
            type: "checkbox",
            name: "local_activities",
            title: { default: "孩子参加了哪些课后活动？", en: "After-school activities?" },
            choices: [
              { value: "sports", text: { default: "体育", en: "Sports" } },
              { value: "arts", text: { default: "艺术", en: "Arts" } },
            ],
          });
        }
      }
      const roles = {
        ...v1.itemRoles,
        satisfaction: v1.itemRoles.satisfaction?.filter((n) => n !== "sat_school_choice"),
        background: [...(v1.itemRoles.background ?? []), "local_activities"],
      };
      // Three answer version 1 from a page opened before the save, five version 2.
      for (let i = 0; i < 3; i++) await submit(resident(), { questionnaire: v1.id });
      const saved = await admin.request(base, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ baseVersion: 1, survey, itemRoles: roles }),
      });
      expect(saved.status, await saved.clone().text()).toBe(201);
      for (let i = 0; i < 2; i++) await submit(resident(), { questionnaire: v1.id });
      for (let i = 0; i < 5; i++) {
        await submit({
          ...resident({ local_activities: i % 2 === 0 ? ["sports"] : ["sports", "arts"] }),
          sat_school_choice: undefined,
          sat_overall: i < 3 ? "satisfied" : "dissatisfied",
        });
      }
      dir = mkdtempSync(path.join(tmpdir(), "junheng-versions-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    async function download(name: string): Promise<string> {
      const res = await admin.request(`/api/campaigns/${campaignId}/exports/${name}`);
      expect(res.status).toBe(200);
      const file = path.join(dir, name);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      return file;
    }

    async function reportAndCli(): Promise<{ report: AnalysisReport; printed: unknown }> {
      const settings = await (
        await admin.request(`/api/campaigns/${campaignId}/analysis-settings`)
      ).json();
      const configFile = path.join(dir, "analysis.json");
      writeFileSync(configFile, JSON.stringify((settings as { config: unknown }).config));
      const report = (await (
        await admin.request(`/api/campaigns/${campaignId}/report`)
      ).json()) as AnalysisReport;
      const cli = await runCli([
        "--responses",
        await download("responses.csv"),
        "--schools",
        await download("schools.csv"),
        "--config",
        configFile,
      ]);
      expect(cli.stderr).toBe("");
      expect(cli.code).toBe(0);
      return { report, printed: JSON.parse(cli.stdout) as unknown };
    }

    it("exports each response's questionnaire version; a question its version lacks is empty", async () => {
      const text = (
        await (await admin.request(`/api/campaigns/${campaignId}/exports/responses.csv`)).text()
      ).replace(/^\uFEFF/, "");
      const [header, ...rows] = parseCsv(text).map((row) => row.fields);
      const col = (name: string) => header!.indexOf(name);
      expect(col("questionnaire_key")).toBeGreaterThan(-1);
      expect(col("local_activities")).toBeGreaterThan(-1);
      const v2 = rows.filter(
        (r) => r[col("questionnaire_key")] === "social" && r[col("questionnaire_version")] === "2",
      );
      expect(v2).toHaveLength(5);
      expect(v2.every((r) => r[col("sat_school_choice")] === "")).toBe(true);
      expect(v2.map((r) => r[col("local_activities")])).toContain("sports;arts");
      const v1 = rows.filter(
        (r) => r[col("questionnaire_key")] === "social" && r[col("questionnaire_version")] === "1",
      );
      expect(v1.every((r) => r[col("local_activities")] === "")).toBe(true);
    });

    it("counts both versions, says how many answered each, and npm run analyze agrees", async () => {
      const { report, printed } = await reportAndCli();
      expect(same(printed, report)).toBe(true);
      const byVersion = report.sample.byVersion;
      const social = byVersion.filter((v) => v.key === "social");
      expect(social.map((v) => v.version)).toEqual([1, 2]);
      expect(social[1]!.responses).toBe(5);
      expect(byVersion.reduce((sum, v) => sum + v.responses, 0)).toBe(report.sample.rows);
      const stored = await ctx.db
        .selectFrom("response")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("campaign_id", "=", campaignId)
        .executeTakeFirstOrThrow();
      expect(report.sample.rows).toBe(Number(stored.n));
    });

    it("leaves excluded responses out of the version counts on both sides", async () => {
      const v2 = await ctx.db
        .selectFrom("response as r")
        .innerJoin("questionnaire as q", "q.id", "r.questionnaire_id")
        .select("r.id")
        .where("r.campaign_id", "=", campaignId)
        .where("q.version", "=", 2)
        .limit(2)
        .execute();
      const res = await admin.request(`/api/campaigns/${campaignId}/exclusions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ responseIds: v2.map((r) => r.id), reason: "测试：核实为重复答卷" }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      const { report, printed } = await reportAndCli();
      expect(same(printed, report)).toBe(true);
      expect(
        report.sample.byVersion.find((v) => v.key === "social" && v.version === 2)?.responses,
      ).toBe(3);
      expect(report.sample.byVersion.reduce((sum, v) => sum + v.responses, 0)).toBe(
        report.sample.rows,
      );
    });
  },
);
