import { describe, expect, it } from "vitest";
import { browserFamily, hashIp } from "../../../api/http/client-info.ts";
import { canonicalJson, contentHash } from "../../../api/responses/content-hash.ts";

describe("browserFamily", () => {
  it("recognises WeChat's in-app browser before the Safari/Chrome it embeds", () => {
    const ios =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/4G Language/zh_CN";
    const android =
      "Mozilla/5.0 (Linux; Android 13; V2166A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1110005 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.46.2540(0x28002E37) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64";
    expect(browserFamily(ios)).toBe("wechat");
    expect(browserFamily(android)).toBe("wechat");
    expect(
      browserFamily(
        "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Version/17.4 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("safari");
    expect(browserFamily(undefined)).toBe("unknown");
  });
});

describe("hashIp", () => {
  it("is stable within a campaign, differs across campaigns and peppers, and never contains the address", () => {
    const a = hashIp("203.0.113.7", "salt-a", "pepper");
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(hashIp("203.0.113.7", "salt-a", "pepper")).toBe(a);
    expect(hashIp("203.0.113.7", "salt-b", "pepper")).not.toBe(a);
    expect(hashIp("203.0.113.7", "salt-a", "other")).not.toBe(a);
    expect(hashIp("203.0.113.8", "salt-a", "pepper")).not.toBe(a);
    expect(hashIp(undefined, "salt-a", "pepper")).toBeNull();
  });
});

describe("contentHash", () => {
  it("ignores key order but not values", () => {
    expect(contentHash({ a: 1, b: { c: [1, 2], d: "x" } })).toBe(
      contentHash({ b: { d: "x", c: [1, 2] }, a: 1 }),
    );
    expect(contentHash({ a: 1, b: { c: [2, 1] } })).not.toBe(
      contentHash({ a: 1, b: { c: [1, 2] } }),
    );
  });
});

describe("canonicalJson", () => {
  // The form every stored content_hash was made with: a key-sorted copy, then JSON.stringify.
  function sortedCopy(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortedCopy);
    if (value !== null && typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([k, v]) => [k, sortedCopy(v)]));
    }
    return value;
  }

  // A small deterministic generator (mulberry32), so a failure reproduces.
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const keyPool = [
    "a",
    "B",
    "b",
    "_",
    "10",
    "9",
    "0",
    "01",
    "-1",
    "4294967295",
    "身份",
    "ä",
    "sat_overall",
    "identity",
    "z\u0000",
  ];
  function value(next: () => number, depth: number): unknown {
    const pick = Math.floor(next() * (depth > 3 ? 6 : 8));
    switch (pick) {
      case 0:
        return null;
      case 1:
        return next() < 0.5;
      case 2:
        return [0, -0, 1.5, -7, 1e21, 2 ** 53, Number.NaN][Math.floor(next() * 7)];
      case 3:
        return ["", "satisfied", '引号"与\\反斜杠', "\n\t", "\u2028"][Math.floor(next() * 5)];
      case 4:
        return undefined;
      case 5:
        return "x".repeat(Math.floor(next() * 3));
      case 6:
        return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
      default: {
        const out: Record<string, unknown> = {};
        const n = Math.floor(next() * 6);
        for (let i = 0; i < n; i++)
          out[keyPool[Math.floor(next() * keyPool.length)]!] = value(next, depth + 1);
        return out;
      }
    }
  }

  it("writes exactly the text hashes were first made from, on 5,000 random values", () => {
    const next = random(20261129);
    for (let i = 0; i < 5000; i++) {
      const v = { root: value(next, 0), ...(i % 2 ? { "3": value(next, 1), "12": 1 } : {}) };
      expect(canonicalJson(v)).toBe(JSON.stringify(sortedCopy(v)));
    }
  });
});
