import { brotliDecompressSync } from "node:zlib";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/app.ts";
import { testConfig } from "../../../api/config.ts";
import type { DbHandle } from "../../../api/db/create-db.ts";
import { setCampaignStatus } from "../../../api/campaigns/repository.ts";
import { surveyMinutes } from "../../../api/questionnaires/survey-minutes.ts";
import { createStaticAssets } from "../../../api/web/static-assets.ts";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { createTestDb } from "../../helpers/test-db.ts";
import { distDir } from "../../helpers/test-server.ts";

interface Boot {
  token: string;
  campaign: { id: number; name: string };
  school: { code: string; name: string } | null;
  presetGroup: string | null;
  questionnaire: {
    id: number;
    survey: { pages: { elements: { name: string; choices?: { value: string }[] }[] }[] };
  };
  minutes: number;
}

function bootOf(html: string): Boot {
  const match = /<script type="application\/json" id="junheng-boot">([\s\S]*?)<\/script>/.exec(
    html,
  );
  if (!match?.[1]) throw new Error("no boot data in the page");
  return JSON.parse(match[1]) as Boot;
}

function schoolChoices(boot: Boot): string[] {
  const school = boot.questionnaire.survey.pages
    .flatMap((p) => p.elements)
    .find((q) => q.name === "school");
  return (school?.choices ?? []).map((c) => c.value);
}

describe("the respondent page GET /s/:token", () => {
  let handle: DbHandle;
  let app: Hono;
  let seeded: SeededCampaign;

  beforeAll(async () => {
    handle = await createTestDb("pglite");
    app = createApp({
      db: handle.db,
      dbKind: handle.kind,
      config: testConfig(),
      assets: createStaticAssets(distDir),
    });
    seeded = await seedCampaign(handle.db);
  });
  afterAll(async () => handle?.close());

  it("shows the campaign and school in the HTML itself, before any script runs", async () => {
    const res = await app.request(`/s/${seeded.tokens.schoolChannel}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    const html = await res.text();
    expect(html).toContain("测试区满意度调查");
    expect(html).toContain(seeded.setup.schools[0]?.name);
    expect(html).toMatch(/<script type="module" src="\/assets\/[^"]+\.js"><\/script>/);
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    const boot = bootOf(html);
    expect(boot.school?.code).toBe(seeded.schoolCodes[0]);
    expect(boot.questionnaire.id).toBe(seeded.setup.questionnaireIds.social);
    // How long it takes, in the heading: 12 questions at ~10 s each.
    expect(boot.minutes).toBe(2);
    expect(html).toMatch(/<p id="duration" class="jh-duration">用时约 2 分钟<\/p>/);
  });

  it("estimates a questionnaire's time at about 10 s a question, in whole minutes, at least one", () => {
    const questions = (n: number) => ({
      pages: [
        {
          elements: [
            { type: "html", name: "intro", html: "<p>…</p>" },
            ...Array.from({ length: n }, (_, i) => ({ type: "radiogroup", name: `q${i}` })),
          ],
        },
      ],
    });
    expect(surveyMinutes(questions(0))).toBe(1);
    expect(surveyMinutes(questions(2))).toBe(1);
    expect(surveyMinutes(questions(12))).toBe(2);
    expect(surveyMinutes(questions(30))).toBe(5);
    expect(surveyMinutes(questions(40))).toBe(7);
  });

  it("gives a district link the campaign's schools to pick from", async () => {
    const html = await (await app.request(`/s/${seeded.tokens.districtChannel}`)).text();
    const boot = bootOf(html);
    expect(boot.school).toBeNull();
    // Grouped by town (then code), as parents look for their child's school.
    expect([...schoolChoices(boot)].sort()).toEqual([...seeded.schoolCodes].sort());
    expect(schoolChoices(boot)).toEqual(["DS004", "DS001", "DS002", "DS003"]);
  });

  it("cannot be broken out of by a campaign name with markup", async () => {
    await handle.db
      .updateTable("campaign")
      .set({ name: '</script><script>alert(1)</script>"<b>' })
      .where("id", "=", seeded.campaignId)
      .execute();
    const html = await (await app.request(`/s/${seeded.tokens.schoolChannel}`)).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(bootOf(html).campaign.name).toBe('</script><script>alert(1)</script>"<b>');
  });

  it("is sent brotli-compressed to a phone that accepts it", async () => {
    const res = await app.request(`/s/${seeded.tokens.schoolChannel}`, {
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    expect(res.headers.get("content-encoding")).toBe("br");
    const html = brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString("utf8");
    expect(bootOf(html).token).toBe(seeded.tokens.schoolChannel);
  });

  it("answers an unknown link with a friendly 404 page", async () => {
    const res = await app.request("/s/NoSuchLink0000");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("找不到这个问卷");
    expect(html).toContain("Survey not found");
  });

  it("answers a campaign that has not opened or has closed with a friendly 410 page", async () => {
    const later = await seedCampaign(handle.db, {
      opensAt: new Date(Date.now() + 86_400_000),
      closesAt: new Date(Date.now() + 2 * 86_400_000),
    });
    const notYet = await app.request(`/s/${later.tokens.schoolChannel}`);
    expect(notYet.status).toBe(410);
    expect(await notYet.text()).toContain("尚未开始");

    const closed = await seedCampaign(handle.db);
    await setCampaignStatus(handle.db, closed.campaignId, "closed");
    const res = await app.request(`/s/${closed.tokens.schoolChannel}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("has closed");
  });
});

describe("the built assets", () => {
  const assets = createStaticAssets(distDir);
  const script = assets.entry("respondent").scripts[0] as string;

  it("are served precompressed with long-lived caching, best encoding first", async () => {
    const br = await assets.routes.request(script, { headers: { "accept-encoding": "gzip, br" } });
    expect(br.status).toBe(200);
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(br.headers.get("content-type")).toMatch(/javascript/);
    const gzip = await assets.routes.request(script, { headers: { "accept-encoding": "gzip" } });
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
    const plain = await assets.routes.request(script);
    expect(plain.headers.get("content-encoding")).toBeNull();
    const sizes = await Promise.all(
      [br, gzip, plain].map(async (r) => (await r.arrayBuffer()).byteLength),
    );
    expect(sizes[0]).toBeLessThan(sizes[1] as number);
    expect(sizes[1]).toBeLessThan(sizes[2] as number);
  });

  it("answer a revalidation with 304 and an unknown file with a JSON 404", async () => {
    const first = await assets.routes.request(script);
    const etag = first.headers.get("etag") as string;
    const again = await assets.routes.request(script, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    const missing = await assets.routes.request("/assets/nothing-here.js");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("refuses an encoding the client marks unacceptable (q=0)", async () => {
    const res = await assets.routes.request(script, {
      headers: { "accept-encoding": "br;q=0, gzip" },
    });
    expect(res.headers.get("content-encoding")).toBe("gzip");
  });
});
