/**
 * The worked example of docs/weighting.md: one stratum (parents) in three schools with enrolment
 * 1200 / 600 / 200 and 40 respondents each, of whom 36 / 32 / 30 are satisfied.
 * Post-stratified: b = 1.8 / 0.9 / 0.3, weighted share 0.8550, unweighted 0.8167, Kish n_eff 86.96.
 */
export const enrolment = [1200, 600, 200];
export const satisfied = [36, 32, 30];
export const perSchool = 40;

export function workedExample(): { group: Int32Array; school: Int32Array; y: Float64Array } {
  const n = perSchool * enrolment.length;
  const group = new Int32Array(n);
  const school = new Int32Array(n);
  const y = new Float64Array(n);
  for (let s = 0; s < enrolment.length; s++) {
    for (let j = 0; j < perSchool; j++) {
      school[s * perSchool + j] = s;
      y[s * perSchool + j] = j < satisfied[s]! ? 1 : 0;
    }
  }
  return { group, school, y };
}
