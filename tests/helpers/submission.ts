import { randomUUID } from "node:crypto";
import type { Hono } from "hono";

/** A complete, valid social-questionnaire answer sheet for a school-poster link (school preset). */
export function validSocialAnswers(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    identity: "parent",
    child_level: "primary_high",
    sat_nearby_enrolment: "satisfied",
    sat_facility_gap: "basically_satisfied",
    sat_teacher_gap: "satisfied",
    sat_school_choice: "unknown",
    sat_government_effort: "satisfied",
    sat_overall: "satisfied",
    aware_campaign: "heard",
    aware_source: ["letter", "wechat_account"],
    comment: "希望增加课后服务。",
    ...overrides,
  };
}

export function submissionBody(
  channel: string,
  answers: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const completedAt = new Date();
  const startedAt = new Date(completedAt.getTime() - 180_000);
  return {
    channel,
    answers,
    startedAt: startedAt.toISOString(),
    completedAt: completedAt.toISOString(),
    pageSeconds: { intro: 20, items: 120, awareness: 30, comment: 10 },
    deviceToken: randomUUID(),
    locale: "zh-cn",
    ...extra,
  };
}

/** PUT a JSON body (or raw text) through the app in-process. */
export function put(app: Hono, id: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(`/api/responses/${id}`, {
    method: "PUT",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
