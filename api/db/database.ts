import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** The one description of the schema; changed in the same commit as its migration. */

export type Scheme = "basic_2012" | "quality_2017";
export type CampaignStatus = "draft" | "open" | "closed";
export type AreaType = "urban" | "town" | "rural";
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
}

export interface ChannelTable {
  id: Generated<number>;
  token: string;
  campaign_id: number;
  questionnaire_id: number;
  school_id: number | null;
  respondent_group: RespondentGroup | null;
  label: string;
  created_at: CreatedAt;
}

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
}

export type StaffRole = "admin" | "school" | "publicity" | "viewer";
export const staffRoles: readonly StaffRole[] = ["admin", "school", "publicity", "viewer"];

export interface StaffUserTable {
  id: Generated<number>;
  username: string;
  /** PHC-style scrypt string with its salt and parameters; never the password. */
  password_hash: string;
  role: StaffRole;
  /** Set iff role = 'school'. */
  school_id: number | null;
  /** The campaign the account may see; null only for an unscoped admin. */
  campaign_id: number | null;
  display_name: string;
  created_at: CreatedAt;
  disabled_at: Timestamp | null;
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
}

export interface Database {
  campaign: CampaignTable;
  questionnaire: QuestionnaireTable;
  school: SchoolTable;
  channel: ChannelTable;
  response: ResponseTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
}

export type Campaign = Selectable<CampaignTable>;
export type NewCampaign = Insertable<CampaignTable>;
export type Questionnaire = Selectable<QuestionnaireTable>;
export type School = Selectable<SchoolTable>;
export type Channel = Selectable<ChannelTable>;
export type ResponseRow = Selectable<ResponseTable>;
export type StaffUserRow = Selectable<StaffUserTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
