/**
 * Schools left out of the difference coefficients by kind (docs/assessment.md, Schools left out and
 * edge cases): 2012 leaves out private, non-county schools and every teaching point; 2017 special
 * and vocational schools and teaching points under 50 pupils. Each rule is configurable.
 */
import { describe, expect, it } from "vitest";
import {
  type SchoolData,
  applySchemeOverrides,
  basic2012,
  evaluateScheme,
  leftOutSchools,
  quality2017,
} from "../../../analysis/assessment/index.ts";

/** Every resource of both schemes at `perStudent` per student. */
function school(
  schoolId: string,
  students: number,
  perStudent: number,
  extra: Partial<SchoolData> = {},
): SchoolData {
  const resources: Record<string, number> = {};
  for (const i of [
    ...Object.values(basic2012.indicators),
    ...Object.values(quality2017.indicators),
  ])
    resources[i.resource] = students * perStudent;
  return { schoolId, level: "primary", students, resources, ...extra };
}

const district: SchoolData[] = [
  school("public-1", 400, 1),
  school("public-2", 600, 1.2),
  school("private", 500, 3, { ownership: "private" }),
  school("city-run", 800, 2.5, { operator: "city" }),
  school("point-big", 60, 0.4, { kind: "teaching_point" }),
  school("point-small", 30, 0.3, { kind: "teaching_point" }),
  school("special", 40, 6, { kind: "special_education" }),
  school("vocational", 200, 4, { kind: "vocational" }),
];

const reasons = (scheme: typeof basic2012) =>
  Object.fromEntries(
    leftOutSchools(scheme.exclusions, district).map((s) => [s.schoolId, s.reason]),
  );

describe("schools left out of the coefficients", () => {
  it("2012: private, non-county schools and every teaching point, with their reason", () => {
    expect(reasons(basic2012)).toEqual({
      private: "private",
      "city-run": "non_county",
      "point-big": "teaching_point",
      "point-small": "teaching_point",
      special: "special_education",
      vocational: "vocational",
    });
    const books = evaluateScheme(basic2012, "primary", district).indicators.find(
      (i) => i.indicatorId === "books",
    );
    expect(books?.coefficient.schools.map((s) => s.schoolId)).toEqual(["public-1", "public-2"]);
    expect(books?.coefficient.excluded).toContainEqual({ schoolId: "private", reason: "private" });
    expect(books?.coefficient.excluded).toHaveLength(6);
  });

  it("2017: special and vocational schools and teaching points under 50 pupils only", () => {
    expect(reasons(quality2017)).toEqual({
      "point-small": "teaching_point",
      special: "special_education",
      vocational: "vocational",
    });
    const floor = evaluateScheme(quality2017, "primary", district).indicators[3];
    expect(floor?.coefficient.schools.map((s) => s.schoolId)).toEqual([
      "public-1",
      "public-2",
      "private",
      "city-run",
      "point-big",
    ]);
  });

  it("follows a province's choice: keep private schools, keep teaching points of 50 or more", () => {
    const province = applySchemeOverrides(basic2012, {
      exclusions: {
        excludePrivate: false,
        excludeAllTeachingPoints: false,
        teachingPointMinStudents: 50,
      },
    });
    if (!province.ok) throw new Error(JSON.stringify(province.issues));
    expect(reasons(province.scheme)).toEqual({
      "city-run": "non_county",
      "point-small": "teaching_point",
      special: "special_education",
      vocational: "vocational",
    });
  });

  it("leaves out a part with no students, and keeps a school of unstated kind", () => {
    const parts = [school("empty", 0, 1), school("plain", 100, 1)];
    expect(leftOutSchools(quality2017.exclusions, parts)).toEqual([
      { schoolId: "empty", level: "primary", reason: "zero_enrolment" },
    ]);
  });
});
