import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../api/config.ts";
import {
  submissionRateLimits,
  visitRateLimits,
} from "../../../api/integrity/rate-limits-config.ts";
import { defaultSubmissionRateLimits } from "../../../api/integrity/submission-rate-limit.ts";

describe("loadConfig", () => {
  it("has defaults that run the product on the embedded database", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve("data"));
    expect(config.demo).toBe(true);
    expect(config.maxBodyBytes).toBe(65536);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("defaults the submission limits to the built-in ones, and the beacons' to their own", () => {
    const { rateLimits } = loadConfig({});
    expect(submissionRateLimits(rateLimits)).toEqual(defaultSubmissionRateLimits);
    expect(visitRateLimits(rateLimits)).toEqual({
      ip: [
        { seconds: 60, max: 240 },
        { seconds: 3600, max: 2400 },
      ],
      channel: [],
    });
    expect(Object.isFrozen(rateLimits)).toBe(true);
  });

  it("reads the rate limits and refuses a limit that is not a positive integer", () => {
    const { rateLimits } = loadConfig({
      RATE_LIMIT_IP_PER_MINUTE: "10",
      RATE_LIMIT_IP_PER_HOUR: "100",
      RATE_LIMIT_LINK_PER_MINUTE: "500",
      RATE_LIMIT_VISIT_IP_PER_MINUTE: "60",
      RATE_LIMIT_VISIT_IP_PER_HOUR: "900",
    });
    expect(rateLimits).toEqual({
      ipPerMinute: 10,
      ipPerHour: 100,
      linkPerMinute: 500,
      visitIpPerMinute: 60,
      visitIpPerHour: 900,
    });
    expect(submissionRateLimits(rateLimits)).toEqual({
      ip: [
        { seconds: 60, max: 10 },
        { seconds: 3600, max: 100 },
      ],
      channel: [{ seconds: 60, max: 500 }],
    });
    for (const name of [
      "RATE_LIMIT_IP_PER_MINUTE",
      "RATE_LIMIT_IP_PER_HOUR",
      "RATE_LIMIT_LINK_PER_MINUTE",
      "RATE_LIMIT_VISIT_IP_PER_MINUTE",
      "RATE_LIMIT_VISIT_IP_PER_HOUR",
    ]) {
      for (const bad of ["0", "-5", "1.5", "lots"]) {
        expect(() => loadConfig({ [name]: bad })).toThrow(new RegExp(name));
      }
    }
  });

  it("reads every variable it documents", () => {
    const config = loadConfig({
      PORT: "8080",
      DATA_DIR: "/tmp/junheng",
      DATABASE_URL: "postgres://u@db:5432/junheng",
      DEMO: "0",
      PUBLIC_URL: "https://survey.example.cn/",
      TRUST_PROXY: "1",
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: "/tmp/junheng",
      databaseUrl: "postgres://u@db:5432/junheng",
      demo: false,
      publicUrl: "https://survey.example.cn",
      trustProxy: true,
    });
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DEMO: "maybe" })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });
});
