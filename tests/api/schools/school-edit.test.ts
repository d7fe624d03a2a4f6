import { beforeAll, describe, expect, it } from "vitest";
import { type SeededCampaign, seedCampaign } from "../../helpers/seed.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

interface SchoolJson {
  id: number;
  code: string;
  name: string;
  town: string;
  areaType: string;
  levels: string[];
  enrolment: Record<string, number>;
  teachers: number | null;
  students: number;
}

describe.each(availableDbKinds())("editing a school on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 2 },
    accounts: {
      admin: { username: "bureau", role: "admin" },
      viewer: { role: "viewer" },
      school: { role: "school", school: 0 },
    },
  });
  const { seeded } = ctx;
  const { admin, viewer, school } = ctx.accounts;
  let other: SeededCampaign;
  let schoolId: number;

  beforeAll(async () => {
    other = await seedCampaign(ctx.db, { schools: 1 });
    schoolId = (seeded.setup.schools[0] as { id: number }).id;
  });

  const path = (id: number | string = schoolId, campaign: number = seeded.campaignId) =>
    `/api/campaigns/${campaign}/schools/${id}`;
  const patch = (who: SignedIn, body: unknown, id?: number | string, campaign?: number) =>
    who.request(path(id, campaign), {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const row = () =>
    ctx.db
      .selectFrom("school")
      .select(["code", "name", "town", "area_type", "levels", "enrolment", "teachers"])
      .where("id", "=", schoolId)
      .executeTakeFirstOrThrow();
  const audits = () =>
    ctx.db
      .selectFrom("audit_log")
      .select(["actor_label", "target", "details"])
      .where("action", "=", "school.update")
      .execute();

  it("changes name, town, area type and teachers, audit-logged, and answers the school", async () => {
    const before = await row();
    const res = await patch(admin, {
      name: "  改名后的实验小学 ",
      town: "东湖街道",
      areaType: "town",
      teachers: 57,
    });
    expect(res.status).toBe(200);
    const { school: json } = (await res.json()) as { school: SchoolJson };
    expect(json).toMatchObject({
      id: schoolId,
      code: before.code,
      name: "改名后的实验小学",
      town: "东湖街道",
      areaType: "town",
      teachers: 57,
      levels: before.levels,
      enrolment: before.enrolment,
    });
    expect(await row()).toEqual({
      ...before,
      name: "改名后的实验小学",
      town: "东湖街道",
      area_type: "town",
      teachers: 57,
    });
    expect(await audits()).toEqual([
      {
        actor_label: "bureau",
        target: `school:${schoolId}`,
        details: {
          campaignId: seeded.campaignId,
          changes: { name: "改名后的实验小学", town: "东湖街道", areaType: "town", teachers: 57 },
        },
      },
    ]);
    expect((await patch(admin, { teachers: null })).status).toBe(200);
    expect((await row()).teachers).toBeNull();
  });

  it("keeps levels and enrolment consistent, as the import does", async () => {
    const nine = await patch(admin, {
      levels: ["junior", "primary"],
      enrolment: { primary: 900, junior: 450 },
    });
    expect(nine.status).toBe(200);
    expect(((await nine.json()) as { school: SchoolJson }).school).toMatchObject({
      levels: ["primary", "junior"],
      enrolment: { primary: 900, junior: 450 },
      students: 1350,
    });
    // Dropping a level drops its count.
    expect((await patch(admin, { levels: ["primary"] })).status).toBe(200);
    expect(await row()).toMatchObject({ levels: ["primary"], enrolment: { primary: 900 } });

    const before = await row();
    const missing = await patch(admin, { levels: ["primary", "senior"] });
    expect(missing.status).toBe(422);
    const body = (await missing.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_school");
    expect(body.error.message).toMatch(/高中在校生数.*senior/);
    const unexpected = await patch(admin, { enrolment: { primary: 800, junior: 20 } });
    expect(unexpected.status).toBe(422);
    expect(await row()).toEqual(before);
  });

  it("answers every malformed body with a 4xx JSON error and changes nothing", async () => {
    const before = await row();
    const auditCount = (await audits()).length;
    const cases: [unknown, number][] = [
      [{}, 400],
      [{ code: "NEW" }, 400],
      [{ name: "" }, 400],
      [{ name: "x".repeat(101) }, 400],
      [{ areaType: "市区" }, 400],
      [{ levels: [] }, 400],
      [{ levels: ["primary", "primary"] }, 400],
      [{ enrolment: { primary: -1 } }, 400],
      [{ enrolment: { primary: 1.5 } }, 400],
      [{ enrolment: { kindergarten: 10 } }, 400],
      [{ teachers: "many" }, 400],
      ["{not json", 400],
      [[1, 2], 400],
      [{ name: "x", padding: "y".repeat(5000) }, 413],
    ];
    for (const [body, status] of cases) {
      const res = await patch(admin, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^[a-z_]+$/);
    }
    const text = await admin.request(path(), {
      method: "PATCH",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(text.status).toBe(415);
    expect(await row()).toEqual(before);
    expect((await audits()).length).toBe(auditCount);
  });

  it("is for the bureau only, within the campaign", async () => {
    const before = await row();
    expect((await patch(viewer, { name: "viewer" })).status).toBe(403);
    expect((await patch(school, { name: "own school" })).status).toBe(403);
    const anonymous = await ctx.app.request(path(), {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(anonymous.status).toBe(401);
    const noCsrf = await ctx.app.request(path(), {
      method: "PATCH",
      headers: { cookie: admin.cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(noCsrf.status).toBe(403);
    const otherSchool = (other.setup.schools[0] as { id: number }).id;
    expect((await patch(admin, { name: "x" }, otherSchool)).status).toBe(404);
    expect((await patch(admin, { name: "x" }, 999_999)).status).toBe(404);
    expect((await patch(admin, { name: "x" }, "abc")).status).toBe(404);
    expect((await patch(admin, { name: "x" }, schoolId, 999_999)).status).toBe(404);
    expect(await row()).toEqual(before);
  });

  it("lists schools with town, levels, enrolment and teachers; imports teacher counts when the column is there", async () => {
    const csv = (header: string, ...rows: string[]) => `${[header, ...rows].join("\r\n")}\r\n`;
    const upload = (body: string) =>
      admin.request(`/api/campaigns/${seeded.campaignId}/schools/import`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body,
      });
    const withTeachers = "学校代码,学校名称,乡镇（街道）,城乡类型,学段,小学在校生数,教师数";
    expect((await upload(csv(withTeachers, "T100,教师数学校,镇,乡村,小学,120,12"))).status).toBe(
      200,
    );
    expect((await upload(csv(withTeachers, "T101,坏教师数,镇,乡村,小学,120,-3"))).status).toBe(422);
    // Without the column, a re-import keeps the stored count; an empty cell clears it.
    const without = "学校代码,学校名称,乡镇（街道）,城乡类型,学段,小学在校生数";
    expect((await upload(csv(without, "T100,教师数学校,镇,乡村,小学,130"))).status).toBe(200);
    const list = async () =>
      (
        (await (await admin.request(`/api/campaigns/${seeded.campaignId}/schools`)).json()) as {
          schools: SchoolJson[];
        }
      ).schools;
    expect((await list()).find((s) => s.code === "T100")).toMatchObject({
      town: "镇",
      areaType: "rural",
      levels: ["primary"],
      enrolment: { primary: 130 },
      teachers: 12,
      students: 130,
    });
    expect((await upload(csv(withTeachers, "T100,教师数学校,镇,乡村,小学,130,"))).status).toBe(200);
    expect((await list()).find((s) => s.code === "T100")?.teachers).toBeNull();
    const own = (await (
      await school.request(`/api/campaigns/${seeded.campaignId}/schools`)
    ).json()) as { schools: SchoolJson[] };
    expect(own.schools.map((s) => s.id)).toEqual([schoolId]);
  });
});
