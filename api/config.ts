import path from "node:path";

/**
 * The one reader of process.env. Everything else receives a frozen Config.
 * A missing or malformed variable is named in the error at start-up.
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where PGlite keeps its files when no DATABASE_URL is given. */
  readonly dataDir: string;
  /** A PostgreSQL URL; when absent the embedded PGlite database is used. */
  readonly databaseUrl: string | undefined;
  /** Create the demo district on an empty database. */
  readonly demo: boolean;
  /** The address printed in links (posters, start-up); defaults to http://localhost:PORT. */
  readonly publicUrl: string | undefined;
  /** Extra secret mixed into IP hashes, so a database dump alone cannot reverse them. */
  readonly ipHashPepper: string;
  /** Use the first X-Forwarded-For address as the client address (behind a reverse proxy). */
  readonly trustProxy: boolean;
  /** Largest accepted submission body, in bytes. */
  readonly maxBodyBytes: number;
  /**
   * How long a link's details are kept for submissions (ms; 0: looked up every time). A
   * campaign closed or a link changed by staff reaches submissions within this time.
   */
  readonly channelCacheMs: number;
  /**
   * Longest a PostgreSQL statement may run (ms): a slow or locked database fails requests
   * with 503 and Retry-After instead of piling them up.
   */
  readonly statementTimeoutMs: number;
  /** API processes on this machine (node:cluster, one port); more than 1 needs DATABASE_URL. */
  readonly workers: number;
  readonly logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** Abuse limits (api/integrity/rate-limits-config.ts turns them into rate windows). */
  readonly rateLimits: RateLimitConfig;
}

/** Most submissions and funnel beacons accepted per window; a school gate's crowd must pass. */
export interface RateLimitConfig {
  /** Submissions per keyed IP hash per minute. */
  readonly ipPerMinute: number;
  /** Submissions per keyed IP hash per hour. */
  readonly ipPerHour: number;
  /** Submissions per link per minute, from everyone together. */
  readonly linkPerMinute: number;
  /** Funnel beacons (PUT /api/visits/:id) per keyed IP hash per minute. */
  readonly visitIpPerMinute: number;
  /** Funnel beacons per keyed IP hash per hour. */
  readonly visitIpPerHour: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be 1/0 (or true/false), got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(" or ")}`);
  }
  return raw.replace(/\/+$/, "");
}

const maxRate = 1_000_000;

/** Defaults = api/integrity/submission-rate-limit.ts's defaultSubmissionRateLimits, and the beacons'. */
function rateLimits(env: Env): RateLimitConfig {
  return Object.freeze({
    ipPerMinute: integer(env, "RATE_LIMIT_IP_PER_MINUTE", 40, 1, maxRate),
    ipPerHour: integer(env, "RATE_LIMIT_IP_PER_HOUR", 600, 1, maxRate),
    linkPerMinute: integer(env, "RATE_LIMIT_LINK_PER_MINUTE", 6000, 1, maxRate),
    visitIpPerMinute: integer(env, "RATE_LIMIT_VISIT_IP_PER_MINUTE", 240, 1, maxRate),
    visitIpPerHour: integer(env, "RATE_LIMIT_VISIT_IP_PER_HOUR", 2400, 1, maxRate),
  });
}

const logLevels = ["debug", "info", "warn", "error", "silent"] as const;

function workers(env: Env): number {
  const count = integer(env, "WORKERS", 1, 1, 64);
  if (count > 1 && !env.DATABASE_URL) {
    throw new ConfigError(
      "WORKERS above 1 needs DATABASE_URL: the embedded PGlite database belongs to one process",
    );
  }
  return count;
}

export function loadConfig(env: Env = process.env): Config {
  const logLevel = env.LOG_LEVEL ?? "info";
  if (!(logLevels as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(", ")}, got "${logLevel}"`);
  }
  return Object.freeze({
    port: integer(env, "PORT", 3000, 0, 65535),
    host: env.HOST || "0.0.0.0",
    dataDir: path.resolve(env.DATA_DIR || "data"),
    databaseUrl: url(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    demo: flag(env, "DEMO", true),
    publicUrl: url(env, "PUBLIC_URL", ["http:", "https:"]),
    ipHashPepper: env.IP_HASH_PEPPER ?? "",
    trustProxy: flag(env, "TRUST_PROXY", false),
    maxBodyBytes: integer(env, "MAX_BODY_BYTES", 64 * 1024, 1024, 1024 * 1024),
    channelCacheMs: integer(env, "CHANNEL_CACHE_MS", 2000, 0, 60_000),
    statementTimeoutMs: integer(env, "DB_STATEMENT_TIMEOUT_MS", 15_000, 100, 600_000),
    workers: workers(env),
    logLevel: logLevel as Config["logLevel"],
    rateLimits: rateLimits(env),
  });
}

/**
 * A config for tests and tools: defaults, overridden field by field; links looked up on
 * every submission (tests change campaigns under the app and submit at once).
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({
    ...loadConfig({ DEMO: "0", LOG_LEVEL: "silent", CHANNEL_CACHE_MS: "0" }),
    ...overrides,
  });
}
