import type { Kysely } from "kysely";
import { standardResources } from "../../analysis/assessment/index.ts";
import type { Database } from "../db/database.ts";
import { listSchools } from "../schools/index.ts";
import type { AssessmentContext } from "./assessment-context.ts";
import { type IndicatorInput, checkIndicatorRows } from "./assessment-indicator-rows.ts";
import { schemeResources } from "./assessment-scheme.ts";
import { upsertSchoolIndicators } from "./indicators-repository.ts";
import { assessmentMessage } from "./messages.ts";
import { invalidRows } from "./invalid-rows.ts";

/** Every resource key the campaign's figures sheet has: the standard ones and the scheme's. */
export function indicatorResources(context: AssessmentContext): string[] {
  return schemeResources(context.scheme, Object.keys(standardResources));
}

/** The figures of one school year as the staff page shows them, with the schools lacking any. */
export function indicatorSheet(context: AssessmentContext) {
  return {
    schoolYear: context.schoolYear,
    schoolYears: context.schoolYears,
    resources: indicatorResources(context).map((key) => ({
      key,
      label: (standardResources as Record<string, string>)[key] ?? key,
    })),
    rows: context.rows,
    withoutData: context.schools.withoutData,
    splitWarnings: context.schools.warnings,
  };
}

export interface IndicatorSave {
  inputs: readonly IndicatorInput[];
  /** The column a problem is reported under: the field's name, or the import's heading. */
  columnOf: Parameters<typeof checkIndicatorRows>[2];
  /** The resource keys the campaign's sheet has; any other is a row problem. */
  resources: readonly string[];
  updatedBy: string;
  /** Writes the audit entry inside the save's transaction. */
  audit: (trx: Kysely<Database>, details: Record<string, unknown>) => Promise<void>;
}

/**
 * Checks the rows against the sheet's resources and the campaign's schools, then stores them
 * all with the audit entry in one transaction: 422 `invalid_rows` listing every problem, and
 * nothing stored, when any row is wrong.
 */
export async function saveIndicators(
  db: Kysely<Database>,
  campaignId: number,
  save: IndicatorSave,
): Promise<{ saved: number }> {
  const known = new Set(save.resources);
  const unknownKeys = save.inputs.flatMap((row) =>
    Object.keys(row.resources)
      .filter((k) => !known.has(k))
      .map((key) => ({
        line: row.line,
        column: key,
        message: assessmentMessage("unknownResource", { key }),
      })),
  );
  if (unknownKeys.length > 0) throw invalidRows(unknownKeys);
  const schools = await listSchools(db, campaignId);
  const checked = checkIndicatorRows(save.inputs, schools, save.columnOf);
  if (!checked.ok) throw invalidRows(checked.errors);
  const saved = await db.transaction().execute(async (trx) => {
    const count = await upsertSchoolIndicators(
      trx,
      campaignId,
      checked.rows.map((r) => ({ ...r, updatedBy: save.updatedBy })),
    );
    await save.audit(trx, {
      rows: count,
      schoolYears: [...new Set(checked.rows.map((r) => r.schoolYear))],
    });
    return count;
  });
  return { saved };
}
