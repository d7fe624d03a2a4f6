import { describe, expect, it } from "vitest";
import { FreshFor } from "../../../api/dashboard/dashboard-cache.ts";

describe("FreshFor: figures reused for a moment, one read at a time", () => {
  it("shares one read between concurrent and recent requests, and reads again when stale", async () => {
    let now = 1_000;
    let reads = 0;
    const cache = new FreshFor<number>(1000, () => now);
    const read = async () => {
      reads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return reads;
    };
    const [a, b] = await Promise.all([cache.get("k", read), cache.get("k", read)]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
    now += 999;
    await expect(cache.get("k", read)).resolves.toBe(1);
    // Another key is another read.
    await expect(cache.get("other", read)).resolves.toBe(2);
    now += 1;
    await expect(cache.get("k", read)).resolves.toBe(3);
  });

  it("keeps no failure: the next request reads again", async () => {
    const cache = new FreshFor<string>(60_000);
    await expect(cache.get("k", () => Promise.reject(new Error("db down")))).rejects.toThrow(
      "db down",
    );
    await expect(cache.get("k", async () => "ok")).resolves.toBe("ok");
  });
});
