import { z } from "zod";
import { submissionSchema } from "../responses/submission-schema.ts";
import type { ApiOperation } from "../http/openapi/registry.ts";

/*
 * Routes whose modules do not describe themselves (health, auth, the
 * submission endpoint) and this document's own. The login and password
 * bodies are described in words: api/staff/routes.ts keeps its schemas private.
 */
export const coreOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/health",
    tag: "system",
    access: "public",
    summary: { zh: "健康检查（数据库可查询）", en: "Health check (the database answers a query)" },
    responses: { 200: { description: '{ status: "ok", db }', contentType: "application/json" } },
    errors: { 503: "service_unavailable: the database does not answer" },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    tag: "system",
    access: "public",
    summary: { zh: "本 API 的 OpenAPI 3.1 文档", en: "This API as an OpenAPI 3.1 document" },
    responses: { 200: { description: "OpenAPI 3.1", contentType: "application/json" } },
  },
  {
    method: "put",
    path: "/api/responses/:id",
    tag: "responses",
    access: "public",
    summary: {
      zh: "提交一份完成的问卷（幂等：同一 id 重试不会重复保存）",
      en: "Submit one completed answer sheet (idempotent: a retry with the same id stores nothing twice)",
    },
    params: { id: z.uuid() },
    // The default of MAX_BODY_BYTES (api/config.ts).
    body: { schema: submissionSchema, maxBytes: 64 * 1024 },
    responses: { 200: { description: "{ id, receivedAt }", contentType: "application/json" } },
    errors: {
      404: "channel_not_found: no link with this token",
      409: "response_conflict: another answer sheet was stored under this id",
      410: "campaign_not_open: the campaign does not take answers now",
      422: "invalid_answers (details per question) or questionnaire_mismatch",
      429: "rate_limited: too many submissions; retry after Retry-After seconds",
    },
  },
  {
    method: "post",
    path: "/api/auth/login",
    tag: "auth",
    access: "public",
    summary: {
      zh: "登录：设置会话 Cookie，返回 CSRF 令牌（连续失败会临时锁定）",
      en: "Sign in: sets the session cookie, returns the CSRF token (repeated failures lock the account for a while)",
    },
    body: {
      maxBytes: 4096,
      contentTypes: { "application/json": "{ username: string (1–64), password: string }" },
    },
    responses: { 200: { description: "{ user, csrfToken }", contentType: "application/json" } },
    errors: {
      401: "invalid_credentials",
      429: "login_locked: too many failures; retry after Retry-After seconds",
    },
  },
  {
    method: "post",
    path: "/api/auth/logout",
    tag: "auth",
    access: "staff",
    summary: { zh: "退出登录", en: "Sign out" },
    responses: { 204: { description: "signed out" } },
  },
  {
    method: "get",
    path: "/api/auth/me",
    tag: "auth",
    access: "staff",
    summary: { zh: "当前账号及其 CSRF 令牌", en: "The signed-in account and its CSRF token" },
    responses: { 200: { description: "{ user, csrfToken }", contentType: "application/json" } },
  },
  {
    method: "post",
    path: "/api/auth/password",
    tag: "auth",
    access: "staff",
    summary: { zh: "修改密码（其他会话随之失效）", en: "Change the password (other sessions end)" },
    body: {
      maxBytes: 4096,
      contentTypes: { "application/json": "{ currentPassword: string, newPassword: string }" },
    },
    responses: { 204: { description: "changed" } },
    errors: { 403: "wrong_current_password (or csrf_failed)" },
  },
];
