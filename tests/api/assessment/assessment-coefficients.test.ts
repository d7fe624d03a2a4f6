import { beforeAll, describe, expect, it } from "vitest";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

/**
 * The published fixture (docs/assessment.md, Published figures to test against): five primary
 * schools, their students and books.
 */
const fixture = [
  { code: "P1", students: 45, books: 279 },
  { code: "P2", students: 37, books: 137 },
  { code: "P3", students: 89, books: 935 },
  { code: "P4", students: 76, books: 160 },
  { code: "P5", students: 55, books: 402 },
];

interface Included {
  schoolId: string;
  varianceShare: number;
}
interface Coefficients {
  schoolYear: string | null;
  levels: {
    level: string;
    indicators: {
      indicatorId: string;
      value: number | null;
      coefficient: { status: string; cv?: number; schools: Included[]; excluded: unknown[] };
      topContributors: Included[];
    }[];
  }[];
  withoutData: string[];
}

describe.each(availableDbKinds())("difference coefficients over HTTP on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 2 },
    accounts: {
      admin: { role: "admin" },
      viewer: { role: "viewer" },
      publicity: { role: "publicity" },
      school: { role: "school", school: 0 },
    },
  });
  const { seeded } = ctx;
  const { admin, viewer, publicity, school } = ctx.accounts;

  beforeAll(async () => {
    const csv = [
      "学校代码,学校名称,乡镇（街道）,城乡类型,学段,小学在校生数",
      ...fixture.map((s) => `${s.code},测试小学${s.code},城关街道,城区,小学,${s.students}`),
    ].join("\n");
    const res = await admin.request(`/api/campaigns/${seeded.campaignId}/schools/import`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: csv,
    });
    expect(res.status).toBe(200);
  });

  const url = (rest = "") => `/api/campaigns/${seeded.campaignId}${rest}`;
  const put = (who: SignedIn, body: unknown) =>
    who.request(url("/school-indicators"), {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const rows = fixture.map((s) => ({
    schoolCode: s.code,
    schoolYear: "2025-2026",
    level: "primary",
    students: s.students,
    resources: { books: s.books },
    source: "教育事业统计",
  }));

  it("lets admins store figures and refuses publicity, school and viewer writes", async () => {
    expect((await put(publicity, { rows })).status).toBe(403);
    expect((await put(school, { rows })).status).toBe(403);
    expect((await put(viewer, { rows })).status).toBe(403);
    const res = await put(admin, { rows });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ saved: 5 });
    const list = await viewer.request(url("/school-indicators"));
    expect(list.status).toBe(200);
    const body = (await list.json()) as { schoolYear: string; rows: { schoolCode: string }[] };
    expect(body.schoolYear).toBe("2025-2026");
    expect(body.rows.map((r) => r.schoolCode)).toEqual(["P1", "P2", "P3", "P4", "P5"]);
    expect((await publicity.request(url("/school-indicators"))).status).toBe(403);
    expect((await school.request(url("/difference-coefficients"))).status).toBe(403);
  });

  it("reproduces the published student-weighted CV 0.51526 for the five schools' books", async () => {
    const res = await viewer.request(url("/difference-coefficients"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Coefficients;
    const primary = body.levels.find((l) => l.level === "primary");
    const books = primary?.indicators.find((i) => i.indicatorId === "books");
    expect(books?.coefficient.status).toBe("ok");
    expect(books?.coefficient.cv).toBeCloseTo(0.51526, 5);
    // Neither unweighted answer.
    expect(Math.abs((books?.coefficient.cv ?? 0) - 0.4888)).toBeGreaterThan(0.01);
    expect(Math.abs((books?.coefficient.cv ?? 0) - 0.5465)).toBeGreaterThan(0.01);
    expect(books?.coefficient.schools.map((s) => s.schoolId).sort()).toEqual([
      "P1",
      "P2",
      "P3",
      "P4",
      "P5",
    ]);
    const shares = books?.coefficient.schools.reduce((a, s) => a + s.varianceShare, 0);
    expect(shares).toBeCloseTo(1, 10);
    // P3 (10.5 books per student against a mean of 6.5) pushes the CV up most.
    expect(books?.topContributors[0]?.schoolId).toBe("P3");
    // Seeded schools without figures are named, not counted.
    expect(body.withoutData).toContain(seeded.schoolCodes[0]);
    // An indicator with no figures at all is undefined, never 0 or NaN.
    const floor = primary?.indicators.find((i) => i.indicatorId === "floor_area");
    expect(floor?.coefficient.status).toBe("undefined");
    expect(floor?.value).toBeNull();
  });

  it("answers the what-if at the county mean and at a given value", async () => {
    const atMean = await admin.request(
      url("/difference-coefficients/what-if?indicator=books&school=P3"),
    );
    expect(atMean.status).toBe(200);
    const mean = (await atMean.json()) as {
      before: { cv: number };
      after: { cv: number };
      change: number;
      toResource: number;
    };
    expect(mean.before.cv).toBeCloseTo(0.51526, 5);
    expect(mean.after.cv).toBeLessThan(mean.before.cv);
    expect(mean.change).toBeCloseTo(mean.after.cv - mean.before.cv, 12);
    // Σ R / N = 1913 / 302 books per student, times P3's 89 students.
    expect(mean.toResource).toBeCloseTo((89 * 1913) / 302, 9);
    const given = await admin.request(
      url("/difference-coefficients/what-if?indicator=books&school=P2&value=400"),
    );
    expect(given.status).toBe(200);
    expect(((await given.json()) as { toResource: number }).toResource).toBe(400);
    for (const bad of [
      "indicator=books",
      "indicator=books&school=P3&value=-1",
      "indicator=books&school=P3&value=abc",
      "indicator=books&school=P3&extra=1",
    ]) {
      const res = await admin.request(url(`/difference-coefficients/what-if?${bad}`));
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_query");
    }
    const unknown = await admin.request(
      url("/difference-coefficients/what-if?indicator=nope&school=P3"),
    );
    expect(unknown.status).toBe(404);
    const outside = await admin.request(
      url(`/difference-coefficients/what-if?indicator=books&school=${seeded.schoolCodes[0]}`),
    );
    expect(outside.status).toBe(404);
  });

  it("refuses malformed and unknown figures whole, with row numbers", async () => {
    const before = await (await admin.request(url("/school-indicators"))).json();
    const bad = [
      { rows: [{ ...rows[0], resources: { books: -3 } }] },
      { rows: [{ ...rows[0], schoolYear: "2025-2027" }] },
      { rows: [] },
      { rows: [{ ...rows[0], extra: 1 }] },
      "{not json",
    ];
    for (const body of bad) {
      const res = await put(admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const unknown = await put(admin, {
      rows: [
        { ...rows[0], resources: { books: 300 } },
        { ...rows[1], schoolCode: "NOPE" },
        { ...rows[2], resources: { unicorns: 3 } },
      ],
    });
    expect(unknown.status).toBe(422);
    const error = (await unknown.json()) as {
      error: { code: string; details: { line: number; column: string }[] };
    };
    expect(error.error.code).toBe("invalid_rows");
    expect(error.error.details.map((d) => d.line)).toEqual([3]);
    const unknownSchool = await put(admin, {
      rows: [
        { ...rows[0], resources: { books: 300 } },
        { ...rows[1], schoolCode: "NOPE" },
      ],
    });
    expect(unknownSchool.status).toBe(422);
    const detail = (await unknownSchool.json()) as { error: { details: { line: number }[] } };
    expect(detail.error.details.map((d) => d.line)).toEqual([2]);
    // Nothing of the refused edits was stored: P1 still has 279 books.
    expect(await (await admin.request(url("/school-indicators"))).json()).toEqual(before);
  });

  it("imports a CSV, reporting every bad line and storing nothing when one is bad", async () => {
    const header = "学校代码,学年,学段,在校生数,图书册数,数据来源";
    const badCsv = [
      header,
      "P1,2025-2026,小学,45,280,教育事业统计",
      "P2,2025-2026,大学,37,137,",
      "P9,2025-2026,小学,30,100,",
      "P4,2025-2026,小学,76,很多,",
    ].join("\n");
    const refused = await admin.request(url("/school-indicators/import"), {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: badCsv,
    });
    expect(refused.status).toBe(422);
    const errors = (await refused.json()) as {
      error: { details: { line: number; column: string | null }[] };
    };
    expect(errors.error.details.map((d) => [d.line, d.column])).toEqual([
      [3, "学段"],
      [5, "图书册数"],
    ]);
    const goodCsv = [header, "P1,2025-2026,小学,45,279,教育事业统计"].join("\n");
    const ok = await admin.request(url("/school-indicators/import"), {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: goodCsv,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ saved: 1, total: 1 });
    const unknownSchool = await admin.request(url("/school-indicators/import"), {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: [header, "P1,2025-2026,小学,45,279,", "P9,2025-2026,小学,30,100,"].join("\n"),
    });
    expect(unknownSchool.status).toBe(422);
    const u = (await unknownSchool.json()) as { error: { details: { line: number }[] } };
    expect(u.error.details.map((d) => d.line)).toEqual([3]);
    const wrongType = await admin.request(url("/school-indicators/import"), {
      method: "POST",
      headers: { "content-type": "application/pdf" },
      body: "%PDF-1.4",
    });
    expect(wrongType.status).toBe(415);
    const notXlsx = await admin.request(url("/school-indicators/import"), {
      method: "POST",
      headers: {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      },
      body: "not a workbook",
    });
    expect(notXlsx.status).toBe(400);
  });

  it("serves templates that import back", async () => {
    const csv = await viewer.request("/api/school-indicators/template.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment/);
    const raw = new Uint8Array(await csv.arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(raw).startsWith("学校代码,学年,学段")).toBe(true);
    const xlsx = await viewer.request("/api/school-indicators/template.xlsx");
    expect(xlsx.status).toBe(200);
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    // The template's example row names DS001, a school of this campaign.
    const imported = await admin.request(url("/school-indicators/import"), {
      method: "POST",
      headers: {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      },
      body: bytes,
    });
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as { saved: number }).saved).toBe(1);
    expect((await publicity.request("/api/school-indicators/template.csv")).status).toBe(403);
  });
});
