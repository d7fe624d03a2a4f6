import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../../api/demo/random.ts";
import type { FlagKind } from "../../../api/integrity/flag-rules.ts";
import type { IntegrityReport } from "../../../api/integrity/integrity-report.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { signedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";
import { type Submission, logNormal, parentSheet, submitAt } from "./integrity-fixtures.ts";

/**
 * The integrity scenarios, replayed through the real
 * PUT /api/responses/:id of the real app, then judged by the real integrity
 * report, on one evening (18:00–23:00 Beijing time) of two campaigns: one
 * with the organic evening alone (is anything flagged that should not be?),
 * one where every attack happens among 600 ordinary parents (is every attack
 * flagged?). Organic parents who answer in the same minutes on the same link
 * as a flood share its link-burst flag; the second campaign shows that cost.
 *
 * Time: the app is built with an injected clock (AppDeps.now), moved to each
 * submission's moment before its PUT; the response route then uses that clock
 * for the campaign window, the rate-limit windows and received_at (without a
 * clock the database stamps received_at). Answer times travel as the page
 * sends them, in startedAt/completedAt. Client addresses come in
 * X-Forwarded-For with TRUST_PROXY on, as behind the production proxy.
 */
const evening = new Date("2026-03-10T10:00:00Z"); // 18:00 in Beijing
const minute = 60_000;
const at = (minutes: number) => new Date(evening.getTime() + minutes * minute);

type Role = "organic" | "background" | "phone" | "script" | "speeder" | "copied";

interface Planned extends Submission {
  role: Role;
}

/**
 * `count` parents (2,000 for the organic evening) of 12 schools, in proportion to enrolment. Most answer after
 * their class teacher posts the link in the class's parents' WeChat group (one
 * push per class of 45, between 18:30 and 21:00; replies decay over the next
 * 40 minutes or so), the rest at any time of the evening. Answer times are log-normal around 2.5
 * minutes. Most homes have their own address; a third of parents are on 4G
 * behind one of 40 carrier NAT addresses. One parent in 30 answers again for
 * a second child on the same phone a few minutes later.
 */
function organicEvening(
  seeded: SeededCampaign,
  random: () => number,
  count: number,
  role: "organic" | "background",
): Planned[] {
  const enrolment = [1850, 1420, 1260, 1600, 880, 720, 610, 920, 186, 143, 38, 295];
  const total = enrolment.reduce((a, b) => a + b, 0);
  const pushes = enrolment.map((students) =>
    Array.from({ length: Math.ceil(students / 45) }, () => 30 + random() * 150),
  );
  const carrierNat = Array.from({ length: 40 }, (_, i) => `100.72.${i}.1`);
  const planned: Planned[] = [];
  let parents = 0;
  const pickSchool = () => {
    let r = random() * total;
    for (let i = 0; i < enrolment.length; i++) {
      r -= enrolment[i] as number;
      if (r <= 0) return i;
    }
    return enrolment.length - 1;
  };
  while (parents < count) {
    const school = pickSchool();
    const channel = seeded.setup.schoolChannels[school];
    if (!channel) throw new Error("school channel missing");
    const classes = pushes[school] as number[];
    const push = classes[Math.floor(random() * classes.length)] as number;
    const minutes =
      random() < 0.8
        ? Math.min(299, push - 40 * Math.log(Math.max(random(), 1e-9)))
        : random() * 300;
    const ip =
      random() < 0.33
        ? (carrierNat[Math.floor(random() * 40)] as string)
        : `${1 + Math.floor(random() * 220)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
    const deviceToken = randomUUID();
    const sheet = () =>
      parentSheet(random, { channelSchool: seeded.schoolCodes[school] as string });
    const duration = () =>
      random() < 0.05 ? logNormal(random, 70, 0.35) : logNormal(random, 150, 0.45);
    planned.push({
      role,
      at: at(minutes),
      channel: channel.token,
      answers: sheet(),
      durationSeconds: duration(),
      ip,
      deviceToken,
    });
    parents += 1;
    if (random() < 1 / 30 && parents < count) {
      planned.push({
        role,
        at: at(Math.min(299.9, minutes + 2 + random() * 5)),
        channel: channel.token,
        answers: sheet(),
        durationSeconds: duration(),
        ip,
        deviceToken,
      });
      parents += 1;
    }
  }
  return planned;
}

/** One phone, 200 near-identical sheets in 20 minutes: one changed answer each time. */
function onePhone(seeded: SeededCampaign, random: () => number): Planned[] {
  const channel = seeded.setup.schoolChannels[3];
  if (!channel) throw new Error("school channel missing");
  const base = parentSheet(random, { channelSchool: seeded.schoolCodes[3] as string });
  const options = ["satisfied", "basically_satisfied"];
  const items = ["sat_nearby_enrolment", "sat_facility_gap", "sat_teacher_gap"];
  const deviceToken = randomUUID();
  return Array.from({ length: 200 }, (_, i) => ({
    role: "phone" as const,
    at: at(130 + i * 0.1),
    channel: channel.token,
    answers: {
      ...base,
      [items[i % 3] as string]: options[Math.floor(random() * 2)],
      sat_overall: "satisfied",
    },
    durationSeconds: 35 + random() * 20,
    ip: "223.104.3.77",
    deviceToken,
  }));
}

/**
 * A script sending 10 a second for three minutes from one address through the
 * district link, with fresh device tokens, varied answers and plausible
 * answer times: nothing but its rate gives it away.
 */
function script(seeded: SeededCampaign, random: () => number): Planned[] {
  const district = seeded.setup.districtChannels[0];
  if (!district) throw new Error("district channel missing");
  return Array.from({ length: 1800 }, (_, i) => {
    const school = seeded.schoolCodes[Math.floor(random() * 12)] as string;
    return {
      role: "script" as const,
      at: at(200 + i / 600),
      channel: district.token,
      answers: parentSheet(random, { channelSchool: "", school, commentRate: 0 }),
      durationSeconds: 90 + random() * 200,
      ip: "47.96.12.200",
      deviceToken: randomUUID(),
    };
  });
}

/** 25 speeders across the evening: 5 to 18 seconds for the whole questionnaire. */
function speeders(seeded: SeededCampaign, random: () => number): Planned[] {
  return Array.from({ length: 25 }, (_, i) => {
    const school = i % 12;
    return {
      role: "speeder" as const,
      at: at(20 + i * 11),
      channel: seeded.setup.schoolChannels[school]?.token as string,
      answers: parentSheet(random, { channelSchool: seeded.schoolCodes[school] as string }),
      durationSeconds: 5 + random() * 13,
      ip: `58.20.${i}.9`,
      deviceToken: randomUUID(),
    };
  });
}

/** One answer sheet, comment and all, copied by 30 phones of one school within 25 minutes. */
function copiedSheet(seeded: SeededCampaign, random: () => number): Planned[] {
  const answers = {
    ...parentSheet(random, { channelSchool: seeded.schoolCodes[5] as string }),
    sat_overall: "satisfied",
    comment: "学校办学条件明显改善，老师认真负责，我们非常满意。",
  };
  return Array.from({ length: 30 }, (_, i) => ({
    role: "copied" as const,
    at: at(160 + i * 0.8 + random() * 0.5),
    channel: seeded.setup.schoolChannels[5]?.token as string,
    answers,
    durationSeconds: 60 + random() * 120,
    ip: `36.${110 + i}.${Math.floor(random() * 256)}.${1 + i}`,
    deviceToken: randomUUID(),
  }));
}

const expected: Record<Exclude<Role, "organic" | "background">, FlagKind> = {
  phone: "repeat_device",
  script: "burst_ip",
  speeder: "too_fast",
  copied: "identical_cluster",
};

describe.each(availableDbKinds())("integrity scenarios on %s", (kind) => {
  let clock = at(-60);
  const window = { schools: 12, opensAt: at(-24 * 60), closesAt: at(7 * 24 * 60) };
  const ctx = useSeededApp(kind, {
    config: { trustProxy: true },
    now: () => clock,
    seed: window,
  });
  const { seeded } = ctx;
  let organic: SeededCampaign;
  const outcomes: (Planned & {
    id: string;
    status: number;
    retryAfter: string | null;
    body: string;
  })[] = [];
  let report: IntegrityReport;

  beforeAll(async () => {
    organic = await seedCampaign(ctx.db, window);
    const random = seededRandom(61);
    const plan = [
      ...organicEvening(organic, random, 2000, "organic"),
      ...organicEvening(seeded, random, 600, "background"),
      ...onePhone(seeded, random),
      ...script(seeded, random),
      ...speeders(seeded, random),
      ...copiedSheet(seeded, random),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const p of plan) {
      const result = await submitAt(ctx.app, (t) => (clock = t), p);
      outcomes.push({ ...p, ...result });
    }
    clock = at(320);
    const admin = await signedIn(ctx.app, ctx.db, {
      username: "inspector",
      role: "admin",
      displayName: "督导室",
    });
    const res = await admin.request(`/api/campaigns/${seeded.campaignId}/integrity`);
    expect(res.status).toBe(200);
    report = (await res.json()) as IntegrityReport;
  }, 600_000);

  /** Flag kinds per stored response, from the admin's paged flag list. */
  async function flagKindsById(campaign: SeededCampaign): Promise<Map<string, FlagKind[]>> {
    const admin = await signedIn(ctx.app, ctx.db, {
      username: `reader-${randomUUID().slice(0, 8)}`,
      role: "admin",
      displayName: "督导室",
    });
    const kinds = new Map<string, FlagKind[]>();
    for (let offset = 0; ; offset += 1000) {
      const res = await admin.request(
        `/api/campaigns/${campaign.campaignId}/integrity/flags?limit=1000&offset=${offset}`,
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as {
        total: number;
        responses: { responseId: string; flags: { kind: FlagKind }[] }[];
      };
      for (const r of page.responses)
        kinds.set(
          r.responseId,
          r.flags.map((f) => f.kind),
        );
      if (offset + 1000 >= page.total) return kinds;
    }
  }

  it("every organic and phone submission is accepted, and none is rate-limited", () => {
    expect(outcomes.filter((o) => o.role === "phone" && o.status !== 200)).toEqual([]);
    const parents = outcomes.filter((o) => o.role === "organic");
    expect(parents).toHaveLength(2000);
    expect(parents.filter((o) => o.status !== 200)).toEqual([]);
    expect(outcomes.filter((o) => o.role === "background" && o.status !== 200)).toEqual([]);
  });

  it("the script is slowed to 40 a minute, each refusal a 429 with Retry-After", () => {
    const sent = outcomes.filter((o) => o.role === "script");
    const accepted = sent.filter((o) => o.status === 200);
    const limited = sent.filter((o) => o.status === 429);
    expect(accepted.length + limited.length).toBe(1800);
    // Three minutes, at most four fixed minute windows touched: 120 to 160 through.
    expect(accepted.length).toBeGreaterThanOrEqual(120);
    expect(accepted.length).toBeLessThanOrEqual(160);
    for (const o of limited.slice(0, 50)) {
      const seconds = Number(o.retryAfter);
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(60);
      expect(JSON.parse(o.body)).toMatchObject({ error: { code: "rate_limited" } });
      expect(JSON.parse(o.body).error.message).toMatch(/提交过于频繁.*Too many submissions/);
    }
  });

  it("every attack response is flagged, with the flag its attack should raise", async () => {
    const kinds = await flagKindsById(seeded);
    for (const role of ["phone", "script", "speeder", "copied"] as const) {
      const stored = outcomes.filter((o) => o.role === role && o.status === 200);
      expect(stored.length).toBeGreaterThan(0);
      const missing = stored.filter((o) => !(kinds.get(o.id) ?? []).includes(expected[role]));
      expect({ role, missing: missing.length }).toEqual({ role, missing: 0 });
    }
    // The phone is a burst too, from its address and on its school's link.
    const phone = outcomes.filter((o) => o.role === "phone");
    expect(phone.every((o) => kinds.get(o.id)?.includes("burst_ip"))).toBe(true);
    expect(phone.every((o) => kinds.get(o.id)?.includes("burst_channel"))).toBe(true);
  });

  it("under 2 % of the organic evening's responses are flagged", async () => {
    const kinds = await flagKindsById(organic);
    const parents = outcomes.filter((o) => o.role === "organic");
    const flagged = parents.filter((o) => (kinds.get(o.id) ?? []).length > 0);
    const share = flagged.length / parents.length;
    const byKind = new Map<string, number>();
    for (const o of flagged)
      for (const k of new Set(kinds.get(o.id))) byKind.set(k, (byKind.get(k) ?? 0) + 1);
    // Printed so a change of threshold shows its cost.
    process.stdout.write(
      `[integrity] ${kind}: ${flagged.length} of ${parents.length} organic responses flagged (${(share * 100).toFixed(2)} %): ${JSON.stringify(Object.fromEntries(byKind))}\n`,
    );
    expect(share).toBeLessThan(0.02);
  });

  it("among the attacks, ordinary parents are flagged only where they shared a flooded link's minutes", async () => {
    const kinds = await flagKindsById(seeded);
    const background = outcomes.filter((o) => o.role === "background");
    const flagged = background.filter((o) => (kinds.get(o.id) ?? []).length > 0);
    const other = flagged.filter((o) => (kinds.get(o.id) ?? []).some((k) => k !== "burst_channel"));
    process.stdout.write(
      `[integrity] ${kind}: ${flagged.length} of ${background.length} parents beside the attacks flagged, ${other.length} for another reason than a link burst\n`,
    );
    expect(other.length / background.length).toBeLessThan(0.02);
  });

  it("the report counts the flags per kind, school and link, and marks the bursts in the timeline", () => {
    const byKind = Object.fromEntries(report.byKind.map((k) => [k.kind, k.responses]));
    expect(byKind.repeat_device).toBeGreaterThanOrEqual(200);
    expect(byKind.identical_cluster).toBeGreaterThanOrEqual(30);
    expect(byKind.too_fast).toBeGreaterThanOrEqual(25);
    const stored = outcomes.filter((o) => o.role !== "organic" && o.status === 200).length;
    expect(report.totals.responses).toBe(stored);

    const phoneSchool = seeded.setup.schools[3]?.id;
    const school = report.bySchool.find((s) => s.schoolId === phoneSchool);
    expect(school?.byKind.repeat_device).toBe(200);
    const timeline = report.timeline.schools.find((s) => s.schoolId === phoneSchool);
    // The phone's 20 minutes (20:10–20:30) in 10-minute buckets, and a neighbour on either
    // side sharing a flooded window (the script's sheets naming this school burst later on).
    const inAttack = (b: { start: Date }) => {
      const t = Date.parse(String(b.start));
      return t >= at(120).getTime() && t < at(160).getTime();
    };
    const burstBuckets = timeline?.buckets.filter((b) => b.burst > 0 && inAttack(b)) ?? [];
    expect(burstBuckets.length).toBeGreaterThanOrEqual(2);
    expect(burstBuckets.length).toBeLessThanOrEqual(4);
    expect(burstBuckets.reduce((n, b) => n + b.burst, 0)).toBeGreaterThanOrEqual(200);

    const copiedCluster = report.clusters.find((c) => c.kind === "identical_cluster");
    expect(copiedCluster?.size).toBe(30);
    const district = seeded.setup.districtChannels[0]?.id;
    const scriptLink = report.byChannel.find((c) => c.channelId === district);
    expect(scriptLink?.byKind.burst_ip).toBe(
      outcomes.filter((o) => o.role === "script" && o.status === 200).length,
    );
  });
});
