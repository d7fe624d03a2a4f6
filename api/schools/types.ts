// The JSON the schools endpoints answer with, as the staff pages read it (import type only).
import type { z } from "zod";
import type { Jsonified } from "../http/json-types.ts";
import type { SchoolRecord, UpsertSummary } from "./repository.ts";
import type { RowError } from "./school-import.ts";
import type { schoolPatchSchema } from "./school-patch.ts";

export type { AreaType } from "../../analysis/index.ts";

/** A school as `GET /api/campaigns/:id/schools` lists it (and `PATCH` answers `{ school }`). */
export type SchoolView = Jsonified<SchoolRecord>;

/** `GET /api/campaigns/:id/schools`. */
export interface SchoolList {
  schools: SchoolView[];
}

/** `PATCH /api/campaigns/:id/schools/:schoolId`'s body. */
export type SchoolPatch = z.input<typeof schoolPatchSchema>;

/** `POST /api/campaigns/:id/schools/import`: the upsert's counts and the rows read. */
export type ImportSummary = UpsertSummary & { total: number };

/** One problem of a refused upload (422 `invalid_rows`' details). */
export type { RowError };
