import { z } from "zod";

/** A sheet's number as written in its box: letters, digits and hyphens (the column's check). */
export const sheetNumberPattern = /^[A-Za-z0-9-]{1,20}$/;

const sheetNumber = z.string().trim().regex(sheetNumberPattern);

/** `POST /api/channels/:id/paper-sheets`: one sheet as typed in. */
export const paperSheetSchema = z.strictObject({
  sheet: sheetNumber,
  /** Checked strictly against the link's questionnaire version, as online answers are. */
  answers: z.record(z.string().max(100), z.unknown()),
  /**
   * For a sheet typed for the first time: wait for a second person to type it too (double
   * entry) instead of storing it as a response at once. A second entry ignores it.
   */
  doubleEntry: z.boolean().optional(),
});

/** `POST /api/channels/:id/paper-sheets/:sheet/resolution`: for each differing answer, whose. */
export const resolutionSchema = z.strictObject({
  picks: z.record(z.string().max(100), z.union([z.literal(1), z.literal(2)])),
});

/** `PUT /api/channels/:id/distributed-count`: sheets handed out; null clears it. */
export const distributedCountSchema = z.strictObject({
  distributedCount: z.number().int().min(0).max(10_000_000).nullable(),
});

/** A sheet number in a path. */
export function sheetParam(raw: string | undefined): string | undefined {
  return raw !== undefined && sheetNumberPattern.test(raw) ? raw : undefined;
}
