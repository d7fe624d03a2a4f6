// The JSON the integrity endpoints answer with, as the staff pages read it (import type only).
import type { Jsonified } from "../http/json-types.ts";
import type { ExclusionRecord } from "./exclusions-repository.ts";
import type { ExclusionRequest } from "./exclusion-workflow.ts";
import type { FlagKind } from "./flag-rules.ts";
import type { IntegrityCounts } from "./integrity-counts.ts";
import type { IntegrityReport } from "./integrity-report.ts";

/** `GET /api/campaigns/:id/integrity` for an account holding `integrity.review`: everything. */
export type IntegrityReportView = Jsonified<IntegrityReport>;

/** The same for anyone else: counts only, small ones "<5" (integrityCounts). */
export type IntegrityCountsView = Jsonified<IntegrityCounts>;

/** What the page receives: tell the two apart by `"countsOnly" in view`. */
export type IntegrityView = IntegrityReportView | IntegrityCountsView;

/** A school's or a link's row: exact numbers for a reviewer, "<5" for anyone else. */
export type IntegritySchoolRow = IntegrityView["bySchool"][number];
export type IntegrityChannelRow = IntegrityView["byChannel"][number];

export type TimelineSchool = IntegrityReportView["timeline"]["schools"][number];
export type TimelineBucket = TimelineSchool["buckets"][number];
export type FlagClusterView = IntegrityReportView["clusters"][number];
export type ExclusionRecordView = Jsonified<ExclusionRecord>;

/** `POST /api/campaigns/:id/exclusions`' answer. */
export interface ExclusionAnswer {
  exclusion: ExclusionRecordView;
}

/** `POST /api/campaigns/:id/exclusions`' body. */
export type { ExclusionRequest, FlagKind };
