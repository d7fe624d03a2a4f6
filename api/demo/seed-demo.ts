import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, RespondentGroup } from "../db/database.ts";
import { countCampaigns } from "../campaigns/index.ts";
import { type NewResponse, insertResponses } from "../responses/index.ts";
import { insertVisits } from "../visits/index.ts";
import { contentHash } from "../responses/index.ts";
import { demoDistrictRow, hasRealDistrict } from "../districts/index.ts";
import { questionnairesForScheme } from "../questionnaires/index.ts";
import { type CampaignSetup, type ChannelRef, setUpCampaign } from "./campaign-setup.ts";
import { type DemoAdmin, replaceDemoAdmin } from "./demo-admin.ts";
import { seedDemoAssessment } from "./demo-assessment.ts";
import { demoDistrict } from "./demo-district.ts";
import { demoVisits } from "./demo-visits.ts";
import { seededRandom, weighted } from "./random.ts";
import { type AnswerProfile, answerGenerator } from "./synthetic-answers.ts";

const day = 24 * 3600 * 1000;

/** Evening-heavy arrival: most parents answer after the school pushes the link at night. */
function arrivalTime(random: () => number, opensAt: Date, now: Date): Date {
  const days = Math.max(1, Math.floor((now.getTime() - opensAt.getTime()) / day));
  // Always three draws, whatever the time of day: the rest of the demo (who answered, through
  // which link) must not depend on the hour it was seeded at.
  const d = Math.floor(random() * days);
  const evening = random() < 0.7;
  const hour = evening ? 19 + random() * 3 : 7 + random() * 12;
  const base = new Date(opensAt.getTime() + d * day);
  base.setHours(0, 0, 0, 0);
  let at = new Date(base.getTime() + hour * 3600 * 1000);
  // Before the opening on the first day: the same hour a day later (still before now, as the
  // demo has been open for days).
  if (at <= opensAt) at = new Date(at.getTime() + day);
  return at < now ? at : new Date(now.getTime() - 60_000);
}

/** A large town school whose parents are slow to answer, so the demo shows a school behind. */
const slowSchoolIndex = 3;

function profileFor(schoolIndex: number): AnswerProfile {
  // Two rural schools trail the rest, so the demo has something to find.
  const lagging = schoolIndex === 9 || schoolIndex === 10;
  return {
    satisfaction: lagging
      ? {
          satisfied: 0.45,
          basically_satisfied: 0.3,
          fairly_satisfied: 0.1,
          dissatisfied: 0.2,
          unknown: 0.05,
        }
      : {
          satisfied: 0.68,
          basically_satisfied: 0.2,
          fairly_satisfied: 0.12,
          dissatisfied: 0.06,
          unknown: 0.04,
        },
    commentRate: 0.15,
    comments: demoDistrict.comments,
  };
}

export interface DemoResult {
  setup: CampaignSetup;
  responses: number;
  /** The demo admin's login, to print once; a previous demo admin is replaced. */
  admin: DemoAdmin;
}

/**
 * The demo district: open for the past five days and the next three weeks,
 * with a few hundred synthetic responses, mostly from parents via school posters.
 */
export async function seedDemo(
  db: Kysely<Database>,
  now = new Date(),
  count = 420,
): Promise<DemoResult> {
  const opensAt = new Date(now.getTime() - 5 * day);
  const district = await demoDistrictRow(db, {
    name: demoDistrict.district,
    level: "district",
    province: demoDistrict.province,
    city: demoDistrict.city,
    bureauName: demoDistrict.bureauName,
  });
  const setup = await setUpCampaign(db, {
    name: demoDistrict.name,
    scheme: "basic_2012",
    districtId: district.id,
    district: district.name,
    contactLine: demoDistrict.contactLine,
    residentPopulation: demoDistrict.residentPopulation,
    opensAt,
    closesAt: new Date(now.getTime() + 21 * day),
    status: "open",
    isDemo: true,
    schools: [...demoDistrict.schools],
  });
  const generators = new Map(
    questionnairesForScheme("basic_2012").map((f) => [
      f.key,
      answerGenerator(f.survey, new Set(f.itemRoles.satisfaction ?? [])),
    ]),
  );
  const random = seededRandom(20261129);
  const [districtSocial, districtStaff, deputies] = setup.districtChannels;
  if (!districtSocial || !districtStaff || !deputies) throw new Error("demo channels missing");

  const rows: NewResponse[] = [];
  for (let i = 0; i < count; i++) {
    const route = weighted(random, { poster: 0.62, district: 0.18, staff: 0.14, deputy: 0.06 });
    const schoolIndex = Math.floor(random() * setup.schools.length);
    const school = setup.schools[schoolIndex];
    if (!school) continue;
    const slow = random() < 0.75;
    if (slow && route === "poster" && schoolIndex === slowSchoolIndex) continue;
    const channel: ChannelRef =
      route === "poster"
        ? (setup.schoolChannels[schoolIndex] ?? districtSocial)
        : route === "district"
          ? districtSocial
          : route === "staff"
            ? districtStaff
            : deputies;
    const generate = generators.get(channel.questionnaireKey);
    if (!generate) continue;
    const channelSchool = channel.schoolId === null ? "" : school.code;
    const fixed: Record<string, unknown> = { school: school.code };
    if (route === "poster" || route === "district") {
      fixed.identity = weighted(random, { parent: 0.85, resident: 0.12, cppcc_member: 0.03 });
    }
    const answers = generate(
      { presetGroup: channel.presetGroup ?? "", channelSchool },
      fixed,
      profileFor(schoolIndex),
      random,
    );
    const group = (channel.presetGroup ?? answers.identity) as RespondentGroup | undefined;
    if (!group) continue;
    const completedAt = arrivalTime(random, opensAt, now);
    const duration = 70 + random() * 360;
    const startedAt = new Date(completedAt.getTime() - duration * 1000);
    const id = randomUUID();
    const hasSchool = channel.schoolId !== null || typeof answers.school === "string";
    rows.push({
      id,
      campaignId: setup.campaignId,
      channelId: channel.id,
      questionnaireId: channel.questionnaireId,
      schoolId: hasSchool ? school.id : null,
      respondentGroup: group,
      answers,
      startedAt,
      completedAt,
      durationSeconds: duration,
      pageSeconds: {},
      locale: random() < 0.97 ? "zh-cn" : "en",
      browserFamily: random() < 0.86 ? "wechat" : "safari",
      ipHash: null,
      deviceToken: randomUUID(),
      contentHash: contentHash({ id, answers }),
      receivedAt: new Date(completedAt.getTime() + 300 + random() * 2000),
    });
  }
  await insertResponses(db, rows);
  const pages = new Map(
    questionnairesForScheme("basic_2012").map((f) => [
      setup.questionnaireIds[f.key],
      Array.isArray(f.survey.pages) ? f.survey.pages.length : 1,
    ]),
  );
  // A generator of its own: the responses above stay exactly as they were.
  const visitRandom = seededRandom(20261130);
  await insertVisits(
    db,
    demoVisits(rows, (id) => pages.get(id) ?? 1, opensAt, visitRandom),
  );
  await seedDemoAssessment(db, setup);
  const admin = await replaceDemoAdmin(db, district.id);
  return { setup, responses: rows.length, admin };
}

/**
 * Seeds the demo only on a database with no campaign and no bureau of its own: a district set
 * up through the setup link (before its first campaign) must not meet a demo on restart.
 */
export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<DemoResult | undefined> {
  if ((await countCampaigns(db)) > 0 || (await hasRealDistrict(db))) return undefined;
  return seedDemo(db);
}
