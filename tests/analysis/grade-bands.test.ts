import { describe, expect, it } from "vitest";
import {
  gradeBandCounts,
  gradeBandOf,
  gradeBandTargets,
  gradeBands,
  samplePlan,
} from "../../analysis/index.ts";

const others = ["teacher", "principal", "deputy", "cppcc_member", "resident"];
const schools = [{ code: "A", enrolment: 1000 }];

describe("grade bands (docs/weighting.md, Grade bands)", () => {
  it("puts grades 3–4, 5–6 and 7–9 in three bands and every other answer in none", () => {
    expect(gradeBands.map((b) => [b.band, b.grades])).toEqual([
      ["grades_3_4", [3, 4]],
      ["grades_5_6", [5, 6]],
      ["grades_7_9", [7, 8, 9]],
    ]);
    const bands = ["3", "4", "5", "6", "7", "8", "9"].map(gradeBandOf);
    expect(bands).toEqual([
      "grades_3_4",
      "grades_3_4",
      "grades_5_6",
      "grades_5_6",
      "grades_7_9",
      "grades_7_9",
      "grades_7_9",
    ]);
    expect(gradeBandOf(8)).toBe("grades_7_9");
    for (const other of ["1", "2", "10", "", " 3", "3.0", "三", "-4", null, undefined, ["3"], {}]) {
      expect(gradeBandOf(other), JSON.stringify(other)).toBeNull();
    }
  });

  it("splits the students' target equally, the remainder to the earlier bands", () => {
    // 187 / 3 = 62⅓: 62 each and the one left to the first band.
    expect(gradeBandTargets(187)).toEqual({ grades_3_4: 63, grades_5_6: 62, grades_7_9: 62 });
    // 188 / 3 = 62⅔: two left, to the first two.
    expect(gradeBandTargets(188)).toEqual({ grades_3_4: 63, grades_5_6: 63, grades_7_9: 62 });
    expect(gradeBandTargets(0)).toEqual({ grades_3_4: 0, grades_5_6: 0, grades_7_9: 0 });
  });

  it("sums responses per band from counts per answer, leaving out answers of no band", () => {
    expect(
      gradeBandCounts([
        { answer: "3", responses: 4 },
        { answer: "4", responses: 1 },
        { answer: "6", responses: 2 },
        { answer: "9", responses: 3 },
        { answer: "7", responses: 5 },
        { answer: null, responses: 11 },
        { answer: "12", responses: 7 },
      ]),
    ).toEqual({ grades_3_4: 5, grades_5_6: 2, grades_7_9: 8 });
    expect(gradeBandCounts([])).toEqual({ grades_3_4: 0, grades_5_6: 0, grades_7_9: 0 });
  });

  it("gives a plan with students their quota per band, and a plan without students none", () => {
    // 1,000,000 residents under 2017: 1,500; parents 750; 750 over four categories: 188 / 188 /
    // 187 / 187, students last with 187, so bands of 63 / 62 / 62.
    const withStudents = samplePlan({
      scheme: "quality_2017",
      residentPopulation: 1_000_000,
      otherGroups: [...others, "student"],
      schools,
    });
    expect(withStudents.byGroup.student).toBe(187);
    expect(withStudents.byGradeBand).toEqual({ grades_3_4: 63, grades_5_6: 62, grades_7_9: 62 });
    const withoutStudents = samplePlan({
      scheme: "basic_2012",
      residentPopulation: 1_000_000,
      otherGroups: others,
      schools,
    });
    expect(withoutStudents.byGradeBand).toBeNull();
  });
});

describe("urban / town / rural quotas (docs/weighting.md, Sample plan)", () => {
  it("splits the whole sample in proportion to residents, by largest remainder", () => {
    // 1,070,000 residents under 2017: n = 1,605. Area residents 3 : 2 : 2 give 687.86 / 458.57
    // / 458.57: 687 + 458 + 458 = 1,603, and the two left go to the largest remainders (urban's
    // .86, then town's .57, tied with rural's and earlier): 688 / 459 / 458.
    const plan = samplePlan({
      scheme: "quality_2017",
      residentPopulation: 1_070_000,
      otherGroups: [...others, "student"],
      schools,
      areaPopulation: { urban: 300_000, town: 200_000, rural: 200_000 },
    });
    expect(plan.total).toBe(1605);
    expect(plan.byArea).toEqual({ urban: 688, town: 459, rural: 458 });
  });

  it("plans only the area types with residents entered", () => {
    const plan = samplePlan({
      scheme: "quality_2017",
      residentPopulation: 400_000,
      otherGroups: [...others, "student"],
      schools,
      areaPopulation: { urban: 250_000, town: 150_000, rural: null },
    });
    // n = 600 (1.5 ‰ of 400,000), 5 : 3.
    expect(plan.byArea).toEqual({ urban: 375, town: 225 });
  });
});
