import { randomUUID } from "node:crypto";
import autocannon from "autocannon";

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  failed: number;
}

/**
 * PUTs one of `bodies` (at random) to /api/responses/<fresh uuid> from `connections`
 * clients for `seconds`.
 */
export async function submissionLoad(
  port: number,
  bodies: readonly string[],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: "PUT",
        headers: { "content-type": "application/json" },
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          body: bodies[Math.floor(Math.random() * bodies.length)],
          path: `/api/responses/${randomUUID()}`,
        }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result["2xx"],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * A realistic answer sheet (~1 KB): a parent on a school's poster link (`token`; none for the
 * bare ceiling, which stores any JSON).
 */
export function submissionBody(token: string | undefined): string {
  return JSON.stringify({
    ...(token === undefined ? {} : { channel: token }),
    answers: {
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
      comment: "孩子在学校很开心，希望课后服务再丰富一些，作业量也合适。",
    },
    startedAt: new Date(Date.now() - 200_000).toISOString(),
    completedAt: new Date().toISOString(),
    pageSeconds: { intro: 21.5, items: 120.2, awareness: 33.1, comment: 25.7 },
    deviceToken: "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
    locale: "zh-cn",
  });
}
