/**
 * What kind of school each one is (docs/assessment.md, Schools left out and edge cases): public or
 * private, run by the county or another body, regular, teaching point, special or vocational, on
 * the school list: imported, edited, exported, and defaulted for schools entered without them.
 */
import { describe, expect, it } from "vitest";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

interface SchoolJson {
  id: number;
  code: string;
  ownership: string;
  operator: string;
  kind: string;
}

const base = "学校代码,学校名称,乡镇（街道）,城乡类型,学段,小学在校生数";
const csv = (header: string, ...rows: string[]) => `${[header, ...rows].join("\r\n")}\r\n`;

describe.each(availableDbKinds())("school kinds on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 2 },
    accounts: { admin: { role: "admin" } },
  });
  const { seeded } = ctx;
  const { admin } = ctx.accounts;
  const url = (rest: string) => `/api/campaigns/${seeded.campaignId}${rest}`;
  const upload = (body: string) =>
    admin.request(url("/schools/import"), {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body,
    });
  const list = async () =>
    new Map(
      (
        (await (await admin.request(url("/schools"))).json()) as { schools: SchoolJson[] }
      ).schools.map((s) => [s.code, s]),
    );
  const kindsOf = (s: SchoolJson | undefined) => s && [s.ownership, s.operator, s.kind];

  it("makes schools entered without kinds public, county-run and regular", async () => {
    const schools = await list();
    for (const code of seeded.schoolCodes) {
      expect(kindsOf(schools.get(code))).toEqual(["public", "county", "regular"]);
    }
  });

  it("imports the kind columns in words, keeps stored kinds without them, and defaults empty cells", async () => {
    const header = `${base},办学性质,举办者,学校类别`;
    const res = await upload(
      csv(
        header,
        "K001,民办实验学校,城关街道,城区,小学,600,民办,县（区）属,普通学校",
        "K002,市属附属小学,城关街道,城区,小学,900,公办,市属,",
        "K003,北坡教学点,柳河镇,乡村,小学,28,,,教学点",
        "K004,特殊教育学校,城关街道,城区,小学,80,公办,县属,特殊教育学校",
      ),
    );
    expect(res.status).toBe(200);
    let schools = await list();
    expect(kindsOf(schools.get("K001"))).toEqual(["private", "county", "regular"]);
    expect(kindsOf(schools.get("K002"))).toEqual(["public", "city", "regular"]);
    expect(kindsOf(schools.get("K003"))).toEqual(["public", "county", "teaching_point"]);
    expect(kindsOf(schools.get("K004"))).toEqual(["public", "county", "special_education"]);
    // A later file without the columns changes the enrolment and keeps the kinds.
    expect((await upload(csv(base, "K003,北坡教学点,柳河镇,乡村,小学,31"))).status).toBe(200);
    schools = await list();
    expect(kindsOf(schools.get("K003"))).toEqual(["public", "county", "teaching_point"]);
    // English headings and keys, as the export writes them.
    const english = "code,name,town,area_type,levels,primary,ownership,operator,kind";
    expect(
      (
        await upload(
          csv(english, "K005,职业初中,城关街道,城区,primary,300,public,enterprise,vocational"),
        )
      ).status,
    ).toBe(200);
    expect(kindsOf((await list()).get("K005"))).toEqual(["public", "enterprise", "vocational"]);
  });

  it("refuses unknown words with their line and column, importing nothing", async () => {
    const before = await list();
    const res = await upload(
      csv(
        `${base},办学性质,举办者,学校类别`,
        "K101,好学校,城关街道,城区,小学,600,公办,县（区）属,普通学校",
        "K102,坏性质,城关街道,城区,小学,600,合办,县（区）属,普通学校",
        "K103,坏举办者,城关街道,城区,小学,600,公办,乡镇,普通学校",
        "K104,坏类别,城关街道,城区,小学,600,公办,省属,幼儿园",
      ),
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as {
      error: { code: string; details: { line: number; column: string; message: string }[] };
    };
    expect(body.error.code).toBe("invalid_rows");
    expect(body.error.details.map((e) => [e.line, e.column])).toEqual([
      [3, "办学性质"],
      [4, "举办者"],
      [5, "学校类别"],
    ]);
    for (const e of body.error.details) expect(e.message).toMatch(/[\u4e00-\u9fff].*[A-Za-z]/);
    expect((await list()).size).toBe(before.size);
  });

  it("edits a school's kinds, refusing unknown ones, and exports them", async () => {
    const target = (await list()).get(seeded.schoolCodes[0] ?? "");
    const patch = (body: unknown) =>
      admin.request(url(`/schools/${target?.id}`), {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const res = await patch({ ownership: "private", operator: "university" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { school: SchoolJson }).school).toMatchObject({
      ownership: "private",
      operator: "university",
      kind: "regular",
    });
    expect((await patch({ kind: "kindergarten" })).status).toBe(400);
    expect((await patch({ operator: "town" })).status).toBe(400);
    expect(kindsOf((await list()).get(target?.code ?? ""))).toEqual([
      "private",
      "university",
      "regular",
    ]);
    const exported = await (await admin.request(url("/exports/schools.csv"))).text();
    const [header, ...lines] = exported
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(header?.split(",").slice(-3)).toEqual(["ownership", "operator", "kind"]);
    const row = lines.find((l) => l.startsWith(`${target?.code},`));
    expect(row?.split(",").slice(-3)).toEqual(["private", "university", "regular"]);
  });
});
