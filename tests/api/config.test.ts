import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../api/config.ts";

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
