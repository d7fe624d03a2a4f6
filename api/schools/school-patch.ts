import { z } from "zod";
import { type Enrolment, schoolKinds, schoolOperators, schoolOwnerships } from "../db/database.ts";
import { AppError } from "../http/errors.ts";
import type { SchoolChanges, SchoolRecord } from "./repository.ts";
import { text as importText } from "./school-import.ts";

const levels = ["primary", "junior", "senior"] as const;
type Level = (typeof levels)[number];
const count = z.number().int().min(0).max(9_999_999);

/** `PATCH /api/campaigns/:id/schools/:schoolId`: the fields to change (the code is fixed). */
export const schoolPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    town: z.string().trim().min(1).max(100).optional(),
    areaType: z.enum(["urban", "town", "rural"]).optional(),
    levels: z
      .array(z.enum(levels))
      .min(1)
      .max(3)
      .refine((l) => new Set(l).size === l.length, { message: "levels repeat" })
      .optional(),
    enrolment: z
      .strictObject({
        primary: count.optional(),
        junior: count.optional(),
        senior: count.optional(),
      })
      .optional(),
    teachers: count.nullable().optional(),
    ownership: z.enum(schoolOwnerships).optional(),
    operator: z.enum(schoolOperators).optional(),
    kind: z.enum(schoolKinds).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "nothing to change" });

const levelNames: Record<Level, string> = {
  primary: "小学/primary",
  junior: "初中/junior secondary",
  senior: "高中/senior secondary",
};
const enrolmentColumns: Record<Level, string> = {
  primary: "小学在校生数",
  junior: "初中在校生数",
  senior: "高中在校生数",
};

/**
 * The change as the import would store it: levels in canonical order, a
 * count for every level the school has and none for another (422
 * `invalid_school`, the import's own wording). Changing the levels alone
 * drops the stored counts of levels the school no longer has.
 */
export function checkedSchoolChanges(
  school: SchoolRecord,
  body: z.infer<typeof schoolPatchSchema>,
): SchoolChanges {
  const chosen = levels.filter((l) => (body.levels ?? school.levels).includes(l));
  const given: Enrolment = body.enrolment ?? {};
  const enrolment: Enrolment = {};
  for (const level of levels) {
    const n = body.enrolment ? given[level] : school.enrolment[level];
    const wording = { level: levelNames[level], column: enrolmentColumns[level] };
    if (chosen.includes(level)) {
      if (n === undefined)
        throw new AppError("invalid_school", importText("enrolmentMissing", wording));
      enrolment[level] = n;
    } else if (body.enrolment && n !== undefined && n > 0) {
      throw new AppError("invalid_school", importText("enrolmentUnexpected", wording));
    }
  }
  return {
    name: body.name,
    town: body.town,
    areaType: body.areaType,
    levels: body.levels || body.enrolment ? chosen : undefined,
    enrolment: body.levels || body.enrolment ? enrolment : undefined,
    teachers: body.teachers,
    ownership: body.ownership,
    operator: body.operator,
    kind: body.kind,
  };
}
