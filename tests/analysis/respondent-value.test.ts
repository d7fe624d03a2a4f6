/**
 * The four satisfaction definitions and awareness (docs/satisfaction.md, Satisfaction definitions
 * and Awareness).
 */
import { describe, expect, it } from "vitest";
import {
  analysisConfig,
  itemValues,
  respondentValue,
  respondentValues,
} from "../../analysis/index.ts";
import { awarenessValues } from "../../analysis/reference/awareness-values.ts";

const answers = {
  sat_nearby_enrolment: "satisfied",
  sat_facility_gap: "dissatisfied",
  sat_teacher_gap: "unknown",
  sat_school_choice: "basically_satisfied",
  sat_government_effort: "fairly_satisfied",
  sat_overall: "basically_satisfied",
};

describe("respondentValue", () => {
  it("overall_item: favourable overall answer → 1, otherwise 0; unknown and blank → no value", () => {
    const config = analysisConfig({ definition: "overall_item" });
    expect(respondentValue(answers, config)).toBe(1);
    expect(respondentValue({ ...answers, sat_overall: "dissatisfied" }, config)).toBe(0);
    expect(respondentValue({ ...answers, sat_overall: "unknown" }, config)).toBeNull();
    expect(respondentValue({ ...answers, sat_overall: "" }, config)).toBeNull();
    expect(respondentValue({ ...answers, sat_overall: null }, config)).toBeNull();
    expect(respondentValue({ ...answers, sat_overall: undefined }, config)).toBeNull();
  });

  it("respondent_share: favourable share of answered items (unknown left out)", () => {
    const config = analysisConfig({ definition: "respondent_share" });
    expect(respondentValue(answers, config)).toBeCloseTo(4 / 5, 15);
    const only = analysisConfig({
      definition: "respondent_share",
      items: ["sat_facility_gap", "sat_overall"],
    });
    expect(respondentValue(answers, only)).toBe(0.5);
    expect(respondentValue({ sat_overall: "unknown" }, config)).toBeNull();
  });

  it("respondent_satisfied: at least the set share favourable, exact at the edge", () => {
    expect(respondentValue(answers, analysisConfig({ definition: "respondent_satisfied" }))).toBe(
      1,
    );
    const strict = analysisConfig({ definition: "respondent_satisfied", satisfiedShare: 0.85 });
    expect(respondentValue(answers, strict)).toBe(0); // 4/5 = 0.8 < 0.85
    // 7 of 10 at a share of 0.7: 0.7 × 10 is 7.000000000000001 in binary, still satisfied.
    const ten = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`i${i}`, i < 7 ? "satisfied" : "dissatisfied"]),
    );
    const seventy = analysisConfig({ definition: "respondent_satisfied", satisfiedShare: 0.7 });
    expect(respondentValue(ten, seventy)).toBe(1);
    expect(respondentValue({ ...ten, i6: "dissatisfied" }, seventy)).toBe(0);
  });

  it("score: mean option score on 0–100 with the default scores", () => {
    const config = analysisConfig({ definition: "score" });
    expect(respondentValue(answers, config)).toBeCloseTo((100 + 0 + 60 + 80 + 60) / 5, 12);
    const custom = analysisConfig({
      definition: "score",
      scores: { satisfied: 100, basically_satisfied: 80, dissatisfied: 0, fairly_satisfied: 90 },
    });
    expect(respondentValue({ a: "basically_satisfied", b: "unknown" }, custom)).toBe(80);
    expect(() => respondentValue({ a: "so_so" }, config)).toThrow(/no score/);
  });

  it("many respondents: NaN marks no value; item values per scale", () => {
    const config = analysisConfig();
    const values = respondentValues(
      [answers, { sat_overall: "unknown" }, { sat_overall: "dissatisfied" }],
      config,
    );
    expect(Array.from(values)).toEqual([1, Number.NaN, 0]);
    expect(
      Array.from(
        itemValues(["satisfied", "unknown", undefined, "dissatisfied"], config, "proportion"),
      ),
    ).toEqual([1, Number.NaN, Number.NaN, 0]);
    expect(Array.from(itemValues(["fairly_satisfied", ""], config, "score"))).toEqual([
      80,
      Number.NaN,
    ]);
  });

  it("the configuration is checked once", () => {
    expect(() => analysisConfig({ threshold: 85 })).toThrow(RangeError);
    expect(() => analysisConfig({ satisfiedShare: 0 })).toThrow(RangeError);
    expect(() => analysisConfig({ scores: { satisfied: 120 } })).toThrow(RangeError);
    expect(() => analysisConfig({ groupWeights: { parent: -1 } })).toThrow(RangeError);
    expect(analysisConfig().favourable).toEqual([
      "satisfied",
      "fairly_satisfied",
      "basically_satisfied",
    ]);
  });
});

describe("awarenessValues", () => {
  const answers = ["know", "heard", "unaware", "", null, undefined];
  it("know + heard by default, know alone when configured; blanks have no value", () => {
    expect(Array.from(awarenessValues(answers, analysisConfig().aware))).toEqual([
      1,
      1,
      0,
      Number.NaN,
      Number.NaN,
      Number.NaN,
    ]);
    expect(Array.from(awarenessValues(answers, ["know"]))).toEqual([
      1,
      0,
      0,
      Number.NaN,
      Number.NaN,
      Number.NaN,
    ]);
  });
});
