/** Splitting multi-level schools by weighted students (docs/assessment.md, Multi-level schools). */
import { describe, expect, it } from "vitest";
import {
  basic2012,
  compulsoryParts,
  evaluateScheme,
  splitSchool,
} from "../../../analysis/assessment/index.ts";

const rule = basic2012.split;

describe("splitSchool", () => {
  it("splits the published nine-year school: 23 226 books → 9 711.6 / 13 514.4", () => {
    const { parts, warnings } = splitSchool(
      {
        schoolId: "x",
        type: "nine_year",
        students: { primary: 166, junior: 210 },
        resources: { books: 23226 },
      },
      rule,
    );
    expect(parts.map((p) => [p.schoolId, p.level, p.students])).toEqual([
      ["x:primary", "primary", 166],
      ["x:junior", "junior", 210],
    ]);
    expect(parts[0]?.resources.books).toBeCloseTo(9711.6, 1);
    expect(parts[1]?.resources.books).toBeCloseTo(13514.4, 1);
    expect((parts[0]?.resources.books ?? 0) + (parts[1]?.resources.books ?? 0)).toBeCloseTo(
      23226,
      9,
    );
    expect(warnings).toEqual([]);
  });

  it("uses 1 : 1.2 for a complete middle school and 1 : 1.1 : 1.32 for a twelve-year school", () => {
    const complete = splitSchool(
      {
        schoolId: "c",
        type: "complete_middle",
        students: { junior: 100, senior: 100 },
        resources: { books: 2200 },
      },
      rule,
    );
    expect(complete.parts.map((p) => p.resources.books)).toEqual([1000, 1200]);
    const twelve = splitSchool(
      {
        schoolId: "t",
        type: "twelve_year",
        students: { primary: 100, junior: 100, senior: 100 },
        resources: { sports_ground_area: 3420 },
      },
      rule,
    );
    const areas = twelve.parts.map((p) => p.resources.sports_ground_area ?? 0);
    expect(areas[0]).toBeCloseTo(1000, 9);
    expect(areas[1]).toBeCloseTo(1100, 9);
    expect(areas[2]).toBeCloseTo(1320, 9);
  });

  it("does not split teacher counts: they come per part, a whole-school figure is a warning", () => {
    const { parts, warnings } = splitSchool(
      {
        schoolId: "x",
        type: "nine_year",
        students: { primary: 166, junior: 210 },
        resources: { books: 23226, teachers: 30 },
        perPart: { primary: { teachers: 12 }, junior: { teachers: 17 } },
      },
      rule,
    );
    expect(parts.map((p) => p.resources.teachers)).toEqual([12, 17]);
    expect(warnings).toEqual([{ schoolId: "x", resource: "teachers", reason: "not_splittable" }]);
    const unsplit = splitSchool(
      {
        schoolId: "y",
        type: "nine_year",
        students: { primary: 10, junior: 10 },
        resources: { teachers: 3 },
      },
      rule,
    );
    expect(unsplit.parts.map((p) => p.resources.teachers)).toEqual([undefined, undefined]);
  });

  it("passes single-level schools through and keeps compulsory parts only", () => {
    const { schools } = compulsoryParts(
      [
        {
          schoolId: "p",
          type: "primary",
          students: { primary: 300 },
          resources: { books: 9000, teachers: 20 },
        },
        {
          schoolId: "c",
          type: "complete_middle",
          students: { junior: 100, senior: 50 },
          resources: { books: 1600 },
        },
      ],
      rule,
    );
    expect(schools.map((s) => [s.schoolId, s.level])).toEqual([
      ["p", "primary"],
      ["c:junior", "junior"],
    ]);
    expect(schools[0]?.resources).toEqual({ books: 9000, teachers: 20 });
    expect(schools[1]?.resources.books).toBeCloseTo(1000, 9);
  });

  it("gives zero shares, not NaN, to a school without students", () => {
    const { parts } = splitSchool(
      { schoolId: "z", type: "nine_year", students: {}, resources: { books: 100 } },
      rule,
    );
    expect(parts.map((p) => p.resources.books)).toEqual([0, 0]);
  });

  it("feeds the parts into the CV as separate schools of their level", () => {
    const { schools } = compulsoryParts(
      [
        {
          schoolId: "x",
          type: "nine_year",
          students: { primary: 166, junior: 210 },
          resources: { books: 23226 },
        },
        { schoolId: "p", type: "primary", students: { primary: 200 }, resources: { books: 4000 } },
      ],
      rule,
    );
    const books = evaluateScheme(basic2012, "primary", schools).indicators.find(
      (i) => i.indicatorId === "books",
    );
    if (books?.coefficient.status !== "ok") throw new Error("not ok");
    expect(books.coefficient.schools.map((s) => s.schoolId)).toEqual(["x:primary", "p"]);
    expect(books.coefficient.totalResource).toBeCloseTo(9711.627 + 4000, 2);
  });
});
