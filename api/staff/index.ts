// The staff feature's public surface: accounts, sessions, sign-in, permissions and the audit log.
export {
  type AuditActor,
  type AuditEvent,
  recordAudit,
  staffAuditor,
  staffIpHash,
} from "./audit.ts";
export { type Permission, can, permissionsOf, permissions, rolesWith } from "./permissions.ts";
export type { StaffUser } from "./repository.ts";
export {
  type StaffContext,
  type StaffEnv,
  canAccessCampaign,
  canAccessSchool,
  requireCampaignAccess,
  requireSchoolAccess,
} from "./require-staff.ts";
export { type SignedInView, authRoutes } from "./routes.ts";
export { type RouteAccess, staffRouter } from "./staff-router.ts";
export { deleteStaffUserByUsername } from "./repository.ts";
export { createStaffAccount } from "./staff-accounts.ts";
