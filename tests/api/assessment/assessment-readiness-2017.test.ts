/**
 * Readiness of a quality_2017 campaign over HTTP (docs/assessment.md, The 2017 method in full):
 * every criterion of the method with a status, figures and yes/no entered through the checklist,
 * the per-school minimums with their 85 % rule, and the Ningguo 2022 coefficients failing.
 */
import { describe, expect, it } from "vitest";
import { quality2017 } from "../../../analysis/assessment/index.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

interface Criterion {
  criterion: string;
  kind: string;
  status: "pass" | "fail" | "unknown";
  margin?: number;
  holders: string[];
  holderKind: string;
  note?: string;
  basis?: string;
  label?: { zh: string; en: string };
  levels?: { level: string; floor: number | null; threshold: number; status: string }[];
  belowFloor?: { schoolId: string; attainment: number }[];
}
interface Readiness {
  schemeId: string;
  status: string;
  criteria: Criterion[];
}

const indicators = Object.entries(quality2017.indicators);
const standards = quality2017.schoolStandard.indicators;
/** Ningguo 2022 primary CVs (2017 method), in the scheme's indicator order. */
const ningguo = [0.677, 0.674, 0.618, 0.519, 0.597, 0.167, 0.759];

/**
 * A primary school's figures for 100 pupils at `factors[k]` times each indicator's per-school
 * minimum (1: exactly on it).
 */
function figures(factors: readonly number[]): Record<string, number> {
  const resources: Record<string, number> = {};
  indicators.forEach(([id, indicator], k) => {
    const floor = standards[id]?.threshold.primary ?? 0;
    resources[indicator.resource] = ((floor * 100) / indicator.scale) * (factors[k] ?? 1);
  });
  return resources;
}

describe.each(availableDbKinds())("readiness of a quality_2017 campaign on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 3, scheme: "quality_2017" },
    accounts: { admin: { role: "admin" }, viewer: { role: "viewer" } },
  });
  const { seeded } = ctx;
  const { admin, viewer } = ctx.accounts;
  const url = (rest = "") => `/api/campaigns/${seeded.campaignId}${rest}`;
  const send = (who: SignedIn, method: string, path: string, body: unknown) =>
    who.request(url(path), {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const readiness = async () => {
    const res = await viewer.request(url("/readiness"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Readiness;
    return { body, by: new Map(body.criteria.map((c) => [c.criterion, c])) };
  };
  /** The seeded primary schools DS001 and DS003, 100 pupils each. */
  const putFigures = (a: Record<string, number>, b: Record<string, number>) =>
    send(admin, "PUT", "/school-indicators", {
      rows: [
        ["DS001", a],
        ["DS003", b],
      ].map(([schoolCode, resources]) => ({
        schoolCode,
        schoolYear: "2025-2026",
        level: "primary",
        students: 100,
        resources,
      })),
    });

  it("lists the application conditions, the 6 + 1 vetoes, 9 quality items, 15 guarantee items and the 7 resource indicators with per-school minimums, each with a status", async () => {
    const { body } = await readiness();
    expect(body.schemeId).toBe("quality_2017");
    const ids = body.criteria.map((c) => c.criterion);
    const count = (prefix: string) => ids.filter((id) => id.startsWith(prefix)).length;
    expect(count("application:")).toBe(2);
    expect(count("veto:")).toBe(7);
    expect(count("quality:")).toBe(9);
    expect(count("guarantee:")).toBe(15);
    expect(ids.filter((id) => id.startsWith("resource:"))).toEqual(
      indicators.map(([id]) => `resource:${id}`),
    );
    expect(ids).toContain("school_standards");
    expect(ids).not.toContain("three_growths");
    for (const c of body.criteria) {
      expect(["pass", "fail", "unknown"]).toContain(c.status);
      // Every criterion that is an item or an indicator names itself in Chinese and English.
      if (c.criterion !== "school_standards") {
        expect(c.label?.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(c.label?.en).toMatch(/[A-Za-z]/);
      }
    }
    const floor = body.criteria.find((c) => c.criterion === "resource:floor_area");
    expect(floor?.levels?.map((l) => [l.level, l.floor])).toEqual([
      ["primary", 4.5],
      ["junior", 5.8],
    ]);
    const unconfirmed = body.criteria.filter((c) => c.basis === "unconfirmed");
    expect(unconfirmed.length).toBe(8);
  });

  it("checks entered figures and yes/no answers, and refuses figures an item does not take", async () => {
    expect(
      (
        await send(admin, "PUT", "/vetoes/junior_retention", {
          status: "unknown",
          figures: { junior_retention: 0.942 },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send(admin, "PUT", "/vetoes/quality_monitoring", {
          status: "unknown",
          figures: { lowest_level: 3, difference_rate: 0.12 },
        })
      ).status,
    ).toBe(200);
    expect((await send(admin, "PUT", "/vetoes/homework", { status: "met" })).status).toBe(200);
    expect(
      (await send(admin, "PUT", "/vetoes/basic_recognised", { status: "met", note: "2019 年认定" }))
        .status,
    ).toBe(200);
    const { by } = await readiness();
    expect(by.get("quality:junior_retention")).toMatchObject({
      status: "fail",
      holders: ["区教委"],
    });
    expect(by.get("quality:junior_retention")?.margin).toBeCloseTo(-0.008, 12);
    expect(by.get("quality:quality_monitoring")?.status).toBe("pass");
    expect(by.get("quality:homework")?.status).toBe("pass");
    expect(by.get("application:basic_recognised")).toMatchObject({
      status: "pass",
      kind: "application",
    });

    const before = await viewer.request(url("/vetoes/junior_retention"));
    const refused = [
      { status: "met", figures: { unknown_figure: 1 } },
      { status: "met", figures: { junior_retention: 3 } },
      { status: "met", figures: { junior_retention: -0.1 } },
    ];
    for (const body of refused) {
      const res = await send(admin, "PUT", "/vetoes/junior_retention", body);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        "invalid_figures",
      );
    }
    const levels = await send(admin, "PUT", "/vetoes/quality_monitoring", {
      status: "met",
      figures: { lowest_level: 2.5 },
    });
    expect(levels.status).toBe(422);
    // A manual item takes no figures; nothing changed on the refused ones.
    expect(
      (await send(admin, "PUT", "/vetoes/homework", { status: "met", figures: { x: 1 } })).status,
    ).toBe(422);
    expect(await (await viewer.request(url("/vetoes/junior_retention"))).json()).toEqual(
      await before.json(),
    );
    // The checklist lists every item with its figures' definitions.
    const list = (await (await viewer.request(url("/vetoes"))).json()) as {
      items: { itemId: string; area: string; figures: { id: string }[] }[];
    };
    expect(list.items).toHaveLength(2 + 15 + 9 + 7);
    expect(
      list.items.find((i) => i.itemId === "nearby_admission")?.figures.map((f) => f.id),
    ).toEqual(["urban_share", "town_share"]);
  });

  it("fails a school at 84 % of one minimum and passes it at 85 %, the other six met", async () => {
    const onFloors = figures([1, 1, 1, 1, 1, 1, 1]);
    const floorAt = (share: number) => figures([1, 1, 1, share, 1, 1, 1]);
    expect((await putFigures(floorAt(0.84), onFloors)).status).toBe(200);
    let { by } = await readiness();
    expect(by.get("school_standards")).toMatchObject({ status: "fail", holders: ["DS001"] });
    expect(by.get("resource:floor_area")?.belowFloor).toEqual([
      { schoolId: "DS001", attainment: expect.closeTo(0.84, 9) },
    ]);
    expect((await putFigures(floorAt(0.85), onFloors)).status).toBe(200);
    ({ by } = await readiness());
    expect(by.get("school_standards")).toMatchObject({ status: "pass", holders: [] });
  });

  it("fails the Ningguo 2022 primary coefficients: 6 of 7 above 0.50", async () => {
    // Two schools of 100 pupils at (1 ± c) times twice the minimum give a CV of exactly c.
    const up = figures(ningguo.map((c) => 2 * (1 + c)));
    const down = figures(ningguo.map((c) => 2 * (1 - c)));
    expect((await putFigures(up, down)).status).toBe(200);
    const { body, by } = await readiness();
    const primary = indicators.map(
      ([id]) => by.get(`resource:${id}`)?.levels?.find((l) => l.level === "primary")?.status,
    );
    expect(primary).toEqual(["fail", "fail", "fail", "fail", "fail", "pass", "fail"]);
    expect(by.get("resource:multimedia_classrooms_per_100")?.margin).toBeCloseTo(0.5 - 0.759, 9);
    expect(by.get("resource:multimedia_classrooms_per_100")?.holders.length).toBeGreaterThan(0);
    expect(body.status).toBe("fail");
  });
});
