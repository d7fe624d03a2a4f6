import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertChannel, newChannelToken } from "../../../api/channels/index.ts";
import { parseCsv } from "../../../api/http/csv.ts";
import { insertResponses } from "../../../api/responses/repository.ts";
import { responseRow } from "../../helpers/response-row.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** Numbers equal to 1e-9 relative, everything else exactly; the paths that differ. */
function differences(actual: unknown, expected: unknown, at = "$"): string[] {
  if (typeof expected === "number" && typeof actual === "number") {
    const scale = Math.max(Math.abs(actual), Math.abs(expected));
    return Math.abs(actual - expected) <= 1e-9 * scale || scale < 1e-12 ? [] : [at];
  }
  if (expected && actual && typeof expected === "object" && typeof actual === "object") {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((k) =>
      differences(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${at}.${k}`,
      ),
    );
  }
  return Object.is(actual, expected) ? [] : [at];
}

/**
 * Every response says how it arrived: the raw export's `mode`, `interviewer_code` and
 * `paper_sheet` columns, in the CSV, the XLSX and its codebook; and `npm run analyze` still
 * reproduces the report from an export that mixes modes.
 */
describe.each(availableDbKinds())("the export's mode columns on %s", (kind) => {
  const ctx = useSeededApp(kind, { accounts: { admin: { role: "admin" } } });
  const { seeded } = ctx;
  const { admin } = ctx.accounts;
  const code = "KX7MP3QA";
  const ids = { online: "", interviewer: [] as string[], paper: "", dash: "" };
  let dir: string;

  beforeAll(async () => {
    const school = seeded.setup.schools[0]!;
    const link = async (mode: "interviewer" | "paper") => {
      const token = newChannelToken();
      const id = await insertChannel(ctx.db, {
        token,
        campaignId: seeded.campaignId,
        questionnaireId: seeded.setup.questionnaireIds.social!,
        schoolId: school.id,
        respondentGroup: null,
        label: mode === "paper" ? "纸质问卷" : "入户调查",
        kind: "event",
        mode,
      });
      return { token, id };
    };
    const door = await link("interviewer");
    const paper = await link("paper");
    await ctx.db
      .insertInto("interviewer")
      .values({ campaign_id: seeded.campaignId, code, label: "第1组 王老师" })
      .execute();

    ids.online = randomUUID();
    const online = await put(
      ctx.app,
      ids.online,
      submissionBody(seeded.tokens.schoolChannel, validSocialAnswers()),
    );
    expect(online.status).toBe(200);
    for (const overall of ["satisfied", "dissatisfied"]) {
      const id = randomUUID();
      const res = await put(
        ctx.app,
        id,
        submissionBody(door.token, validSocialAnswers({ sat_overall: overall }), {
          interviewer: code,
        }),
      );
      expect(res.status, await res.clone().text()).toBe(200);
      ids.interviewer.push(id);
    }
    // Sheets typed in by staff (their entry path is the paper feature's): a number each.
    const sheet = (paperSheet: string) =>
      responseRow(seeded, {
        channelId: paper.id,
        schoolId: school.id,
        answers: validSocialAnswers({ sat_overall: "basically_satisfied" }),
        paperSheet,
      });
    const [first, second] = [sheet("A-0007"), sheet("-12")];
    ids.paper = first.id;
    ids.dash = second.id;
    await insertResponses(ctx.db, [first, second]);
    dir = mkdtempSync(path.join(tmpdir(), "junheng-modes-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const download = async (name: string) => {
    const res = await admin.request(`/api/campaigns/${seeded.campaignId}/exports/${name}`);
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  it("gives each response its mode, interviewer code and sheet number in the CSV", async () => {
    const [header, ...rows] = parseCsv((await download("responses.csv")).toString("utf8")).map(
      (row) => row.fields,
    );
    const at = (name: string) => header!.indexOf(name);
    expect(header!.slice(at("excluded"), at("excluded") + 4)).toEqual([
      "excluded",
      "mode",
      "interviewer_code",
      "paper_sheet",
    ]);
    const byId = new Map(
      rows.map((r) => [r[0], [r[at("mode")], r[at("interviewer_code")], r[at("paper_sheet")]]]),
    );
    expect(byId.get(ids.online)).toEqual(["online", "", ""]);
    for (const id of ids.interviewer) expect(byId.get(id)).toEqual(["interviewer", code, ""]);
    expect(byId.get(ids.paper)).toEqual(["paper", "", "A-0007"]);
    // Typed in by people: a leading "-" never becomes a formula in a spreadsheet.
    expect(byId.get(ids.dash)).toEqual(["paper", "", "'-12"]);
    // The code, never the staff label (which may name a person).
    expect(rows.flat().join("|")).not.toContain("王老师");
  });

  it("has the same columns in the XLSX, and a codebook naming each mode", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download("responses.xlsx")) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet("responses")!;
    const names = (sheet.getRow(2).values as unknown[]).slice(1);
    const at = (name: string) => names.indexOf(name) + 1;
    expect(sheet.getRow(1).getCell(at("mode")).value).toContain("收集方式");
    const found = new Map<string, unknown[]>();
    sheet.eachRow((row, n) => {
      if (n <= 2) return;
      // An empty cell reads back as null.
      const cell = (name: string) => row.getCell(at(name)).value ?? "";
      found.set(String(row.getCell(1).value), [
        cell("mode"),
        cell("interviewer_code"),
        cell("paper_sheet"),
      ]);
    });
    expect(found.get(ids.interviewer[0]!)).toEqual(["interviewer", code, ""]);
    expect(found.get(ids.paper)).toEqual(["paper", "", "A-0007"]);
    const codebook: unknown[][] = [];
    book.getWorksheet("codebook")!.eachRow((row) => {
      codebook.push((row.values as unknown[]).slice(1));
    });
    const modes = codebook.filter((r) => r[0] === "mode" && r[3]).map((r) => [r[3], r[4]]);
    expect(modes).toEqual([
      ["online", "二维码/链接"],
      ["interviewer", "访员入户"],
      ["telephone", "电话访问"],
      ["paper", "纸质问卷"],
    ]);
  });

  it("lets npm run analyze reproduce the report from an export mixing modes", async () => {
    const settings = await admin.request(`/api/campaigns/${seeded.campaignId}/analysis-settings`);
    const { config } = (await settings.json()) as { config: unknown };
    const files = {
      responses: path.join(dir, "responses.csv"),
      schools: path.join(dir, "schools.csv"),
      config: path.join(dir, "analysis.json"),
    };
    writeFileSync(files.responses, await download("responses.csv"));
    writeFileSync(files.schools, await download("schools.csv"));
    writeFileSync(files.config, JSON.stringify(config));
    const report = (await (
      await admin.request(`/api/campaigns/${seeded.campaignId}/report`)
    ).json()) as { sample: { rows: number } };
    expect(report.sample.rows).toBe(5);
    const cli = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          "--import",
          "tsx",
          "scripts/analyze.ts",
          ...Object.entries(files).flatMap(([k, v]) => [`--${k}`, v]),
        ],
        { cwd: root, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    expect(differences(JSON.parse(cli.stdout), report)).toEqual([]);
  });
});
