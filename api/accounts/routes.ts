import type { Context } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { qrSvg } from "../channels/index.ts";
import { findCampaign } from "../campaigns/index.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { notFound } from "../http/errors.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import {
  type StaffEnv,
  canAccessDistrict,
  staffAuditor,
  staffIpHash,
  staffRouter,
} from "../staff/index.ts";
import {
  type AccountActor,
  type IssuedAccount,
  changeAccount,
  createAccount,
  disableAccount,
  enableAccount,
  resetPassword,
} from "./account-changes.ts";
import { accountJson } from "./account-json.ts";
import { loginLocks } from "./account-locks.ts";
import { type AccountRow, findAccount, listAccounts } from "./repository.ts";
import { createSchoolAccounts } from "./school-accounts.ts";

const role = z.enum(["admin", "school", "publicity", "viewer"]);
const schoolCode = z.string().trim().min(1).max(50);

/** `POST /api/accounts`: the server makes the temporary password. */
export const newAccountSchema = z.strictObject({
  role,
  username: z.string().trim().min(1).max(64),
  displayName: z.string().trim().max(100).optional(),
  /** A school account's school, by its code in the district's school list. */
  schoolCode: schoolCode.optional(),
  /** Only for an operator's admin, who belongs to no district. */
  districtId: z.number().int().positive().optional(),
});

/** `PATCH /api/accounts/:id`: a new role, school (a school account's) or display name. */
export const accountPatchSchema = z.strictObject({
  role: role.optional(),
  schoolCode: schoolCode.nullable().optional(),
  displayName: z.string().trim().min(1).max(100).optional(),
});

/** `POST /api/accounts/schools`: one school account per school of this campaign. */
export const schoolAccountsSchema = z.strictObject({
  campaignId: z.number().int().positive(),
});

const maxBodyBytes = 4096;

/**
 * A bureau's staff accounts, managed in the browser by its admins: list, create, change
 * role or school, disable and enable, reset the password, and one account per school at
 * once. New and reset passwords are made here and answered once; they must be changed at
 * the next sign-in. An admin sees its district's accounts only (an operator's admin, every
 * district's); another district's account answers 404. Every change is audit-logged.
 */
export function accountRoutes(deps: { db: Kysely<Database>; config: Config; now?: () => Date }) {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const audit = staffAuditor(config);
  // The address a slip prints and its QR code encodes: where a new account signs in.
  const loginUrl = (c: Context) =>
    `${(config.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, "")}/staff/`;

  const actorOf = (c: Context<StaffEnv>): AccountActor => ({
    user: c.get("staff").user,
    audit: (trx, event) => audit(trx, c, event),
    ipHash: staffIpHash(c, config),
    now: now(),
  });

  async function accountOf(c: Context<StaffEnv>): Promise<AccountRow> {
    const id = Number(c.req.param("id"));
    const account =
      Number.isSafeInteger(id) && id > 0
        ? await findAccount(db, id, c.get("staff").user.districtId)
        : undefined;
    if (!account) throw notFound();
    return account;
  }

  async function view(row: AccountRow) {
    const locks = await loginLocks(db, [row], now());
    return accountJson(row, locks.get(row.id));
  }

  const issued = async (c: Context, made: IssuedAccount) => ({
    account: await view(made.account),
    temporaryPassword: made.temporaryPassword,
    loginUrl: loginUrl(c),
  });

  return staffRouter(deps)
    .route(
      {
        method: "get",
        path: "/accounts",
        tag: "accounts",
        access: "accounts.manage",
        summary: {
          zh: "本区的工作人员账号：角色、学校、最近登录、是否锁定或停用",
          en: "The district's staff accounts: role, school, last sign-in, locked or disabled",
        },
        responses: {
          200: { description: "{ accounts, loginUrl }", contentType: "application/json" },
        },
      },
      async (c) => {
        const rows = await listAccounts(db, c.get("staff").user.districtId);
        const locks = await loginLocks(db, rows, now());
        return c.json(
          {
            accounts: rows.map((row) => accountJson(row, locks.get(row.id))),
            loginUrl: loginUrl(c),
          },
          200,
        );
      },
    )
    .route(
      {
        method: "post",
        path: "/accounts",
        tag: "accounts",
        access: "accounts.manage",
        summary: {
          zh: "新建账号：返回只显示这一次的临时密码，首次登录须修改",
          en: "Create an account: answers its temporary password once; it must be changed at the first sign-in",
        },
        body: { schema: newAccountSchema, maxBytes: maxBodyBytes },
        responses: {
          201: {
            description: "{ account, temporaryPassword, loginUrl }",
            contentType: "application/json",
          },
        },
        errors: {
          409: "username_taken",
          422: "invalid_account (username, school code, role) or district_required",
        },
      },
      async (c) => {
        const body = await readJsonBody(c, newAccountSchema, maxBodyBytes);
        const made = await createAccount(db, actorOf(c), body);
        return c.json(await issued(c, made), 201);
      },
    )
    .route(
      {
        method: "patch",
        path: "/accounts/:id",
        tag: "accounts",
        access: "accounts.manage",
        summary: {
          zh: "修改账号的角色、学校（学校代码）或名称",
          en: "Change an account's role, school (by code) or display name",
        },
        body: { schema: accountPatchSchema, maxBytes: maxBodyBytes },
        responses: { 200: { description: "the account", contentType: "application/json" } },
        errors: {
          409: "own_account: an admin keeps its own role",
          422: "invalid_account: no such school in the district, or a school for a non-school role",
        },
      },
      async (c) => {
        const account = await accountOf(c);
        const body = await readJsonBody(c, accountPatchSchema, maxBodyBytes);
        return c.json(await view(await changeAccount(db, actorOf(c), account, body)), 200);
      },
    )
    .route(
      {
        method: "post",
        path: "/accounts/:id/disable",
        tag: "accounts",
        access: "accounts.manage",
        summary: { zh: "停用账号（其会话随之结束）", en: "Disable an account (its sessions end)" },
        responses: { 200: { description: "the account", contentType: "application/json" } },
        errors: { 409: "own_account: an admin cannot disable itself" },
      },
      async (c) => {
        const account = await accountOf(c);
        return c.json(await view(await disableAccount(db, actorOf(c), account)), 200);
      },
    )
    .route(
      {
        method: "post",
        path: "/accounts/:id/enable",
        tag: "accounts",
        access: "accounts.manage",
        summary: { zh: "重新启用账号", en: "Enable an account again" },
        responses: { 200: { description: "the account", contentType: "application/json" } },
      },
      async (c) => {
        const account = await accountOf(c);
        return c.json(await view(await enableAccount(db, actorOf(c), account)), 200);
      },
    )
    .route(
      {
        method: "post",
        path: "/accounts/:id/password-reset",
        tag: "accounts",
        access: "accounts.manage",
        summary: {
          zh: "重置密码：返回只显示这一次的临时密码，会话结束，登录锁定解除，下次登录须修改",
          en: "Reset the password: answers a temporary password once; sessions end, the login lock lifts, it must be changed at the next sign-in",
        },
        responses: {
          200: {
            description: "{ account, temporaryPassword, loginUrl }",
            contentType: "application/json",
          },
        },
        errors: { 409: "own_account: change your own password with POST /api/auth/password" },
      },
      async (c) => {
        const account = await accountOf(c);
        return c.json(await issued(c, await resetPassword(db, actorOf(c), account)), 200);
      },
    )
    .route(
      {
        method: "post",
        path: "/accounts/schools",
        tag: "accounts",
        access: "accounts.manage",
        summary: {
          zh: "为活动的每所学校创建学校账号（已有账号的学校跳过），返回只显示这一次的临时密码",
          en: "Create a school account for each school of a campaign (schools with one are skipped); answers the temporary passwords once",
        },
        body: { schema: schoolAccountsSchema, maxBytes: maxBodyBytes },
        responses: {
          201: {
            description: "{ created: [{ account, temporaryPassword }], skipped, loginUrl }",
            contentType: "application/json",
          },
        },
        errors: { 404: "not_found: no such campaign in the district" },
      },
      async (c) => {
        const { campaignId } = await readJsonBody(c, schoolAccountsSchema, maxBodyBytes);
        const campaign = await findCampaign(db, campaignId);
        if (!campaign || !canAccessDistrict(c.get("staff").user, campaign.district_id)) {
          throw notFound();
        }
        const made = await createSchoolAccounts(db, actorOf(c), campaign);
        const created = await Promise.all(made.created.map((one) => issued(c, one)));
        return c.json(
          {
            created: created.map(({ account, temporaryPassword }) => ({
              account,
              temporaryPassword,
            })),
            skipped: made.skipped,
            loginUrl: loginUrl(c),
          },
          created.length > 0 ? 201 : 200,
        );
      },
    )
    .route(
      {
        method: "get",
        path: "/accounts/login-qr.svg",
        tag: "accounts",
        access: "accounts.manage",
        summary: {
          zh: "登录地址的二维码（SVG），印在账号条上",
          en: "The sign-in address as a QR code (SVG), for the credential slips",
        },
        responses: { 200: { description: "SVG", contentType: "image/svg+xml" } },
      },
      async (c) => {
        c.header("Content-Type", "image/svg+xml");
        return c.body(await qrSvg(loginUrl(c)));
      },
    );
}
