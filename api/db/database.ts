import type { ColumnType, Generated, Insertable, Selectable } from "kysely";
import type { AreaType, ScalePoints } from "../../analysis/index.ts";

/** The one description of the schema; changed in the same commit as its migration. */

export type Scheme = "basic_2012" | "quality_2017";
/** What the bureau decided; the phase a campaign is in also follows its dates (api/campaigns/campaign-phase.ts). */
export type CampaignStatus = "draft" | "open" | "closed" | "archived";
/** 区, 县 or 县级市. */
export type DistrictLevel = "district" | "county" | "county_city";
/** Urban, town or rural: the analysis's definition (analysis/report-school.ts), one for all. */
export type { AreaType };
export type RespondentGroup =
  "parent" | "teacher" | "principal" | "deputy" | "cppcc_member" | "resident" | "student";
export const respondentGroups: readonly RespondentGroup[] = [
  "parent",
  "teacher",
  "principal",
  "deputy",
  "cppcc_member",
  "resident",
  "student",
];

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export interface CampaignTable {
  id: Generated<number>;
  name: string;
  scheme: Scheme;
  district: string;
  resident_population: number | null;
  opens_at: Timestamp;
  closes_at: Timestamp;
  status: ColumnType<CampaignStatus, CampaignStatus | undefined, CampaignStatus>;
  ip_salt: string;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  /** Residents per area type (migration 0005); null: not entered. */
  urban_population: ColumnType<number | null, number | null | undefined, number | null>;
  town_population: ColumnType<number | null, number | null | undefined, number | null>;
  rural_population: ColumnType<number | null, number | null | undefined, number | null>;
  /** The bureau's total target when it plans more than the computed one (0005). */
  target_total_override: ColumnType<number | null, number | null | undefined, number | null>;
  /** The district running it (migration 0009). */
  district_id: number;
  /** Who respondents may ask about the survey (migration 0009); "" when not given. */
  contact_line: ColumnType<string, string | undefined, string>;
  /**
   * The satisfaction items' answer scale (migration 0012): 3, 4 or 5 points, with or without
   * 不了解. Both null only for a campaign older than scales whose questionnaires differ in their
   * options: each keeps its own (docs/satisfaction.md, Answer scales).
   */
  scale_points: ColumnType<ScalePoints | null, ScalePoints | null | undefined, ScalePoints | null>;
  scale_dont_know: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
}

/** A bureau's district (migration 0009): owns campaigns and staff accounts. */
export interface DistrictTable {
  id: Generated<number>;
  name: string;
  level: ColumnType<DistrictLevel, DistrictLevel | undefined, DistrictLevel>;
  /** Null only for districts made from campaigns older than districts. */
  province: string | null;
  city: string | null;
  bureau_name: string;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}

/** The first-run setup link (migration 0009): only the token's hash is kept. */
export interface SetupTokenTable {
  token_hash: string;
  created_at: CreatedAt;
  used_at: Timestamp | null;
}

export interface QuestionnaireTable {
  id: Generated<number>;
  campaign_id: number;
  key: string;
  version: number;
  title: string;
  definition: Json<Record<string, unknown>>;
  respondent_groups: RespondentGroup[];
  item_roles: Json<ItemRoles>;
  created_at: CreatedAt;
}

/** What each question is for, as the analysis reads it. */
export interface ItemRoles {
  /** Satisfaction items, in questionnaire order. */
  satisfaction?: string[];
  /** The overall-evaluation item (one of `satisfaction`). */
  overall?: string;
  /** Awareness (知晓度) items: never blended into satisfaction. */
  awareness?: string[];
  /** The "where did you hear of it" item (an awareness source): never a satisfaction item. */
  awarenessSource?: string;
  /** Background questions (grade, years at the school …): describe respondents, never scored. */
  background?: string[];
}

export type Enrolment = Partial<Record<"primary" | "junior" | "senior", number>>;

export interface SchoolTable {
  id: Generated<number>;
  campaign_id: number;
  code: string;
  name: string;
  town: string;
  area_type: AreaType;
  levels: string[];
  enrolment: Json<Enrolment>;
  /** Teachers over all levels (migration 0005); null: not entered. */
  teachers: ColumnType<number | null, number | null | undefined, number | null>;
  /** 公办 or 民办 (migration 0013). */
  ownership: ColumnType<SchoolOwnership, SchoolOwnership | undefined, SchoolOwnership>;
  /** Who runs it: the county itself or another body (0013). */
  operator: ColumnType<SchoolOperator, SchoolOperator | undefined, SchoolOperator>;
  /** A regular school, a teaching point, a special-education or a vocational school (0013). */
  kind: ColumnType<SchoolKind, SchoolKind | undefined, SchoolKind>;
}

export type SchoolOwnership = "public" | "private";
export const schoolOwnerships: readonly SchoolOwnership[] = ["public", "private"];
export type SchoolOperator = "county" | "province" | "city" | "university" | "enterprise";
export const schoolOperators: readonly SchoolOperator[] = [
  "county",
  "province",
  "city",
  "university",
  "enterprise",
];
export type SchoolKind = "regular" | "teaching_point" | "special_education" | "vocational";
export const schoolKinds: readonly SchoolKind[] = [
  "regular",
  "teaching_point",
  "special_education",
  "vocational",
];

export interface ChannelTable {
  id: Generated<number>;
  token: string;
  campaign_id: number;
  questionnaire_id: number;
  school_id: number | null;
  respondent_group: RespondentGroup | null;
  label: string;
  created_at: CreatedAt;
  /** What the link is for (migration 0005). */
  kind: ColumnType<ChannelKind, ChannelKind | undefined, ChannelKind>;
  /** Several people may answer on one phone through this link (migration 0010). */
  shared_device: ColumnType<boolean, boolean | undefined, boolean>;
  /** How answers arrive through this link (migration 0011). */
  mode: ColumnType<AnswerMode, AnswerMode | undefined, AnswerMode>;
  /** Paper sheets handed out through this link, for the valid-return rate (0011); null: not entered. */
  distributed_count: ColumnType<number | null, number | null | undefined, number | null>;
}

/**
 * How answers arrive (migration 0011): `online` (the respondent's own phone, by QR code or a
 * shared link), `interviewer` (入户, street, event: an interviewer's device), `telephone` (an
 * interviewer calls), `paper` (sheets typed in by bureau staff).
 */
export type AnswerMode = "online" | "interviewer" | "telephone" | "paper";
export const answerModes: readonly AnswerMode[] = ["online", "interviewer", "telephone", "paper"];

/** Someone who collects answers for the bureau (migration 0011); enters `code` on a link's page. */
export interface InterviewerTable {
  id: Generated<number>;
  campaign_id: number;
  code: string;
  label: string;
  created_at: CreatedAt;
  disabled_at: Timestamp | null;
}

export type CallOutcome = "completed" | "refused" | "no_answer" | "wrong_number";

/** One telephone call, whatever came of it (migration 0011); a completed one names its response. */
export interface CallAttemptTable {
  id: Generated<number>;
  campaign_id: number;
  channel_id: number;
  interviewer_id: number;
  outcome: CallOutcome;
  response_id: string | null;
  recorded_at: CreatedAt;
}

/** A paper sheet as typed in, once or twice (double entry), before it is a response (0011). */
export interface PaperEntryTable {
  id: Generated<number>;
  campaign_id: number;
  channel_id: number;
  sheet_number: string;
  entry_number: 1 | 2;
  answers: Json<Record<string, unknown>>;
  entered_by: number;
  entered_at: CreatedAt;
  response_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 'district': a link of the bureau's with no school and no preset group. */
export type ChannelKind =
  "school" | "class" | "wechat_group" | "event" | "respondent_group" | "district";
export interface ResponseTable {
  id: string;
  campaign_id: number;
  channel_id: number;
  questionnaire_id: number;
  school_id: number | null;
  respondent_group: RespondentGroup;
  answers: Json<Record<string, unknown>>;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  duration_seconds: number | null;
  page_seconds: Json<Record<string, number>>;
  locale: string;
  browser_family: string;
  ip_hash: string | null;
  device_token: string | null;
  content_hash: string;
  received_at: ColumnType<Date, Date | string | undefined, never>;
  /** Who collected it, for interviewer and telephone links (migration 0011). */
  interviewer_id: ColumnType<number | null, number | null | undefined, never>;
  /** The paper sheet's number, for paper links (migration 0011). */
  paper_sheet: ColumnType<string | null, string | null | undefined, never>;
}

export type StaffRole = "admin" | "school" | "publicity" | "viewer";
export const staffRoles: readonly StaffRole[] = ["admin", "school", "publicity", "viewer"];

export interface StaffUserTable {
  id: Generated<number>;
  username: string;
  /** PHC-style scrypt string with its salt and parameters; never the password. */
  password_hash: string;
  role: StaffRole;
  /** The district the account works for; null only for an operator's admin, who sees all. */
  district_id: number | null;
  /** Set iff role = 'school': its school in every campaign of the district. */
  school_code: string | null;
  display_name: string;
  created_at: CreatedAt;
  disabled_at: Timestamp | null;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  last_login_at: Timestamp | null;
}

export interface StaffSessionTable {
  /** SHA-256 (hex) of the cookie token; the token itself is never stored. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip_hash: string | null;
}

export interface LoginAttemptTable {
  /** bigserial: read as a number on pg, possibly a bigint on PGlite; nothing reads it. */
  id: Generated<number | bigint>;
  username_lower: string;
  ip_hash: string | null;
  at: Timestamp;
  succeeded: boolean;
}

export interface AuditLogTable {
  /** bigserial: read as a number on pg, possibly a bigint on PGlite. */
  id: Generated<number | bigint>;
  at: ColumnType<Date, Date | string | undefined, never>;
  /** No foreign key: the row outlives the account; actor_label says who it was. */
  actor_user_id: number | null;
  actor_label: string;
  action: string;
  target: string | null;
  details: Json<Record<string, unknown>>;
  ip_hash: string | null;
  /** Hash chain (migration 0006): set by the database on insert, never by code. */
  prev_hash: ColumnType<string, never, never>;
  hash: ColumnType<string, never, never>;
}

/** Per-campaign thresholds of the integrity flags (0006); see api/integrity/integrity-settings.ts. */
export interface IntegritySettingsTable {
  campaign_id: number;
  settings: Json<Record<string, unknown>>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string;
}

/** An append-only exclusion decision or its reversal (0006), chained per campaign. */
export interface ExclusionTable {
  /** bigint, assigned by the chain trigger in chain order. */
  id: ColumnType<number | string, never, never>;
  campaign_id: number;
  kind: "exclude" | "reverse";
  response_ids: ColumnType<string[], string[] | undefined, never>;
  reverses: number | string | null;
  flag_cluster: Json<{ id: string; kind: string } | null> | null;
  reason: string;
  actor_user_id: number | null;
  actor_label: string;
  at: ColumnType<Date, Date | string | undefined, never>;
  prev_hash: ColumnType<string, never, never>;
  hash: ColumnType<string, never, never>;
}

/** SHA-256 of each stored response row, written by a trigger (0006). */
export interface ResponseSealTable {
  response_id: string;
  seal: string;
}

/** Fixed-window submission counters shared by every API process (0006). */
export interface RateBucketTable {
  key: string;
  window_start: Timestamp;
  count: number;
}

/** Submissions refused because the campaign was not open, per link and hour (0006). */
export interface ClosedRefusalTable {
  campaign_id: number;
  channel_id: number;
  hour: Timestamp;
  count: number;
}

/** A campaign's analysis settings (migration 0004); no row: the defaults. */
export interface AnalysisSettingsTable {
  campaign_id: number;
  /** The settings JSON (api/analysis/analysis-settings.ts), only the keys the bureau chose. */
  settings: Json<Record<string, unknown>>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: number | null;
}

/** One visit of a survey link, for the funnel (migration 0003); nothing personal. */
export interface VisitTable {
  /** A v4 UUID made by the browser and kept with its draft. */
  id: string;
  campaign_id: number;
  channel_id: number;
  opened_at: ColumnType<Date, Date | string | undefined, Date | string>;
  started_at: Timestamp | null;
  /** 1-based number of the furthest page shown. */
  furthest_page: ColumnType<number, number | undefined, number>;
}

/** Responses per (campaign, channel, school, group), kept by a trigger on `response` (0003). */
export interface ResponseTallyTable {
  campaign_id: number;
  channel_id: number;
  school_id: number | null;
  respondent_group: RespondentGroup;
  responses: number;
  last_at: Timestamp;
}

/** Responses per (campaign, school, UTC hour of arrival), kept by a trigger on `response` (0003). */
export interface ResponseHourlyTable {
  campaign_id: number;
  school_id: number | null;
  hour: Timestamp;
  responses: number;
}

/** Responses per (campaign, UTC hour, shard = school id mod 16), kept by a trigger on `response` (0003). */
export interface ResponseHourlyCampaignTable {
  campaign_id: number;
  hour: Timestamp;
  shard: number;
  responses: number;
}

/** Visits opened and started per channel, kept by triggers on `visit` (0003). */
export interface VisitTallyTable {
  campaign_id: number;
  channel_id: number;
  opened: number;
  started: number;
}

/** Visits per channel whose furthest page is `page` or later, kept by triggers on `visit` (0003). */
export interface VisitPageTallyTable {
  campaign_id: number;
  channel_id: number;
  page: number;
  reached: number;
}

/** Figures of one school part for one school year (migration 0007): raw numerators by resource key. */
export interface SchoolIndicatorTable {
  id: Generated<number>;
  campaign_id: number;
  school_id: number;
  school_year: string;
  /** "school": whole-school facility figures of a multi-level school, shared out by the split rule. */
  level: "school" | "primary" | "junior" | "senior";
  kind: ColumnType<
    "regular" | "teaching_point" | "special_education",
    "regular" | "teaching_point" | "special_education" | undefined,
    "regular" | "teaching_point" | "special_education"
  >;
  /** null: the school list's enrolment of the level. */
  students: number | null;
  resources: Json<Record<string, number | null>>;
  source: ColumnType<string, string | undefined, string>;
  updated_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/**
 * An assessment item's recorded state (0007): a veto, an application condition, a quality or a
 * guarantee item. No row: unknown with the scheme's departments.
 */
export interface VetoEntryTable {
  campaign_id: number;
  item_id: string;
  status: "met" | "not_met" | "unknown";
  note: ColumnType<string, string | undefined, string>;
  departments: string[] | null;
  /** date: returned as "YYYY-MM-DD" text by the repository's cast. */
  due_date: ColumnType<string | null, string | null | undefined, string | null>;
  /** Figures entered for the item, by figure id (migration 0013). */
  figures: ColumnType<Record<string, number | null>, string | undefined, string>;
  updated_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** An evidence file of a veto entry, stored in the database (0007). */
export interface EvidenceFileTable {
  id: Generated<number>;
  campaign_id: number;
  item_id: string;
  file_name: string;
  media_type: string;
  size: number;
  /** pg gives a Buffer, PGlite a Uint8Array. */
  content: ColumnType<Uint8Array, Uint8Array, never>;
  uploaded_by: string;
  uploaded_at: ColumnType<Date, Date | string | undefined, never>;
}

/** Points entered per government work score indicator (0007). */
export interface GovernmentScoreTable {
  campaign_id: number;
  indicator_id: string;
  score: number;
  updated_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One year of the "three growths" budget series (0007), yuan. */
export interface BudgetYearTable {
  campaign_id: number;
  year: number;
  education_appropriation: number | null;
  regular_fiscal_revenue: number | null;
  staff_pay: number | null;
  per_student_spending: Json<Partial<Record<"primary" | "junior", number | null>>>;
  per_student_public_funds: Json<Partial<Record<"primary" | "junior", number | null>>>;
  updated_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Per-campaign assessment inputs (0007): disabled-children enrolment and scheme overrides. */
export interface AssessmentSettingsTable {
  campaign_id: number;
  disabled_enrolment_rate: number | null;
  scheme_overrides: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  updated_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  district: DistrictTable;
  setup_token: SetupTokenTable;
  campaign: CampaignTable;
  questionnaire: QuestionnaireTable;
  school: SchoolTable;
  channel: ChannelTable;
  interviewer: InterviewerTable;
  call_attempt: CallAttemptTable;
  paper_entry: PaperEntryTable;
  response: ResponseTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
  integrity_settings: IntegritySettingsTable;
  exclusion: ExclusionTable;
  response_seal: ResponseSealTable;
  rate_bucket: RateBucketTable;
  closed_refusal: ClosedRefusalTable;
  analysis_settings: AnalysisSettingsTable;
  visit: VisitTable;
  response_tally: ResponseTallyTable;
  response_hourly: ResponseHourlyTable;
  response_hourly_campaign: ResponseHourlyCampaignTable;
  visit_tally: VisitTallyTable;
  visit_page_tally: VisitPageTallyTable;
  school_indicator: SchoolIndicatorTable;
  veto_entry: VetoEntryTable;
  evidence_file: EvidenceFileTable;
  government_score: GovernmentScoreTable;
  budget_year: BudgetYearTable;
  assessment_settings: AssessmentSettingsTable;
}

export type Campaign = Selectable<CampaignTable>;
export type District = Selectable<DistrictTable>;
export type NewCampaign = Insertable<CampaignTable>;
export type Questionnaire = Selectable<QuestionnaireTable>;
export type School = Selectable<SchoolTable>;
export type Channel = Selectable<ChannelTable>;
export type ResponseRow = Selectable<ResponseTable>;
export type StaffUserRow = Selectable<StaffUserTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
