import type { StaffRole } from "../db/database.ts";

/**
 * What a staff account may do, by name. Routes require one (api/staff/staff-router.ts),
 * the OpenAPI document lists the roles that hold it, and the staff pages show a door only
 * to accounts holding its permission (`GET /api/auth/me` sends them).
 */
export const permissions = {
  "campaign.read": "see the campaign's settings and sample plan",
  "campaign.manage": "change the campaign's settings",
  "questionnaires.read":
    "the campaign's questionnaire versions, their responses per version, the JSON export",
  "questionnaires.manage":
    "edit a questionnaire (saved as its next version) and import SurveyJS JSON",
  "schools.read": "list schools (a school account: its own) and the import templates",
  "schools.manage": "import and edit schools",
  "channels.read": "list links (a school account: its own school's)",
  "channels.create": "create links (a school account: for its own school)",
  "posters.download": "QR codes and printable posters (a school account: its own school's)",
  "paper.enter": "type in paper sheets, resolve double entries, record sheets handed out",
  "interviewers.manage": "create, list and disable the campaign's interviewer codes",
  "dashboard.read": "progress against the targets (a school account: its own school's)",
  "counts.exact": "see counts under 5 as they are; others see '<5'",
  "report.read": "the weighted report and its settings (publicity: awareness)",
  "report.satisfaction": "the report's satisfaction part, not only awareness",
  "analysis.manage": "change the analysis settings",
  "responses.export": "export raw responses, the report workbook and the school list",
  "integrity.summary": "the integrity counts beside the report",
  "integrity.read": "the integrity page (counts only without integrity.review)",
  "integrity.review": "flags, rate-limit settings and exclusions",
  "assessment.read": "the readiness page: coefficients, standards, vetoes, scores",
  "assessment.manage": "enter school figures, scores, budgets, vetoes and evidence",
  "accounts.manage": "create, change, disable and reset the district's staff accounts",
} as const;

export type Permission = keyof typeof permissions;

const everyone = ["admin", "school", "publicity", "viewer"] as const;
const bureau = ["admin", "viewer"] as const;
const readers = ["admin", "publicity", "viewer"] as const;
const makers = ["admin", "school"] as const;

/**
 * The one role → permission table. The bureau (admin) does everything; a school account
 * sees its own school's progress and makes its own links and posters, never answers,
 * comments or the report; publicity watches progress and awareness; a viewer reads
 * aggregates. School staff never see individual answers (docs/satisfaction.md).
 */
const holders: Record<Permission, readonly StaffRole[]> = {
  "campaign.read": everyone,
  "campaign.manage": ["admin"],
  "questionnaires.read": bureau,
  "questionnaires.manage": ["admin"],
  "schools.read": everyone,
  "schools.manage": ["admin"],
  "channels.read": everyone,
  "channels.create": makers,
  "posters.download": makers,
  "paper.enter": ["admin"],
  "interviewers.manage": ["admin"],
  "dashboard.read": everyone,
  "counts.exact": ["admin"],
  "report.read": readers,
  "report.satisfaction": bureau,
  "analysis.manage": ["admin"],
  "responses.export": ["admin"],
  "integrity.summary": readers,
  "integrity.read": bureau,
  "integrity.review": ["admin"],
  "assessment.read": bureau,
  "assessment.manage": ["admin"],
  "accounts.manage": ["admin"],
};

export function can(role: StaffRole, permission: Permission): boolean {
  return holders[permission].includes(role);
}

export function rolesWith(permission: Permission): readonly StaffRole[] {
  return holders[permission];
}

export function permissionsOf(role: StaffRole): Permission[] {
  return (Object.keys(holders) as Permission[]).filter((p) => can(role, p));
}
