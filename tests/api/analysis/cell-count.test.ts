import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AnalysisConfig,
  type Cell,
  type RespondentRow,
  type ValueStats,
  analysisConfig,
  cellsFromRespondents,
} from "../../../analysis/index.ts";
import type { DbHandle } from "../../../api/db/create-db.ts";
import { type RespondentGroup, respondentGroups } from "../../../api/db/database.ts";
import { pick, seededRandom } from "../../../api/demo/random.ts";
import { type CellPass, analysisCells } from "../../../api/analysis/cell-count-repository.ts";
import { type NewResponse, insertResponses } from "../../../api/responses/repository.ts";
import { responseRow } from "../../helpers/response-row.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";

/**
 * The database's cells (api/analysis/cell-count-repository.ts) against the reference,
 * cellsFromRespondents over the very rows inserted: random answer sheets that include what
 * the validator would never let through (numbers, nulls, arrays where an option belongs,
 * empty strings, unknown options, a quote in an option value), so the SQL is held to the
 * reference's every rule, for each definition.
 */
const items = [
  "sat_nearby_enrolment",
  "sat_facility_gap",
  "sat_teacher_gap",
  "sat_school_choice",
  "sat_government_effort",
  "sat_teacher_exchange",
  "sat_training",
  "sat_workload",
  "sat_homework",
  "sat_overall",
];
const sourceOptions = ["parent_meeting", "letter", "wechat_account", "school_board", "media"];
const quoted = "it's";

const scale = ["satisfied", "fairly_satisfied", "basically_satisfied", "dissatisfied", "unknown"];
/** The options the questionnaires offer, as the report hands them to the query. */
const options = {
  ...Object.fromEntries(items.map((item) => [item, [...scale, quoted]])),
  aware_campaign: ["know", "heard", "unaware"],
  aware_source: [...sourceOptions, "other"],
};

/** An answer to an item: an option, a blank or ""; with `unusual`, also what no validator lets in. */
function itemAnswer(random: () => number, unusual: boolean): unknown {
  const r = random();
  if (r < 0.04) return undefined;
  if (r < 0.05) return "";
  if (unusual && r < 0.06) return 5;
  if (unusual && r < 0.065) return null;
  if (unusual && r < 0.07) return ["satisfied"];
  if (unusual && r < 0.072) return "not_an_option";
  if (r < 0.075) return quoted;
  return pick(random, [
    "satisfied",
    "satisfied",
    "satisfied",
    "basically_satisfied",
    "basically_satisfied",
    "fairly_satisfied",
    "dissatisfied",
    "unknown",
  ]);
}

function sourceAnswer(random: () => number, unusual: boolean): unknown {
  const r = random();
  if (r < 0.3) return undefined;
  if (r < 0.33) return [];
  const chosen: unknown[] = sourceOptions.filter(() => random() < 0.4);
  if (unusual && r < 0.4) chosen.push(pick(random, ["", 3, "newspaper", null]));
  if (unusual && r > 0.97) return pick(random, ["letter", { letter: true }]);
  // The last option is never chosen: a known option nobody picked is no source.
  return chosen;
}

interface Generated {
  responses: NewResponse[];
  rows: RespondentRow[];
}

function generate(seeded: SeededCampaign, n: number, seed: number, unusual: boolean): Generated {
  const random = seededRandom(seed);
  const channels = [...seeded.setup.schoolChannels, ...seeded.setup.districtChannels];
  const schools = seeded.setup.schools;
  const base = Date.UTC(2026, 2, 1, 15, 0, 0); // 23:00 in China: days change within hours
  const responses: NewResponse[] = [];
  const rows: RespondentRow[] = [];
  for (let i = 0; i < n; i++) {
    const channel = pick(random, channels);
    // A few groups stay small, so some cells hold one respondent.
    const group: RespondentGroup =
      random() < 0.6 ? "parent" : pick(random, respondentGroups as RespondentGroup[]);
    const school =
      channel.schoolId !== null
        ? schools.find((s) => s.id === channel.schoolId)!
        : random() < 0.7
          ? pick(random, schools)
          : null;
    const answers: Record<string, unknown> = {};
    for (const item of items) {
      const answer = itemAnswer(random, unusual);
      if (answer !== undefined) answers[item] = answer;
    }
    const aware = pick(random, [
      "know",
      "heard",
      "unaware",
      "unaware",
      "",
      unusual ? 7 : "",
      "(none)",
    ]);
    if (aware !== "(none)") answers.aware_campaign = aware;
    const source = sourceAnswer(random, unusual);
    if (source !== undefined) answers.aware_source = source;
    answers.comment = "不计入分析";
    const receivedAt = new Date(base + Math.floor(random() * 4 * 86_400_000));
    const completedAt =
      random() < 0.15 ? null : new Date(receivedAt.getTime() - Math.floor(random() * 7_200_000));
    responses.push(
      responseRow(seeded, {
        channelId: channel.id,
        questionnaireId: channel.questionnaireId,
        schoolId: school?.id ?? null,
        respondentGroup: group,
        answers,
        completedAt,
        contentHash: `test-${i}`,
        receivedAt,
      }),
    );
    rows.push({
      group,
      school: school?.code ?? null,
      channel: String(channel.id),
      completedAt: completedAt ?? receivedAt,
      answers,
    });
  }
  return { responses, rows };
}

/** Equal to 1e-9 of the larger magnitude (absolute below 1: means are proportions or scores). */
function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(actual), Math.abs(expected));
}

function expectSameStats(actual: ValueStats, expected: ValueStats, where: string): void {
  expect(actual.count, `${where} count`).toBe(expected.count);
  expect(close(actual.mean, expected.mean), `${where} mean ${actual.mean} ≠ ${expected.mean}`).toBe(
    true,
  );
  expect(close(actual.m2, expected.m2), `${where} m2 ${actual.m2} ≠ ${expected.m2}`).toBe(true);
}

function expectSameCells(actual: Cell[], expected: Cell[]): void {
  const key = (c: Cell) => `${c.group}|${c.school}|${c.channel}|${c.day}`;
  expect(actual.map(key)).toEqual(expected.map(key));
  actual.forEach((cell, i) => {
    const reference = expected[i]!;
    const where = key(cell);
    expect(cell.rows, `${where} rows`).toBe(reference.rows);
    expectSameStats(cell.satisfaction, reference.satisfaction, `${where} satisfaction`);
    expectSameStats(cell.awareness, reference.awareness, `${where} awareness`);
    expect(Object.keys(cell.items)).toEqual(Object.keys(reference.items));
    for (const item of Object.keys(reference.items)) {
      expectSameStats(cell.items[item]!, reference.items[item]!, `${where} ${item}`);
    }
    expect(Object.keys(cell.sources)).toEqual(Object.keys(reference.sources));
    for (const option of Object.keys(reference.sources)) {
      expectSameStats(cell.sources[option]!, reference.sources[option]!, `${where} ${option}`);
    }
  });
}

const scores = {
  satisfied: 100,
  fairly_satisfied: 80,
  basically_satisfied: 60,
  dissatisfied: 0,
  [quoted]: 33.3,
  not_an_option: 50,
};

const configs: [string, AnalysisConfig][] = [
  ["overall_item", analysisConfig({ items })],
  [
    "overall_item outside the items, a quoted favourable option, know alone",
    analysisConfig({
      items: items.slice(0, 3),
      favourable: ["satisfied", quoted],
      aware: ["know"],
    }),
  ],
  ["respondent_share", analysisConfig({ definition: "respondent_share", items })],
  [
    // 0.7000000000000001 · 10 = 7.000000000000001: 7 of 10 favourable passes only by the slack.
    "respondent_satisfied at 0.7000000000000001",
    analysisConfig({
      definition: "respondent_satisfied",
      items,
      satisfiedShare: 0.7000000000000001,
    }),
  ],
  [
    "respondent_satisfied at 0.5, nothing excluded",
    analysisConfig({ definition: "respondent_satisfied", items, excluded: [] }),
  ],
  ["score", analysisConfig({ definition: "score", items, scores })],
  [
    "score without a source item",
    analysisConfig({ definition: "score", items, scores, awarenessSourceItem: null }),
  ],
];

describe.each(availableDbKinds())("analysis cells counted in SQL on %s", (kind) => {
  let handle: DbHandle;
  let ordinary: SeededCampaign;
  let unusual: SeededCampaign;
  let ordinaryRows: RespondentRow[];
  let unusualRows: RespondentRow[];

  beforeAll(async () => {
    handle = await createTestDb(kind);
    ordinary = await seedCampaign(handle.db, { schools: 5 });
    unusual = await seedCampaign(handle.db, { schools: 3 });
    const a = generate(ordinary, 900, 4, false);
    const b = generate(unusual, 500, 9, true);
    await insertResponses(handle.db, a.responses);
    await insertResponses(handle.db, b.responses);
    ordinaryRows = a.rows;
    unusualRows = b.rows;
  });
  afterAll(async () => handle?.close());

  it.each(configs)(
    "equal cellsFromRespondents in one pass over the texts: %s",
    async (_n, config) => {
      const reference = cellsFromRespondents(ordinaryRows, config, items);
      expect(reference.length).toBeGreaterThan(100);
      expect(reference.some((c) => c.rows === 1)).toBe(true);
      expect(reference.some((c) => c.school === null)).toBe(true);
      for (const partitions of [1, 3]) {
        const passes: CellPass[] = [];
        const sql = await analysisCells(handle.db, {
          campaignId: ordinary.campaignId,
          config,
          options,
          partitions,
          onPass: (pass) => passes.push(pass),
        });
        expectSameCells(sql, reference);
        const sources = config.awarenessSourceItem === null ? "none" : "questionnaires";
        expect(passes.map((p) => [p.mode, p.sources])).toEqual([["text", sources]]);
      }
      // The option nobody chose is no source, though the questionnaire offers it.
      if (config.awarenessSourceItem !== null) {
        expect(Object.keys(reference[0]!.sources)).toEqual([...sourceOptions].sort());
      }
    },
  );

  it.each(configs)(
    "equal cellsFromRespondents on answers no validator lets in, by the exact form: %s",
    async (_n, config) => {
      const reference = cellsFromRespondents(unusualRows, config, items);
      for (const known of [options, { ...options, aware_source: [] }]) {
        const passes: CellPass[] = [];
        const sql = await analysisCells(handle.db, {
          campaignId: unusual.campaignId,
          config,
          options: known,
          partitions: 2,
          onPass: (pass) => passes.push(pass),
        });
        expectSameCells(sql, reference);
        expect(passes.at(-1)).toMatchObject({
          mode: "exact",
          sources: config.awarenessSourceItem === null ? "none" : "data",
        });
      }
      if (config.awarenessSourceItem !== null) {
        expect(Object.keys(reference[0]!.sources)).toContain("newspaper");
      }
    },
  );

  it("counts exactly at once when an option reads like a number (a number answer is no option)", async () => {
    const config = analysisConfig({ items, favourable: ["satisfied", "5"] });
    const passes: CellPass[] = [];
    const sql = await analysisCells(handle.db, {
      campaignId: unusual.campaignId,
      config,
      options,
      onPass: (pass) => passes.push(pass),
    });
    expectSameCells(sql, cellsFromRespondents(unusualRows, config, items));
    expect(passes[0]!.mode).toBe("exact");
  });

  it("gives no cells for a campaign without responses", async () => {
    const empty = await seedCampaign(handle.db, { schools: 1 });
    const cells = await analysisCells(handle.db, {
      campaignId: empty.campaignId,
      config: analysisConfig({ items }),
      options,
    });
    expect(cells).toEqual([]);
  });

  it("refuses a question name that is not one, before any SQL", async () => {
    await expect(
      analysisCells(handle.db, {
        campaignId: ordinary.campaignId,
        config: analysisConfig({ items: ["sat_overall", "x'); drop table response; --"] }),
        options,
      }),
    ).rejects.toThrow(RangeError);
    const { count } = await handle.db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(1400);
  });

  it("refuses an answer whose option has no score under the score definition, as the reference does", async () => {
    const config = analysisConfig({
      definition: "score",
      items,
      scores: { satisfied: 100, basically_satisfied: 60, dissatisfied: 0 },
    });
    expect(() => cellsFromRespondents(ordinaryRows, config, items)).toThrow(RangeError);
    await expect(
      analysisCells(handle.db, { campaignId: ordinary.campaignId, config, options }),
    ).rejects.toThrow(RangeError);
  });
});
