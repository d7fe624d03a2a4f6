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
