import { largestRemainder } from "./largest-remainder.ts";

/**
 * The grade bands of the students' quota (docs/weighting.md, Grade bands): the school segments
 * the student questionnaire reaches, grade 3 and up — primary middle years (三、四年级), primary
 * upper years (五、六年级) and junior secondary (七至九年级). The rules ask for grade bands
 * "roughly equal" without naming them; these are the segments schools themselves report by.
 */
export type GradeBand = "grades_3_4" | "grades_5_6" | "grades_7_9";

export const gradeBands: readonly { band: GradeBand; grades: readonly number[] }[] = [
  { band: "grades_3_4", grades: [3, 4] },
  { band: "grades_5_6", grades: [5, 6] },
  { band: "grades_7_9", grades: [7, 8, 9] },
];

/** The stable name of the student questionnaire's grade question, whose values are "3" … "9". */
export const gradeQuestion = "grade";

/**
 * The band of a grade answer (the option's machine value, "3" … "9", or the number itself);
 * null for anything else (no answer, a grade below 3 or above 9, text that is not a grade).
 */
export function gradeBandOf(answer: unknown): GradeBand | null {
  const text = typeof answer === "number" ? String(answer) : answer;
  if (typeof text !== "string" || !/^\d{1,2}$/.test(text)) return null;
  const grade = Number(text);
  return gradeBands.find((b) => b.grades.includes(grade))?.band ?? null;
}

/** The students' target split equally over the bands, by largest remainder (earlier bands first). */
export function gradeBandTargets(studentTarget: number): Record<GradeBand, number> {
  const parts = largestRemainder(
    studentTarget,
    gradeBands.map(() => 1),
  );
  return Object.fromEntries(gradeBands.map((b, i) => [b.band, parts[i] ?? 0])) as Record<
    GradeBand,
    number
  >;
}

/** Responses per band from counts per raw grade answer; answers of no band are left out. */
export function gradeBandCounts(
  byAnswer: readonly { answer: string | null; responses: number }[],
): Record<GradeBand, number> {
  const counts = Object.fromEntries(gradeBands.map((b) => [b.band, 0])) as Record<
    GradeBand,
    number
  >;
  for (const { answer, responses } of byAnswer) {
    const band = gradeBandOf(answer);
    if (band !== null) counts[band] += responses;
  }
  return counts;
}
