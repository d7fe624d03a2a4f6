import { beforeAll, describe, expect, it } from "vitest";
import type { PaperForm, PaperQuestion } from "../../../api/paper/types.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";
import { insertPaperLink } from "./paper-helpers.ts";

const escaped = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The printed block of one question: from its section tag to the next one. */
function block(html: string, q: PaperQuestion): string {
  const start = html.indexOf(`data-question="${q.name}"`);
  expect(start, q.name).toBeGreaterThan(0);
  const end = html.indexOf("</section>", start);
  return html.slice(start, end);
}

describe.each(availableDbKinds())("the printable paper questionnaire on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { scheme: "quality_2017" },
    accounts: {
      admin: { role: "admin" },
      school: { role: "school", school: 0 },
      otherSchool: { role: "school", school: 1, username: "other-school" },
      viewer: { role: "viewer" },
    },
  });
  const { seeded } = ctx;
  const { admin, school, otherSchool, viewer } = ctx.accounts;
  let district: { id: number; token: string };
  let schoolLink: { id: number; token: string };
  let form: PaperForm;

  beforeAll(async () => {
    district = await insertPaperLink(ctx.db, seeded.campaignId, {
      label: "入户纸质问卷",
      questionnaireId: seeded.setup.questionnaireIds.social!,
    });
    schoolLink = await insertPaperLink(ctx.db, seeded.campaignId, {
      label: "家长纸质问卷",
      questionnaireId: seeded.setup.questionnaireIds.social!,
      schoolId: seeded.setup.schools[0]!.id,
      group: "parent",
    });
    form = (await (
      await admin.request(`/api/channels/${district.id}/paper-form`)
    ).json()) as PaperForm;
  });

  const print = (who = admin, id = district.id, query = "") =>
    who.request(`/api/channels/${id}/paper-questionnaire${query}`);

  it("prints every question with its number, and a tick box for every option", async () => {
    const res = await print();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    const questions = form.sections.flatMap((s) => s.questions);
    expect(questions.length).toBeGreaterThan(10);
    let boxes = 0;
    for (const q of questions) {
      const printed = block(html, q);
      expect(printed).toContain(`<span class="q-no">${q.number}.</span>${escaped(q.title.zh)}`);
      for (const option of q.options) {
        expect(printed, `${q.name}: ${option.zh}`).toContain(
          `<span class="tick" aria-hidden="true"></span><span>${escaped(option.zh)}`,
        );
      }
      expect(printed.split('class="tick"').length - 1, q.name).toBe(q.options.length);
      boxes += q.options.length;
      if (q.kind === "comment") expect(printed).toContain('class="line"');
    }
    expect(html.split('class="tick"').length - 1).toBe(boxes);
    // The campaign's words, not the placeholders.
    expect(html).toContain("优质均衡");
    expect(html).not.toMatch(/\{(area|balance|district)\w*\}/);
  });

  it("writes the skip logic as instructions and points options to the questions they open", async () => {
    const html = await (await print()).text();
    const conditional = form.sections.flatMap((s) => s.questions).filter((q) => q.condition);
    expect(conditional.length).toBeGreaterThan(0);
    for (const q of conditional) {
      expect(block(html, q)).toMatch(
        /<p class="q-when">如第\d+题选“[^<]+”，请回答本题；否则请跳过本题。<\/p>/,
      );
    }
    const identity = form.sections[0]!.questions.find((q) => q.name === "identity")!;
    const parent = identity.leadsTo.find((l) => l.value === "parent")!;
    expect(block(html, identity)).toContain(`→ 请回答第${parent.numbers.join("、")}题`);
  });

  it("carries the sheet-number box, the link's code with its QR code and the anonymity note", async () => {
    const html = await (await print()).text();
    expect(html).toContain("问卷编号");
    expect(
      html.match(/<div class="cells">((?:<span><\/span>)+)<\/div>/)?.[1]?.length,
    ).toBeGreaterThan(0);
    expect(html).toContain(`<p class="token">${district.token}</p>`);
    expect(html).toMatch(/<div class="qr"><svg[^>]*viewBox/);
    expect(html).toContain("本问卷匿名填写");
    expect(html).toContain("请不要在问卷上写姓名");
    expect(html).not.toMatch(/<script/i);
  });

  it("prints in English with ?lang=en", async () => {
    const html = await (await print(admin, district.id, "?lang=en")).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Sheet no.");
    expect(html).toContain("This questionnaire is anonymous");
    const q = form.sections[1]!.questions[0]!;
    expect(html).toContain(escaped(q.title.en));
    expect(html).toMatch(
      /Answer only if you ticked “[^”]+” in question 1; otherwise skip this question\./,
    );
    expect((await print(admin, district.id, "?lang=fr")).status).toBe(400);
  });

  it("leaves out what the link fixes: a parents' link of a school asks no identity and no school", async () => {
    const html = await (await print(school, schoolLink.id)).text();
    expect(html).not.toContain('data-question="identity"');
    expect(html).not.toContain('data-question="school"');
    expect(html).toMatch(/<span class="q-no">1\.<\/span>/);
  });

  it("prints a school's links for its account only, and only paper links", async () => {
    expect((await print(school, schoolLink.id)).status).toBe(200);
    expect((await print(otherSchool, schoolLink.id)).status).toBe(403);
    expect((await print(school, district.id)).status).toBe(403);
    expect((await print(viewer, district.id)).status).toBe(403);
    const online = await print(admin, seeded.setup.schoolChannels[0]!.id);
    expect(online.status).toBe(422);
    expect(((await online.json()) as { error: { code: string } }).error.code).toBe(
      "not_paper_link",
    );
    expect((await print(admin, 999999)).status).toBe(404);
  });
});
