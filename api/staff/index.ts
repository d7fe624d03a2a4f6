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
  canAccessDistrict,
  ownSchoolId,
  requireCampaignAccess,
  requireSchoolAccess,
} from "./require-staff.ts";
export { type SignedInView, authRoutes, signedInView } from "./routes.ts";
export { type RouteAccess, staffRouter } from "./staff-router.ts";
export { deleteStaffUserByUsername } from "./repository.ts";
export {
  StaffAccountError,
  checkPassword,
  createStaffAccount,
  usernamePattern,
} from "./staff-accounts.ts";
export { liftLoginLock, loginLockedUntil, throttle } from "./login-throttle.ts";
export { hashPassword } from "./password.ts";
export { type NewSessionTokens, createSession } from "./sessions.ts";
export { setSessionCookie } from "./session-cookie.ts";
export { maxPasswordLength } from "./password-rules.ts";
