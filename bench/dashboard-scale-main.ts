import { benchDashboardAtScale } from "./dashboard-scale.ts";

/**
 * `npx tsx bench/dashboard-scale-main.ts [responses] [seconds] [submissions/s]`:
 * the dashboard at scale on PostgreSQL (BENCH_DATABASE_URL, TEST_DATABASE_URL
 * or the local default); prints the figures as JSON. Defaults: 1,000,000
 * responses, 20 s, 100 submissions per second meanwhile.
 */
const responses = Number(process.argv[2] ?? 1_000_000);
const seconds = Number(process.argv[3] ?? 20);
const submissionRate = Number(process.argv[4] ?? 100);
if (
  !Number.isInteger(responses) ||
  responses < 1 ||
  !(seconds > 0) ||
  !Number.isInteger(submissionRate) ||
  submissionRate < 0
) {
  process.stderr.write(
    "usage: dashboard-scale-main.ts [responses ≥ 1] [seconds > 0] [submissions/s ≥ 0]\n",
  );
  process.exit(2);
}
const postgresUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";
const result = await benchDashboardAtScale({ postgresUrl, responses, seconds, submissionRate });
process.stdout.write(
  `${JSON.stringify({ requested: responses, seconds, submissionRate, ...result }, null, 2)}\n`,
);
