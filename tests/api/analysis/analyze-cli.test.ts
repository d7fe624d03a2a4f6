import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisReport } from "../../../analysis/index.ts";
import { seedDemo } from "../../../api/demo/seed-demo.ts";
import { insertChannel } from "../../../api/channels/repository.ts";
import { newChannelToken } from "../../../api/channels/channel-token.ts";
import { parseCsv } from "../../../api/http/csv.ts";
import { csvRecords } from "../../../api/http/csv-stream.ts";
import { seededRandom } from "../../../api/demo/random.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

/**
 * `npm run analyze` reproduces the report endpoint: a realistic campaign
 * (the demo's synthetic answers, some responses through the real submission endpoint with
 * awkward comments and an awkward channel name), the report and the exports fetched through
 * the API as an admin would, then the CLI run as a child process on the downloaded files.
 * Every number must agree to 1e-9 relative, everything else exactly.
 */
const root = fileURLToPath(new URL("../../..", import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<CliResult> {
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

/** Walks both values: numbers equal to 1e-9 relative, all else exactly; returns differences. */
function differences(actual: unknown, expected: unknown, at = "$"): string[] {
  if (typeof expected === "number" && typeof actual === "number") {
    const scale = Math.max(Math.abs(actual), Math.abs(expected));
    return Math.abs(actual - expected) <= 1e-9 * scale || scale < 1e-12
      ? []
      : [`${at}: ${actual} ≠ ${expected}`];
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length)
      return [`${at}: length ${actual.length} ≠ ${expected.length}`];
    return expected.flatMap((e, i) => differences(actual[i], e, `${at}[${i}]`));
  }
  if (expected && actual && typeof expected === "object" && typeof actual === "object") {
    const a = Object.keys(actual);
    const e = Object.keys(expected);
    if (a.join() !== e.join()) return [`${at}: keys ${a.join()} ≠ ${e.join()}`];
    return e.flatMap((k) =>
      differences(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${at}.${k}`,
      ),
    );
  }
  return Object.is(actual, expected)
    ? []
    : [`${at}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
}

describe("the streaming CSV reader", () => {
  it("reads what parseCsv reads, however the text is cut into chunks", async () => {
    const random = seededRandom(7);
    const pieces = ["a", "中文", ",", '"', '""', "\r\n", "\n", "\r", " ", "x,y", '"q,"', "\ufeff"];
    for (let n = 0; n < 300; n++) {
      let text = "";
      const length = 1 + Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
      let expected: unknown;
      try {
        expected = parseCsv(text);
      } catch (error) {
        expected = (error as Error).message;
      }
      const chunks: string[] = [];
      for (let i = 0; i < text.length;) {
        const size = 1 + Math.floor(random() * 5);
        chunks.push(text.slice(i, i + size));
        i += size;
      }
      let actual: unknown;
      try {
        const rows = [];
        for await (const row of csvRecords(
          (async function* () {
            yield* chunks;
          })(),
        ))
          rows.push(row);
        actual = rows;
      } catch (error) {
        actual = (error as Error).message;
      }
      expect(actual, JSON.stringify(text)).toEqual(expected);
    }
  });
});

describe.each(availableDbKinds())("npm run analyze against the report endpoint on %s", (kind) => {
  const ctx = useSeededApp(kind, { seed: false, accounts: { admin: { role: "admin" } } });
  const { admin } = ctx.accounts;
  let campaignId: number;
  let dir: string;

  beforeAll(async () => {
    const demo = await seedDemo(ctx.db, new Date(), 360);
    campaignId = demo.setup.campaignId;
    // Teacher counts on every school, so teachers are post-stratified too.
    await sql`update school set teachers = 20 + (id * 7) % 60 where campaign_id = ${campaignId}`.execute(
      ctx.db,
    );
    const token = newChannelToken();
    await insertChannel(ctx.db, {
      token,
      campaignId,
      questionnaireId: demo.setup.questionnaireIds.social!,
      schoolId: null,
      respondentGroup: null,
      label: '=家长群, "二群"',
      kind: "wechat_group",
    });
    const comments = ["=1+1", "+86 请回电", "-减负", "@校长", '逗号, 引号" 和\n换行', "普通意见"];
    for (const [i, comment] of comments.entries()) {
      const res = await put(
        ctx.app,
        randomUUID(),
        submissionBody(token, {
          ...validSocialAnswers({ identity: "resident", comment }),
          child_level: undefined,
          // The demo is on the A卷's own scale, which has no 不了解.
          sat_school_choice: "basically_satisfied",
          sat_overall: i % 2 === 0 ? "satisfied" : "dissatisfied",
        }),
      );
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    }
    dir = mkdtempSync(path.join(tmpdir(), "junheng-analyze-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function download(name: string): Promise<string> {
    const res = await admin.request(`/api/campaigns/${campaignId}/exports/${name}`);
    expect(res.status).toBe(200);
    const file = path.join(dir, name);
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    return file;
  }

  async function reproduce(settings: Record<string, unknown>): Promise<AnalysisReport> {
    const saved = await admin.request(`/api/campaigns/${campaignId}/analysis-settings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(settings),
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const { config } = (await saved.json()) as { config: Record<string, unknown> };
    const configFile = path.join(dir, "analysis.json");
    writeFileSync(configFile, JSON.stringify(config));
    const report = await (await admin.request(`/api/campaigns/${campaignId}/report`)).json();
    const responses = await download("responses.csv");
    const schools = await download("schools.csv");
    const cli = await runCli([
      "--responses",
      responses,
      "--schools",
      schools,
      "--config",
      configFile,
    ]);
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    const printed = JSON.parse(cli.stdout) as unknown;
    expect(differences(printed, report)).toEqual([]);
    return report as AnalysisReport;
  }

  it("prints the endpoint's report under the default settings", async () => {
    const report = await reproduce({});
    // The comparison covers what matters: every response, teachers post-stratified to
    // teacher counts, the awkward channel name, sources and days.
    expect(report.sample.rows).toBe(352);
    expect(report.weights.byGroup.teacher?.shares).toBe("teachers");
    expect(report.breakdowns.satisfaction.channel.map((row) => row.label)).toContain(
      '=家长群, "二群"',
    );
    expect(report.breakdowns.awareness.source.length).toBeGreaterThan(3);
    expect(report.breakdowns.satisfaction.day.length).toBeGreaterThan(3);
  });

  it("prints the endpoint's report under another definition with group weights", async () => {
    await reproduce({
      definition: "respondent_satisfied",
      satisfiedShare: 0.6,
      groupWeights: {
        parent: 2,
        teacher: 1,
        principal: 1,
        resident: 1,
        deputy: 0.5,
        cppcc_member: 0.5,
      },
      aware: ["know"],
    });
  });

  it("prints the endpoint's report under the score definition, unweighted", async () => {
    await reproduce({ definition: "score", poststratify: false, threshold: 0.8 });
  });

  it("prints the endpoint's report with excluded responses left out and shown beside", async () => {
    const some = await ctx.db
      .selectFrom("response")
      .select("id")
      .where("campaign_id", "=", campaignId)
      .orderBy("id")
      .limit(40)
      .execute();
    const res = await admin.request(`/api/campaigns/${campaignId}/exclusions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ responseIds: some.map((r) => r.id), reason: "测试：核实为重复答卷" }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const report = await reproduce({});
    expect(report.exclusions.responses).toBe(40);
    expect(report.sample.rows).toBe(312);
    expect(report.exclusions.withExcluded?.rows).toBe(352);
  });

  it("fails with exit code 2 and a Chinese and English message on bad input", async () => {
    const responses = await download("responses.csv");
    const schools = await download("schools.csv");
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const good = write("good.json", JSON.stringify({ items: ["sat_overall"] }));
    const cases: [string[], RegExp][] = [
      [
        ["--responses", path.join(dir, "missing.csv"), "--schools", schools, "--config", good],
        /无法读取.*cannot read/s,
      ],
      [["--responses", responses, "--schools", schools], /用法.*usage/s],
      [
        ["--responses", responses, "--schools", schools, "--config", write("a.json", "{not json")],
        /分析设置文件无效.*not valid/s,
      ],
      [
        [
          "--responses",
          responses,
          "--schools",
          schools,
          "--config",
          write("b.json", '{"items":["sat_overall"],"colour":"red"}'),
        ],
        /分析设置文件无效.*not valid/s,
      ],
      [
        ["--responses", responses, "--schools", schools, "--config", write("c.json", "{}")],
        /items/,
      ],
      [
        [
          "--responses",
          responses,
          "--schools",
          schools,
          "--config",
          write("d.json", '{"items":["sat_no_such_item"]}'),
        ],
        /缺少列.*sat_no_such_item/s,
      ],
      [
        [
          "--responses",
          write("e.csv", "respondent_group,school_code\r\nparent,DS001\r\n"),
          "--schools",
          schools,
          "--config",
          good,
        ],
        /缺少列.*channel_id/s,
      ],
      [
        [
          "--responses",
          responses,
          "--schools",
          write("f.csv", "code,name\r\nX,Y\r\n"),
          "--config",
          good,
        ],
        /学校名单.*school list/s,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/[\u4e00-\u9fff].*[A-Za-z]/s);
      expect(result.stdout).toBe("");
    }
  });
});
