import { benchAnalysisAtScale } from "./analysis-scale.ts";

/**
 * `npx tsx bench/analysis-scale-main.ts [responses] [--keep]`: the analysis at scale
 * (analysis-scale.ts) on BENCH_DATABASE_URL / TEST_DATABASE_URL (default the local test
 * server); progress on stderr, the result as JSON on stdout.
 */
const args = process.argv.slice(2);
const responses = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const postgresUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";

const result = await benchAnalysisAtScale({
  postgresUrl,
  responses,
  keep: args.includes("--keep"),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify({ responses, ...result })}\n`);
