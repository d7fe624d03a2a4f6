import { describe, expect, it } from "vitest";
import { passwordProblem } from "../../../api/staff/password-rules.ts";

describe("password rules", () => {
  it("accept a long, uncommon password that is not the username", () => {
    expect(passwordProblem("青山区督导2027秋季", "chen")).toBeNull();
    expect(passwordProblem("plum-river-lantern-7", "chen")).toBeNull();
  });

  it("refuse short, over-long, common (any case) and username passwords, each by name", () => {
    expect(passwordProblem("short-pw", "chen")).toBe("password_too_short");
    expect(passwordProblem("x".repeat(257), "chen")).toBe("password_too_long");
    expect(passwordProblem("QWERTYUIOP", "chen")).toBe("password_common");
    expect(passwordProblem("1qaz2wsx3edc", "chen")).toBe("password_common");
    // Common in China, absent from the international list.
    expect(passwordProblem("woaini1314", "chen")).toBe("password_common");
    expect(passwordProblem("Qingshan-Admin", "qingshan-admin")).toBe("password_is_username");
  });
});
