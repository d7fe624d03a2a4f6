import { describe, expect, it } from "vitest";
import { schoolUsername } from "../../../api/accounts/school-username.ts";
import { usernamePattern } from "../../../api/staff/staff-accounts.ts";

describe("a school account's username from its code", () => {
  const none = new Set<string>();

  it("is the code in lower case when that is a valid username", () => {
    expect(schoolUsername("DS001", none)).toBe("ds001");
    expect(schoolUsername(" 4401060001 ", none)).toBe("4401060001");
  });

  it("gets a prefix when the code alone is not a username", () => {
    expect(schoolUsername("7", none)).toBe("school-7");
    expect(schoolUsername("一中 No.3", none)).toBe("school-no.3");
    expect(schoolUsername("-A1", none)).toBe("school-a1");
    const chinese = schoolUsername("第一中学", none);
    expect(chinese).toMatch(/^school-[0-9a-f]{8}$/);
    expect(schoolUsername("第二中学", none)).not.toBe(chinese);
  });

  it("numbers a name that is taken, and always matches the username rule", () => {
    expect(schoolUsername("DS001", new Set(["ds001"]))).toBe("ds001-2");
    expect(schoolUsername("DS001", new Set(["ds001", "ds001-2"]))).toBe("ds001-3");
    const long = "X".repeat(200);
    for (const code of [long, "7", "第一中学", "A", "DS001"]) {
      const name = schoolUsername(code, new Set([schoolUsername(code, none)]));
      expect(name, code).toMatch(usernamePattern);
    }
  });
});
