/**
 * Schools the coefficients leave out over HTTP (docs/assessment.md, Schools left out and edge
 * cases): under 2012 private schools, schools not run by the county and teaching points, each
 * listed with its reason; under 2017 only teaching points under 50 pupils of these.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

interface LeftOut {
  schoolId: string;
  level: string;
  reason: string;
}

const schools = [
  // code, name, students, ownership, operator, kind
  ["E01", "城关小学", 600, "公办", "县（区）属", "普通学校"],
  ["E02", "城南小学", 450, "公办", "县（区）属", "普通学校"],
  ["E03", "民办育才小学", 500, "民办", "县（区）属", "普通学校"],
  ["E04", "师范大学附属小学", 700, "公办", "高校附属", "普通学校"],
  ["E05", "北坡教学点", 38, "公办", "县（区）属", "教学点"],
  ["E06", "南山教学点", 64, "公办", "县（区）属", "教学点"],
] as const;

function importCsv(): string {
  const header =
    "学校代码,学校名称,乡镇（街道）,城乡类型,学段,小学在校生数,办学性质,举办者,学校类别";
  return [
    header,
    ...schools.map(
      ([code, name, n, o, op, k]) => `${code},${name},城关街道,城区,小学,${n},${o},${op},${k}`,
    ),
  ].join("\n");
}

async function setUp(who: SignedIn, campaignId: number): Promise<void> {
  const imported = await who.request(`/api/campaigns/${campaignId}/schools/import`, {
    method: "POST",
    headers: { "content-type": "text/csv" },
    body: importCsv(),
  });
  expect(imported.status).toBe(200);
  // Books per pupil differ, so every coefficient has something to measure.
  const rows = schools.map(([code, , students], i) => ({
    schoolCode: code,
    schoolYear: "2025-2026",
    level: "primary",
    students,
    resources: { books: students * (20 + 3 * i), equipment_value: students * (1800 + 90 * i) },
  }));
  const put = await who.request(`/api/campaigns/${campaignId}/school-indicators`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rows }),
  });
  expect(put.status).toBe(200);
}

describe.each(availableDbKinds())("schools left out of the coefficients on %s", (kind) => {
  const basic = useSeededApp(kind, {
    seed: { schools: 1 },
    accounts: { admin: { role: "admin" } },
  });

  describe("basic_2012", () => {
    beforeAll(async () => setUp(basic.accounts.admin, basic.seeded.campaignId));

    it("leaves out the private school, the university's school and both teaching points, saying why", async () => {
      const { admin } = basic.accounts;
      const id = basic.seeded.campaignId;
      const cvs = (await (
        await admin.request(`/api/campaigns/${id}/difference-coefficients`)
      ).json()) as {
        leftOut: LeftOut[];
        levels: {
          level: string;
          indicators: {
            indicatorId: string;
            coefficient: { schools: { schoolId: string }[]; excluded: LeftOut[] };
          }[];
        }[];
      };
      const books = cvs.levels[0]?.indicators.find((i) => i.indicatorId === "books");
      expect(books?.coefficient.schools.map((s) => s.schoolId)).toEqual(["E01", "E02"]);
      expect(books?.coefficient.excluded).toEqual([
        { schoolId: "E03", reason: "private" },
        { schoolId: "E04", reason: "non_county" },
        { schoolId: "E05", reason: "teaching_point" },
        { schoolId: "E06", reason: "teaching_point" },
      ]);
      const readiness = (await (await admin.request(`/api/campaigns/${id}/readiness`)).json()) as {
        details: { leftOut: LeftOut[]; exclusions: Record<string, unknown> };
      };
      expect(readiness.details.leftOut).toEqual([
        { schoolId: "E03", level: "primary", reason: "private" },
        { schoolId: "E04", level: "primary", reason: "non_county" },
        { schoolId: "E05", level: "primary", reason: "teaching_point" },
        { schoolId: "E06", level: "primary", reason: "teaching_point" },
      ]);
      expect(readiness.details.exclusions).toMatchObject({
        excludePrivate: true,
        excludeNonCounty: true,
        excludeAllTeachingPoints: true,
      });
    });

    it("follows a province that keeps private schools", async () => {
      const { admin } = basic.accounts;
      const id = basic.seeded.campaignId;
      const saved = await admin.request(`/api/campaigns/${id}/assessment-settings`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          disabledEnrolmentRate: null,
          schemeOverrides: { exclusions: { excludePrivate: false } },
        }),
      });
      expect(saved.status).toBe(200);
      const readiness = (await (await admin.request(`/api/campaigns/${id}/readiness`)).json()) as {
        details: { leftOut: LeftOut[] };
      };
      expect(readiness.details.leftOut.map((s) => s.schoolId)).toEqual(["E04", "E05", "E06"]);
    });
  });

  describe("quality_2017", () => {
    const quality = useSeededApp(kind, {
      seed: { schools: 1, scheme: "quality_2017" },
      accounts: { admin: { role: "admin" } },
    });
    beforeAll(async () => setUp(quality.accounts.admin, quality.seeded.campaignId));

    it("keeps private and non-county schools and the teaching point of 64 pupils", async () => {
      const { admin } = quality.accounts;
      const readiness = (await (
        await admin.request(`/api/campaigns/${quality.seeded.campaignId}/readiness`)
      ).json()) as { details: { leftOut: LeftOut[] } };
      expect(readiness.details.leftOut).toEqual([
        { schoolId: "E05", level: "primary", reason: "teaching_point" },
      ]);
    });
  });
});
