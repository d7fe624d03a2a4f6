import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnalysisReport } from "../../../analysis/index.ts";
import { responseExportRows } from "../../../api/analysis/export-repository.ts";
import { type NewResponse, insertResponses } from "../../../api/responses/repository.ts";
import { parseCsv } from "../../../api/http/csv.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

/**
 * The exports (admins only, each audit-logged): the raw responses as CSV and XLSX in the
 * documented format, every table of the report as XLSX, the school list as CSV; and the
 * keyset paging under the raw export, which must neither skip nor repeat a row when many
 * share an arrival time.
 */
const fixedColumns = [
  "response_id",
  "respondent_group",
  "school_code",
  "town",
  "area_type",
  "channel_id",
  "channel_label",
  "completed_at",
  "received_at",
  "duration_s",
  "excluded",
  "mode",
  "interviewer_code",
  "paper_sheet",
  "questionnaire_key",
  "questionnaire_version",
];
const comments = ["=1+1", "+86 请回电", "-减负", "@校长", '逗号, 引号" 和\n换行', "普通意见"];
const chinaTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+08:00$/;

describe.each(availableDbKinds())("exports on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 3 },
    accounts: {
      admin: { username: "bureau", role: "admin" },
      viewer: { role: "viewer" },
      publicity: { role: "publicity" },
      school: { role: "school", school: 0 },
    },
  });
  const { seeded } = ctx;
  const { admin, viewer, publicity, school } = ctx.accounts;
  const ids: string[] = [];
  const tiedAt = new Date("2026-03-01T16:00:00.123Z");

  beforeAll(async () => {
    for (const comment of comments) {
      const id = randomUUID();
      ids.push(id);
      const res = await put(
        ctx.app,
        id,
        submissionBody(seeded.tokens.schoolChannel, validSocialAnswers({ comment })),
      );
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    }
    // Twelve responses arriving in the same microsecond, one without a completion time.
    const channel = seeded.setup.schoolChannels[1]!;
    const tied: NewResponse[] = Array.from({ length: 12 }, (_, i) => ({
      id: randomUUID(),
      campaignId: seeded.campaignId,
      channelId: channel.id,
      questionnaireId: channel.questionnaireId,
      schoolId: channel.schoolId,
      respondentGroup: "parent",
      answers: validSocialAnswers({ comment: `同时到达 ${i}` }),
      startedAt: null,
      completedAt: i === 0 ? null : new Date(tiedAt.getTime() - 60_000),
      durationSeconds: i === 0 ? null : 59.5,
      pageSeconds: {},
      locale: "zh-cn",
      browserFamily: "wechat",
      ipHash: null,
      deviceToken: null,
      contentHash: `tied-${i}`,
      receivedAt: tiedAt,
    }));
    await insertResponses(ctx.db, tied);
    ids.push(...tied.map((r) => r.id));
  });

  const exportPath = (name: string) => `/api/campaigns/${seeded.campaignId}/exports/${name}`;
  const exportsList = ["responses.csv", "responses.xlsx", "report.xlsx", "schools.csv"];
  const audits = (action: string) =>
    ctx.db
      .selectFrom("audit_log")
      .select(["action", "target", "actor_label"])
      .where("action", "=", action)
      .execute();

  async function responsesCsv(): Promise<string[][]> {
    const res = await admin.request(exportPath("responses.csv"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parseCsv(bytes.toString("utf8")).map((row) => row.fields);
  }

  it("are for admins only", async () => {
    for (const name of exportsList) {
      expect((await ctx.app.request(exportPath(name))).status).toBe(401);
      for (const who of [viewer, publicity, school]) {
        const res = await who.request(exportPath(name));
        expect(res.status).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
      }
    }
    expect((await admin.request("/api/campaigns/999999/exports/responses.csv")).status).toBe(404);
  });

  it("export every response as CSV in the documented columns, free text made safe", async () => {
    const [header, ...rows] = await responsesCsv();
    expect(header!.slice(0, fixedColumns.length)).toEqual(fixedColumns);
    // Then the questions of the social and the staff questionnaire, each once, in order.
    const questions = header!.slice(fixedColumns.length);
    expect(questions.slice(0, 3)).toEqual(["identity", "school", "child_level"]);
    expect(questions).toEqual(
      expect.arrayContaining(["sat_overall", "aware_source", "comment", "sat_workload"]),
    );
    expect(new Set(questions).size).toBe(questions.length);
    expect(rows.map((r) => r[0]).sort()).toEqual([...ids].sort());
    const column = (name: string) => header!.indexOf(name);
    const byComment = new Map(rows.map((r) => [r[column("comment")], r]));
    expect([...byComment.keys()]).toEqual(
      expect.arrayContaining([
        "'=1+1",
        "'+86 请回电",
        "'-减负",
        "'@校长",
        '逗号, 引号" 和\n换行',
        "普通意见",
      ]),
    );
    const first = byComment.get("普通意见")!;
    expect(first[column("respondent_group")]).toBe("parent");
    // The version each response answered: the questions combine versions by name.
    expect([first[column("questionnaire_key")], first[column("questionnaire_version")]]).toEqual([
      "social",
      "1",
    ]);
    expect(first[column("school_code")]).toBe(seeded.schoolCodes[0]);
    expect(first[column("area_type")]).toMatch(/^(urban|town|rural)$/);
    expect(first[column("channel_id")]).toBe(String(seeded.setup.schoolChannels[0]!.id));
    expect(first[column("channel_label")]).toMatch(/校门海报/);
    expect(first[column("completed_at")]).toMatch(chinaTime);
    expect(first[column("received_at")]).toMatch(chinaTime);
    expect(Number(first[column("duration_s")])).toBeCloseTo(180, 6);
    expect(first[column("aware_source")]).toBe("letter;wechat_account");
    expect(first[column("sat_school_choice")]).toBe("unknown");
    const tied = rows.filter((r) => r[column("comment")]!.startsWith("同时到达"));
    expect(tied.map((r) => r[column("received_at")])).toEqual(
      Array(12).fill("2026-03-02T00:00:00.123000+08:00"),
    );
    const noCompletion = tied.find((r) => r[column("comment")] === "同时到达 0")!;
    expect(noCompletion[column("completed_at")]).toBe("");
    expect(noCompletion[column("duration_s")]).toBe("");
  });

  it("page through responses by keyset without skipping or repeating rows that arrive together", async () => {
    const seen: string[] = [];
    let batches = 0;
    for await (const batch of responseExportRows(ctx.db, seeded.campaignId, 5)) {
      expect(batch.length).toBeLessThanOrEqual(5);
      batches += 1;
      seen.push(...batch.map((row) => row.id));
    }
    expect(batches).toBe(4);
    expect(seen.length).toBe(ids.length);
    expect(new Set(seen).size).toBe(ids.length);
  });

  it("export the same rows as XLSX with Chinese headings above the names and a codebook", async () => {
    const [csvHeader, ...csvRows] = await responsesCsv();
    const res = await admin.request(exportPath("responses.xlsx"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["responses", "codebook"]);
    const sheet = workbook.getWorksheet("responses")!;
    const values = (n: number) =>
      csvHeader!.map((_, i) => {
        const value = sheet.getRow(n).getCell(i + 1).value;
        return value === null || value === undefined ? "" : String(value);
      });
    expect(values(1).slice(0, 3)).toEqual(["答卷编号", "受访者类别", "学校代码"]);
    expect(values(1)[csvHeader!.indexOf("sat_overall")]).toMatch(/总体/);
    expect(values(2)).toEqual(csvHeader);
    const xlsxRows = Array.from({ length: csvRows.length }, (_, i) => values(i + 3));
    // The same cells, except that free text needs no apostrophe in a typed XLSX cell.
    const unguarded = csvRows.map((row) => row.map((cell) => cell.replace(/^'(?=[=+\-@])/, "")));
    expect(xlsxRows).toEqual(unguarded);
    const codebook = workbook.getWorksheet("codebook")!;
    const lines: string[][] = [];
    codebook.eachRow((row) =>
      lines.push(Array.from((row.values as unknown[]).slice(1), (v) => String(v ?? ""))),
    );
    expect(lines[0]).toEqual([
      "name",
      "中文题目",
      "English title",
      "option value",
      "中文标签",
      "English label",
    ]);
    expect(lines).toContainEqual(["sat_overall", "", "", "satisfied", "满意", "Satisfied"]);
    expect(lines).toContainEqual([
      "aware_source",
      "",
      "",
      "letter",
      expect.any(String),
      expect.any(String),
    ]);
  });

  it("export every table of the report as XLSX sheets", async () => {
    const report = (await (
      await admin.request(`/api/campaigns/${seeded.campaignId}/report`)
    ).json()) as AnalysisReport;
    const res = await admin.request(exportPath("report.xlsx"));
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const names = workbook.worksheets.map((s) => s.name);
    for (const key of Object.keys(report.breakdowns.satisfaction))
      expect(names).toContain(`satisfaction_${key}`);
    for (const key of Object.keys(report.breakdowns.awareness))
      expect(names).toContain(`awareness_${key}`);
    expect(names).toEqual(
      expect.arrayContaining(["summary", "verdict", "weights", "weight_audit", "sample"]),
    );
    const summary = workbook.getWorksheet("summary")!;
    const headings = (summary.getRow(2).values as unknown[]).slice(1);
    const estimate = summary.getRow(3).getCell(headings.indexOf("estimate") + 1).value;
    expect(estimate).toBe(report.satisfaction.estimate);
    const bySchool = workbook.getWorksheet("satisfaction_school")!;
    expect(bySchool.rowCount).toBe(2 + report.breakdowns.satisfaction.school.length);
  });

  it("export the school list in the CLI's format, which the school import takes back", async () => {
    const res = await admin.request(exportPath("schools.csv"));
    expect(res.status).toBe(200);
    const text = Buffer.from(await res.arrayBuffer()).toString("utf8");
    const [header, ...rows] = parseCsv(text).map((r) => r.fields);
    expect(header).toEqual([
      "code",
      "name",
      "town",
      "area_type",
      "levels",
      "primary",
      "junior",
      "senior",
      "teachers",
      "ownership",
      "operator",
      "kind",
    ]);
    expect(rows.map((r) => r[0])).toEqual([...seeded.schoolCodes].sort());
    const imported = await admin.request(`/api/campaigns/${seeded.campaignId}/schools/import`, {
      method: "POST",
      headers: { "content-type": "text/csv; charset=utf-8" },
      body: text,
    });
    expect(imported.status, await imported.clone().text()).toBe(200);
    expect(await imported.json()).toEqual({ inserted: 0, updated: 3, total: 3 });
  });

  it("log every export in the audit log", async () => {
    const actions = [
      "export.responses_csv",
      "export.responses_xlsx",
      "export.report_xlsx",
      "export.schools_csv",
    ];
    const before = await Promise.all(actions.map(async (a) => (await audits(a)).length));
    for (const name of exportsList) {
      const res = await admin.request(exportPath(name));
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const after = await Promise.all(actions.map(audits));
    after.forEach((rows, i) => {
      expect(rows.length).toBe(before[i]! + 1);
      expect(rows.at(-1)).toMatchObject({
        target: `campaign:${seeded.campaignId}`,
        actor_label: "bureau",
      });
    });
  });
});
