import { describe, expect, it } from "vitest";
import { browserFamily, hashIp } from "../../api/services/client-info.ts";
import { contentHash } from "../../api/services/content-hash.ts";

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
