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
  readonly logLevel: "debug" | "info" | "warn" | "error" | "silent";
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

const logLevels = ["debug", "info", "warn", "error", "silent"] as const;

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
    logLevel: logLevel as Config["logLevel"],
  });
}

/** A config for tests and tools: defaults, overridden field by field. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({ ...loadConfig({ DEMO: "0", LOG_LEVEL: "silent" }), ...overrides });
}
