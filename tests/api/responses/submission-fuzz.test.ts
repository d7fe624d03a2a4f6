import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../api/demo/random.ts";
import { countResponses } from "../../../api/responses/repository.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

const oddValues: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER,
  "",
  " ",
  "\u0000",
  "满意",
  "satisfied\u0000",
  "<script>",
  "x".repeat(5000),
  [],
  [null],
  ["satisfied", "satisfied"],
  {},
  { satisfied: true },
  { __proto__: { polluted: true } },
  "2026-13-45T99:99:99Z",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
];

/** One random mutation of a valid body: a field replaced, removed or added, at the top or in answers. */
function mutate(body: Record<string, unknown>, random: () => number): Record<string, unknown> {
  const copy = structuredClone(body) as Record<string, unknown>;
  const answers = copy.answers as Record<string, unknown>;
  const pages = copy.pageSeconds as Record<string, unknown>;
  const where = random();
  const target = where < 0.55 ? answers : where < 0.7 ? pages : copy;
  const keys = Object.keys(target);
  const key = keys[Math.floor(random() * keys.length)] ?? "answers";
  const value = oddValues[Math.floor(random() * oddValues.length)];
  const action = random();
  if (action < 0.6) target[key] = value;
  else if (action < 0.8) delete target[key];
  else if (action < 0.9) target[`k${Math.floor(random() * 1000)}`] = value;
  else
    target[pick(["\u0000", "__proto__", "constructor", "x".repeat(100), "题目"], random)] =
      random() < 0.5 ? 1 : value;
  return copy;
}

/** Broken bytes: cut short, a character spliced in, or a different top-level value. */
function corrupt(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const choice = random();
  if (choice < 0.4) return text.slice(0, at);
  if (choice < 0.8)
    return text.slice(0, at) + pick(['"', "{", "]", ",", "\\", "\u0000"], random) + text.slice(at);
  return pick(["null", "[]", "1", '"text"', "true", "{}"], random);
}

function pick<T>(items: T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

describe.each(availableDbKinds())("a fuzz of malformed submissions on %s", (kind) => {
  const ctx = useSeededApp(kind);
  const { seeded } = ctx;

  it("never answers 5xx, and writes a row only for an acceptable sheet", async () => {
    const random = seededRandom(7);
    const valid = submissionBody(
      seeded.tokens.districtChannel,
      validSocialAnswers({ school: "DS002" }),
    );
    const statuses = new Map<number, number>();
    let stored = 0;
    for (let i = 0; i < 400; i++) {
      const id = randomUUID();
      const body = i % 4 === 0 ? corrupt(JSON.stringify(valid), random) : mutate(valid, random);
      const res = await put(ctx.app, id, body);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, JSON.stringify(body).slice(0, 300)).toBeLessThan(500);
      const json = (await res.json()) as { error?: { code: string; message: string } };
      const rows = await countResponses(ctx.db, { id });
      if (res.status === 200) {
        stored += 1;
        expect(rows).toBe(1);
      } else {
        expect(json.error?.code).toMatch(/^[a-z_]+$/);
        expect(rows).toBe(0);
      }
    }
    // The fuzz must reach every layer: envelope, JSON and answers.
    expect(statuses.get(400)).toBeGreaterThan(20);
    expect(statuses.get(422)).toBeGreaterThan(20);
    expect(stored).toBeGreaterThan(0);
  });
});
