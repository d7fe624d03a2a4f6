import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../../api/db/create-db.ts";
import { campaignFlags } from "../../../api/integrity/campaign-flags.ts";
import {
  type WindowRow,
  channelBurstThreshold,
  freeTextQuestions,
  ipBurstFlags,
  overPoolFlags,
  plausiblePool,
  repeatDeviceFlags,
  tooFastFlags,
} from "../../../api/integrity/flag-rules.ts";
import {
  type IntegritySettings,
  defaultIntegritySettings,
  integritySettingsSchema,
} from "../../../api/integrity/integrity-settings.ts";
import { questionnairesForScheme } from "../../../api/questionnaires/questionnaire-library.ts";
import { seedCampaign } from "../../helpers/seed.ts";
import { availableDbKinds, createTestDb } from "../../helpers/test-db.ts";
import { insertAt } from "./integrity-fixtures.ts";

const s = defaultIntegritySettings;
const place = { receivedAt: new Date("2026-03-10T12:00:00Z"), schoolId: 1, channelId: 1 };
const minute = 60_000;

describe("integrity settings", () => {
  it("fill every omitted field with its default and keep what is given", () => {
    const parsed = integritySettingsSchema.parse({ burst: { ipMax: 80 } });
    expect(parsed.burst).toEqual({ ...s.burst, ipMax: 80 });
    expect(parsed.tooFast).toEqual(s.tooFast);
    expect(s.tooFast.floorSeconds).toBe(30);
  });

  it("refuse unknown fields and values out of range", () => {
    expect(integritySettingsSchema.safeParse({ burst: { ipMaxx: 3 } }).success).toBe(false);
    expect(integritySettingsSchema.safeParse({ tooFast: { medianFraction: 2 } }).success).toBe(
      false,
    );
    expect(integritySettingsSchema.safeParse({ burst: { windowMinutes: 0 } }).success).toBe(false);
  });
});

describe("flag rules (pure)", () => {
  it("too fast needs both: under the floor and under the fraction of the median", () => {
    const rows = [
      { ...place, responseId: "a", questionnaireId: 1, durationSeconds: 10, medianSeconds: 150 },
      // Under the floor, but the questionnaire is quick for everyone: not flagged.
      { ...place, responseId: "b", questionnaireId: 1, durationSeconds: 25, medianSeconds: 60 },
      { ...place, responseId: "c", questionnaireId: 1, durationSeconds: 31, medianSeconds: 400 },
    ];
    const flags = tooFastFlags(rows, s);
    expect(flags.map((f) => f.responseId)).toEqual(["a"]);
    expect(flags[0]?.flag.reason.zh).toContain("10 秒");
    expect(flags[0]?.flag.evidence).toMatchObject({ durationSeconds: 10, medianSeconds: 150 });
  });

  it("a device may answer twice (two children), not three times", () => {
    const row = (id: string, deviceCount: number, ordinal: number) => ({
      ...place,
      responseId: id,
      deviceToken: "d",
      deviceCount,
      ordinal,
    });
    expect(repeatDeviceFlags([row("a", 2, 1), row("b", 2, 2)], s)).toEqual([]);
    const flags = repeatDeviceFlags([row("a", 3, 1), row("b", 3, 2), row("c", 3, 3)], s);
    expect(flags.map((f) => f.flag.clusterId)).toEqual(Array(3).fill("repeat_device:d"));
  });

  it("bursts of one address split into episodes more than a window apart", () => {
    const at = (m: number) => new Date(place.receivedAt.getTime() + m * minute);
    const rows: WindowRow[] = [
      { ...place, responseId: "a", receivedAt: at(0), subject: "ip1", peak: 70 },
      { ...place, responseId: "b", receivedAt: at(5), subject: "ip1", peak: 70 },
      { ...place, responseId: "c", receivedAt: at(60), subject: "ip1", peak: 61 },
      { ...place, responseId: "d", receivedAt: at(60), subject: "ip2", peak: 60 },
    ];
    const flags = ipBurstFlags(rows, s);
    expect(flags.map((f) => f.responseId)).toEqual(["a", "b", "c"]);
    const clusters = new Set(flags.map((f) => f.flag.clusterId));
    expect(clusters.size).toBe(2);
    expect(flags[0]?.flag.evidence).toMatchObject({ episodeSize: 2, peak: 70, max: 60 });
  });

  it("a link's burst threshold follows its usual rate above the floor", () => {
    expect(channelBurstThreshold(3, s)).toBe(60);
    expect(channelBurstThreshold(20, s)).toBe(80);
    expect(channelBurstThreshold(20.1, s)).toBe(81);
  });

  it("a school's pool is students × 2 plus teachers; the responses beyond it are flagged", () => {
    expect(plausiblePool(38, null, s)).toBe(76);
    expect(plausiblePool(38, 5, s)).toBe(81);
    const row = (ordinal: number) => ({
      ...place,
      responseId: `r${ordinal}`,
      schoolId: 1,
      students: 38,
      teachers: null,
      ordinal,
      responses: 78,
    });
    expect(overPoolFlags([row(76), row(77), row(78)], s).map((f) => f.responseId)).toEqual([
      "r77",
      "r78",
    ]);
  });

  it("finds the free-text questions of a questionnaire", () => {
    const social = questionnairesForScheme("basic_2012").find((f) => f.key === "social");
    expect(freeTextQuestions(social?.survey)).toEqual(["comment"]);
  });
});

describe.each(availableDbKinds())("flag SQL on %s", (kind) => {
  let handle: DbHandle;
  const t0 = new Date("2026-03-10T11:00:00Z");
  const at = (minutes: number) => new Date(t0.getTime() + minutes * minute);

  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  async function flagsOf(campaignId: number, settings: IntegritySettings = s) {
    const flags = await campaignFlags(handle.db, campaignId, settings);
    const kinds = (id: string) =>
      flags.responses.find((r) => r.responseId === id)?.flags.map((f) => f.kind) ?? [];
    return { flags, kinds };
  }

  it("too fast: against the median of the campaign's own answer times", async () => {
    const seeded = await seedCampaign(handle.db);
    const normal = await insertAt(
      handle.db,
      seeded,
      Array.from({ length: 20 }, (_, i) => ({ at: at(i * 5), durationSeconds: 120 + i * 5 })),
    );
    const [fast, slowish, noTiming] = await insertAt(handle.db, seeded, [
      { at: at(3), durationSeconds: 9 },
      { at: at(4), durationSeconds: 45 },
      { at: at(6), durationSeconds: null },
    ]);
    const { flags, kinds } = await flagsOf(seeded.campaignId);
    expect(kinds(fast as string)).toEqual(["too_fast"]);
    expect(kinds(slowish as string)).toEqual([]);
    expect(kinds(noTiming as string)).toEqual([]);
    expect(normal.every((id) => kinds(id).length === 0)).toBe(true);
    expect(flags.responses).toHaveLength(1);
  });

  it("straight-lining: one option on every item of a long enough grid", async () => {
    const seeded = await seedCampaign(handle.db);
    const items = [
      "sat_nearby_enrolment",
      "sat_facility_gap",
      "sat_teacher_gap",
      "sat_school_choice",
      "sat_government_effort",
      "sat_overall",
    ];
    const sheet = (values: string[]) =>
      Object.fromEntries(items.map((item, i) => [item, values[i]]).filter(([, v]) => v));
    const [same, varied, incomplete] = await insertAt(handle.db, seeded, [
      { at: at(0), answers: { identity: "parent", ...sheet(Array(6).fill("satisfied")) } },
      { at: at(1), answers: sheet([...Array(5).fill("satisfied"), "unknown"]) },
      { at: at(2), answers: sheet(Array(5).fill("dissatisfied")) },
    ]);
    // The 6-item grid is below the default (10): nothing.
    expect((await flagsOf(seeded.campaignId)).flags.responses).toEqual([]);
    const six = integritySettingsSchema.parse({ straightLining: { minItems: 6 } });
    const { kinds, flags } = await flagsOf(seeded.campaignId, six);
    expect(kinds(same as string)).toEqual(["straight_lining"]);
    expect(kinds(varied as string)).toEqual([]);
    expect(kinds(incomplete as string)).toEqual([]);
    expect(flags.responses[0]?.flags[0]?.evidence).toMatchObject({ option: "satisfied", items: 6 });
  });

  it("repeat device: a third completion flags all three", async () => {
    const seeded = await seedCampaign(handle.db);
    const twice = await insertAt(handle.db, seeded, [
      { at: at(0), deviceToken: "11111111-1111-4111-8111-111111111111" },
      { at: at(3), deviceToken: "11111111-1111-4111-8111-111111111111" },
    ]);
    const thrice = await insertAt(
      handle.db,
      seeded,
      [0, 1, 2].map((i) => ({ at: at(i), deviceToken: "22222222-2222-4222-8222-222222222222" })),
    );
    const { kinds, flags } = await flagsOf(seeded.campaignId);
    expect(twice.map(kinds)).toEqual([[], []]);
    expect(thrice.map(kinds)).toEqual([["repeat_device"], ["repeat_device"], ["repeat_device"]]);
    expect(flags.clusters.map((c) => c.responseIds.length)).toEqual([3]);
  });

  it("IP burst: more than 60 in any 10 minutes, per episode", async () => {
    const seeded = await seedCampaign(handle.db);
    const sixty = await insertAt(
      handle.db,
      seeded,
      Array.from({ length: 60 }, (_, i) => ({ at: at(i * 0.15), ipHash: "nat-sixty" })),
    );
    const burst = await insertAt(
      handle.db,
      seeded,
      Array.from({ length: 61 }, (_, i) => ({ at: at(i * 0.15), ipHash: "attacker" })),
    );
    const nextDay = await insertAt(
      handle.db,
      seeded,
      Array.from({ length: 61 }, (_, i) => ({ at: at(24 * 60 + i * 0.1), ipHash: "attacker" })),
    );
    // 61 spread over two hours from one address: a slow trickle, not a burst.
    const trickle = await insertAt(
      handle.db,
      seeded,
      Array.from({ length: 61 }, (_, i) => ({ at: at(i * 2), ipHash: "trickle" })),
    );
    const { kinds, flags } = await flagsOf(seeded.campaignId);
    expect(sixty.every((id) => !kinds(id).includes("burst_ip"))).toBe(true);
    expect(trickle.every((id) => !kinds(id).includes("burst_ip"))).toBe(true);
    expect([...burst, ...nextDay].every((id) => kinds(id).includes("burst_ip"))).toBe(true);
    const ipClusters = flags.clusters.filter((c) => c.kind === "burst_ip");
    expect(ipClusters.map((c) => c.responseIds.length)).toEqual([61, 61]);
  });

  it("link burst: far above the link's usual rate", async () => {
    const seeded = await seedCampaign(handle.db);
    // A link's ordinary day: one response every 10 minutes for 20 hours.
    const usual = await insertAt(
      handle.db,
      seeded,
      Array.from({ length: 120 }, (_, i) => ({ at: at(i * 10 + 1) })),
    );
    const flood = await insertAt(
      handle.db,
      seeded,
      Array.from({ length: 70 }, (_, i) => ({ at: at(300 + 2 + i * 0.1) })),
    );
    const { kinds } = await flagsOf(seeded.campaignId);
    expect(flood.every((id) => kinds(id).includes("burst_channel"))).toBe(true);
    const usualFlagged = usual.filter((id) => kinds(id).includes("burst_channel"));
    // Only ordinary responses inside a flooded window share the flag.
    expect(usualFlagged.length).toBeLessThanOrEqual(2);
  });

  it("identical sheets with a real comment, close in time", async () => {
    const seeded = await seedCampaign(handle.db);
    const copied = {
      identity: "parent",
      sat_overall: "satisfied",
      comment: "学校变化很大，非常满意！",
    };
    const short = { identity: "parent", sat_overall: "satisfied", comment: "无" };
    const copies = await insertAt(
      handle.db,
      seeded,
      [0, 7, 20].map((m) => ({ at: at(m), answers: copied, schoolIndex: m % 2 })),
    );
    const shorts = await insertAt(
      handle.db,
      seeded,
      [0, 1, 2, 3].map((m) => ({ at: at(m), answers: short })),
    );
    const apart = await insertAt(
      handle.db,
      seeded,
      [0, 61, 122].map((m) => ({
        at: at(m + 600),
        answers: { ...copied, comment: "希望学校增加课后服务的时间。" },
      })),
    );
    const { kinds, flags } = await flagsOf(seeded.campaignId);
    expect(copies.map(kinds)).toEqual(Array(3).fill(["identical_cluster"]));
    expect([...shorts, ...apart].every((id) => kinds(id).length === 0)).toBe(true);
    expect(flags.clusters[0]?.evidence).toMatchObject({ episodeSize: 3 });
  });

  it("over pool: the responses beyond a school's plausible pool", async () => {
    const seeded = await seedCampaign(handle.db, { schools: 12 });
    // School index 10 has 38 students (demo district): a pool of 76.
    const ids = await insertAt(
      handle.db,
      seeded,
      Array.from({ length: 79 }, (_, i) => ({ at: at(i * 30), schoolIndex: 10 })),
    );
    const { kinds, flags } = await flagsOf(seeded.campaignId);
    expect(ids.slice(0, 76).every((id) => kinds(id).length === 0)).toBe(true);
    expect(ids.slice(76).map(kinds)).toEqual(Array(3).fill(["over_pool"]));
    expect(flags.clusters[0]?.evidence).toMatchObject({ students: 38, pool: 76, responses: 79 });
  });
});
