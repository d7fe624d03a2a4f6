import { beforeAll, describe, expect, it } from "vitest";
import type { StaffRole } from "../../../api/db/database.ts";
import { type Permission, permissionsOf, rolesWith } from "../../../api/staff/permissions.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { type SignedIn, signedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

/*
 * Who may call what, three ways that must agree: this file's table (a change of a
 * route's permission is a deliberate edit here too), the OpenAPI document (built from
 * the route declarations and the role → permission table) and what the running routes
 * enforce, called as every role and as nobody.
 */
const expectedPermission: Record<string, Permission | "public" | "signed-in"> = {
  "GET /api/health": "public",
  "GET /api/openapi.json": "public",
  "PUT /api/responses/{id}": "public",
  "PUT /api/visits/{id}": "public",
  "POST /api/auth/login": "public",
  "POST /api/auth/logout": "signed-in",
  "GET /api/auth/me": "signed-in",
  "POST /api/auth/password": "signed-in",
  "POST /api/setup/check": "public",
  "POST /api/setup": "public",
  "GET /api/campaigns": "campaign.read",
  "GET /api/campaigns/{id}": "campaign.read",
  "PATCH /api/campaigns/{id}": "campaign.manage",
  "POST /api/campaigns": "campaign.manage",
  "POST /api/campaigns/{id}/copy": "campaign.manage",
  "PUT /api/campaigns/{id}/scale": "campaign.manage",
  "DELETE /api/campaigns/{id}": "campaign.manage",
  "POST /api/campaigns/{id}/open": "campaign.manage",
  "POST /api/campaigns/{id}/close": "campaign.manage",
  "POST /api/campaigns/{id}/reopen": "campaign.manage",
  "POST /api/campaigns/{id}/archive": "campaign.manage",
  "GET /api/campaigns/{id}/sample-plan": "campaign.read",
  "GET /api/campaigns/{id}/questionnaires": "questionnaires.read",
  "GET /api/campaigns/{id}/questionnaires/{key}": "questionnaires.read",
  "PUT /api/campaigns/{id}/questionnaires/{key}": "questionnaires.manage",
  "POST /api/campaigns/{id}/questionnaires/{key}/check": "questionnaires.manage",
  "GET /api/campaigns/{id}/questionnaires/{key}/export.json": "questionnaires.read",
  "GET /api/schools/template.csv": "schools.read",
  "GET /api/schools/template.xlsx": "schools.read",
  "GET /api/campaigns/{id}/schools": "schools.read",
  "POST /api/campaigns/{id}/schools/import": "schools.manage",
  "PATCH /api/campaigns/{id}/schools/{schoolId}": "schools.manage",
  "GET /api/campaigns/{campaignId}/channels": "channels.read",
  "POST /api/campaigns/{campaignId}/channels": "channels.create",
  "GET /api/channels/{id}/qr.svg": "posters.download",
  "GET /api/channels/{id}/qr.png": "posters.download",
  "GET /api/channels/{id}/poster": "posters.download",
  "GET /api/campaigns/{campaignId}/posters.zip": "posters.download",
  "GET /api/campaigns/{campaignId}/interviewers": "interviewers.manage",
  "POST /api/campaigns/{campaignId}/interviewers": "interviewers.manage",
  "POST /api/interviewers/{id}/disable": "interviewers.manage",
  "POST /api/interviewers/{id}/enable": "interviewers.manage",
  "POST /api/interviewer-sessions": "public",
  "POST /api/call-attempts": "public",
  "GET /api/campaigns/{campaignId}/paper-links": "paper.enter",
  "GET /api/channels/{id}/paper-questionnaire": "posters.download",
  "GET /api/channels/{id}/paper-form": "paper.enter",
  "PUT /api/channels/{id}/distributed-count": "paper.enter",
  "GET /api/channels/{id}/paper-sheets": "paper.enter",
  "POST /api/channels/{id}/paper-sheets": "paper.enter",
  "GET /api/channels/{id}/paper-sheets/{sheet}": "paper.enter",
  "POST /api/channels/{id}/paper-sheets/{sheet}/resolution": "paper.enter",
  "GET /api/campaigns/{id}/dashboard": "dashboard.read",
  "GET /api/campaigns/{id}/integrity": "integrity.summary",
  "GET /api/campaigns/{id}/integrity/flags": "integrity.review",
  "GET /api/campaigns/{id}/integrity/settings": "integrity.review",
  "PUT /api/campaigns/{id}/integrity/settings": "integrity.review",
  "GET /api/campaigns/{id}/exclusions": "integrity.review",
  "POST /api/campaigns/{id}/exclusions": "integrity.review",
  "GET /api/campaigns/{id}/report": "report.read",
  "GET /api/campaigns/{id}/analysis-settings": "report.read",
  "PUT /api/campaigns/{id}/analysis-settings": "analysis.manage",
  "GET /api/campaigns/{id}/exports/responses.csv": "responses.export",
  "GET /api/campaigns/{id}/exports/responses.xlsx": "responses.export",
  "GET /api/campaigns/{id}/exports/report.xlsx": "responses.export",
  "GET /api/campaigns/{id}/exports/schools.csv": "responses.export",
  "GET /api/school-indicators/template.csv": "assessment.read",
  "GET /api/school-indicators/template.xlsx": "assessment.read",
  "GET /api/campaigns/{id}/school-indicators": "assessment.read",
  "PUT /api/campaigns/{id}/school-indicators": "assessment.manage",
  "POST /api/campaigns/{id}/school-indicators/import": "assessment.manage",
  "GET /api/campaigns/{id}/government-score": "assessment.read",
  "PUT /api/campaigns/{id}/government-score": "assessment.manage",
  "GET /api/campaigns/{id}/budget-years": "assessment.read",
  "PUT /api/campaigns/{id}/budget-years": "assessment.manage",
  "GET /api/campaigns/{id}/assessment-settings": "assessment.read",
  "PUT /api/campaigns/{id}/assessment-settings": "assessment.manage",
  "GET /api/campaigns/{id}/vetoes": "assessment.read",
  "GET /api/campaigns/{id}/vetoes/{itemId}": "assessment.read",
  "PUT /api/campaigns/{id}/vetoes/{itemId}": "assessment.manage",
  "GET /api/campaigns/{id}/vetoes/{itemId}/files": "assessment.read",
  "POST /api/campaigns/{id}/vetoes/{itemId}/files": "assessment.manage",
  "GET /api/campaigns/{id}/vetoes/{itemId}/files/{fileId}": "assessment.read",
  "GET /api/campaigns/{id}/difference-coefficients": "assessment.read",
  "GET /api/campaigns/{id}/difference-coefficients/what-if": "assessment.read",
  "GET /api/campaigns/{id}/readiness": "assessment.read",
  "GET /api/accounts": "accounts.manage",
  "POST /api/accounts": "accounts.manage",
  "PATCH /api/accounts/{id}": "accounts.manage",
  "POST /api/accounts/{id}/disable": "accounts.manage",
  "POST /api/accounts/{id}/enable": "accounts.manage",
  "POST /api/accounts/{id}/password-reset": "accounts.manage",
  "POST /api/accounts/schools": "accounts.manage",
  "GET /api/accounts/login-qr.svg": "accounts.manage",
};

const roles: readonly StaffRole[] = ["admin", "school", "publicity", "viewer"];

interface DocOperation {
  security: Record<string, string[]>[];
  "x-permission"?: string;
  "x-roles"?: string[];
}
type Doc = { paths: Record<string, Record<string, DocOperation>> };

function operationsOf(doc: Doc): { key: string; method: string; path: string; op: DocOperation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      op,
    })),
  );
}

/**
 * A concrete URL: the real campaign, and ids that name nothing elsewhere, so an allowed
 * role meets 404 or 400 at worst, never the permission check's 403.
 */
function urlOf(path: string, campaignId: number): string {
  return path
    .replace(/\{(id|campaignId)\}/, String(campaignId))
    .replace("/api/channels/" + String(campaignId), "/api/channels/999999")
    .replace("/api/accounts/" + String(campaignId), "/api/accounts/999999")
    .replace("/api/interviewers/" + String(campaignId), "/api/interviewers/999999")
    .replace(/\{\w+\}/g, (param) =>
      param === "{id}" && path.startsWith("/api/responses")
        ? "00000000-0000-4000-8000-000000000000"
        : param === "{id}" && path.startsWith("/api/visits")
          ? "00000000-0000-4000-8000-000000000001"
          : "999999",
    );
}

describe.each(availableDbKinds())("every route as every role on %s", (kind) => {
  const ctx = useSeededApp(kind, { seed: { schools: 2 } });
  const { seeded } = ctx;
  let doc: Doc;
  const accounts = new Map<StaffRole, SignedIn>();

  beforeAll(async () => {
    for (const role of roles) {
      accounts.set(
        role,
        await signedIn(ctx.app, ctx.db, {
          username: `as-${role}`,
          role,
          campaignId: seeded.campaignId,
          ...(role === "school" ? { schoolCode: seeded.schoolCodes[0] } : {}),
        }),
      );
    }
    doc = (await (await ctx.app.request("/api/openapi.json")).json()) as Doc;
  });

  // A body no route accepts: state-changing calls are refused before they change anything.
  const call = (who: SignedIn | undefined, method: string, url: string) => {
    const init: RequestInit = { method };
    if (method !== "GET") {
      init.headers = { "content-type": "application/json" };
      init.body = "{not json";
    }
    return who ? who.request(url, init) : ctx.app.request(url, init);
  };

  it("documents each route with the permission this file expects, and the roles that hold it", () => {
    const documented = Object.fromEntries(
      operationsOf(doc).map(({ key, op }) => [
        key,
        op["x-permission"] ?? (op.security.length === 0 ? "public" : "signed-in"),
      ]),
    );
    expect(documented).toEqual(expectedPermission);
    for (const { key, op } of operationsOf(doc)) {
      const permission = op["x-permission"] as Permission | undefined;
      if (permission) expect(op["x-roles"], key).toEqual([...rolesWith(permission)]);
      else expect(op["x-roles"], key).toBeUndefined();
    }
  });

  it("enforces what it documents: the roles listed get past the check, the others 403, nobody 401", async () => {
    const enforced: Record<string, string[]> = {};
    const documented: Record<string, string[]> = {};
    // Signing out ends the session the other calls use, so it goes last.
    const ordered = operationsOf(doc).sort(
      (a, b) => Number(a.key.endsWith("/logout")) - Number(b.key.endsWith("/logout")),
    );
    for (const { key, method, path, op } of ordered) {
      const url = urlOf(path, seeded.campaignId);
      const anonymous = await call(undefined, method, url);
      if (op.security.length === 0) {
        expect([401, 403], `${key} anonymous`).not.toContain(anonymous.status);
        continue;
      }
      expect(anonymous.status, `${key} anonymous`).toBe(401);
      documented[key] = op["x-roles"] ?? [...roles];
      enforced[key] = [];
      for (const role of roles) {
        const res = await call(accounts.get(role), method, url);
        expect(res.status, `${key} as ${role}`).not.toBe(401);
        if (res.status === 403) {
          const body = (await res.json()) as { error: { code: string } };
          expect(body.error.code, `${key} as ${role}`).toBe("forbidden");
        } else enforced[key].push(role);
      }
      enforced[key].sort();
      documented[key] = [...documented[key]].sort();
    }
    expect(enforced).toEqual(documented);
  });

  it("sends each account its permissions, the ones the staff pages show doors for", async () => {
    for (const role of roles) {
      const res = await accounts.get(role)!.request("/api/auth/me");
      // The previous test signed every account out last; sign-in state is not what this checks.
      if (res.status === 401) continue;
      expect(((await res.json()) as { permissions: string[] }).permissions).toEqual(
        permissionsOf(role),
      );
    }
  });
});
