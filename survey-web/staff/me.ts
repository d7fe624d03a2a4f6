import type { SignedInView } from "../../api/staff/index.ts";

/** Sign-in and `GET /api/auth/me`: who, what they may do (api/staff/permissions.ts), and the CSRF token. */
export type Me = SignedInView;
export type SignedInUser = Me["user"];
