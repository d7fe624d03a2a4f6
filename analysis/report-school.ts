/**
 * A school as the report reads it (analysis-report.ts): its code in the cells, the name shown,
 * the town and area type (城区/镇区/乡村) its breakdowns group by, and the counts the weights
 * are post-stratified to (report-weighting.ts): enrolment for parents and, when every school
 * has one, the teacher count for teachers and principals.
 */
export interface ReportSchool {
  readonly code: string;
  readonly name: string;
  readonly town: string;
  readonly areaType: AreaType;
  readonly enrolment: number;
  readonly teachers: number | null;
}

export type AreaType = "urban" | "town" | "rural";
