import { describe, expect, it } from "vitest";
import { uuidV4 } from "../../survey-web/respondent/uuid.ts";

const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuidV4", () => {
  it("uses crypto.randomUUID where the page is a secure context", () => {
    expect(uuidV4({ randomUUID: () => "from-random-uuid", getRandomValues: (a) => a })).toBe(
      "from-random-uuid",
    );
  });

  it("falls back to getRandomValues on plain HTTP, where randomUUID is missing", () => {
    const id = uuidV4({ getRandomValues: (array) => array.fill(0xff) });
    expect(id).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
    expect(uuidV4({ getRandomValues: (array) => array.fill(0) })).toMatch(v4);
    const real = { getRandomValues: (a: Uint8Array) => globalThis.crypto.getRandomValues(a) };
    const ids = new Set(Array.from({ length: 1000 }, () => uuidV4(real)));
    expect(ids.size).toBe(1000);
    for (const each of ids) expect(each).toMatch(v4);
  });

  it("still makes a well-formed id without any Web Crypto", () => {
    expect(uuidV4(undefined)).toMatch(v4);
  });
});
