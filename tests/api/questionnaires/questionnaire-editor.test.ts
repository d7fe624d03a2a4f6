import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type {
  CheckedImportView,
  EditableQuestionnaireView,
  QuestionnaireListView,
  QuestionnaireProblem,
  SavedQuestionnaireView,
} from "../../../api/questionnaires/types.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { put, submissionBody, validSocialAnswers } from "../../helpers/submission.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

type Json = Record<string, unknown>;

/** The element named `name` anywhere in a SurveyJS JSON (pages, panels). */
function element(survey: Json, name: string): Json {
  const search = (elements: unknown): Json | undefined => {
    for (const e of (elements as Json[] | undefined) ?? []) {
      if (e.name === name) return e;
      const inner = search(e.elements);
      if (inner) return inner;
    }
    return undefined;
  };
  for (const page of survey.pages as Json[]) {
    const found = search(page.elements);
    if (found) return found;
  }
  throw new Error(`no element ${name}`);
}

function page(survey: Json, name: string): Json[] {
  const found = (survey.pages as Json[]).find((p) => p.name === name);
  if (!found) throw new Error(`no page ${name}`);
  return found.elements as Json[];
}

function without(survey: Json, name: string): Json {
  const copy = structuredClone(survey);
  for (const p of copy.pages as Json[]) {
    p.elements = (p.elements as Json[]).filter((e) => e.name !== name);
  }
  return copy;
}

const localQuestion = {
  type: "radiogroup",
  name: "local_library_use",
  title: {
    default: "您的孩子每周去学校图书馆吗？",
    en: "Does your child use the school library each week?",
  },
  colCount: 1,
  choices: [
    { value: "yes", text: { default: "去", en: "Yes" } },
    { value: "no", text: { default: "不去", en: "No" } },
  ],
};

describe.each(availableDbKinds())("editing questionnaires on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    accounts: { admin: { role: "admin" }, viewer: { role: "viewer" } },
  });
  const { seeded } = ctx;
  const { admin, viewer } = ctx.accounts;
  const base = () => `/api/campaigns/${seeded.campaignId}/questionnaires`;

  const editable = async (who: SignedIn = admin, key = "social") => {
    const res = await who.request(`${base()}/${key}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as EditableQuestionnaireView;
  };
  const save = (body: Json, key = "social") =>
    admin.request(`${base()}/${key}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const check = (text: string, key = "social") =>
    admin.request(`${base()}/${key}/check`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: text,
    });
  const problemsOf = async (res: Response) => {
    expect(res.status, await res.clone().text()).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: QuestionnaireProblem[] } };
    expect(body.error.code).toBe("invalid_questionnaire");
    return body.error.details;
  };
  const versionRows = () =>
    ctx.db
      .selectFrom("questionnaire")
      .select(["id", "key", "version", "definition"])
      .where("campaign_id", "=", seeded.campaignId)
      .orderBy("id")
      .execute();
  const socialLinks = () =>
    ctx.db
      .selectFrom("channel as ch")
      .innerJoin("questionnaire as q", "q.id", "ch.questionnaire_id")
      .select(["ch.token", "q.key", "q.version", "ch.questionnaire_id as questionnaireId"])
      .where("ch.campaign_id", "=", seeded.campaignId)
      .execute();

  let v1: EditableQuestionnaireView;
  beforeAll(async () => {
    v1 = await editable();
  });

  it("lists each questionnaire with its versions, responses and links, for the bureau only", async () => {
    const res = await viewer.request(base());
    expect(res.status).toBe(200);
    const list = (await res.json()) as QuestionnaireListView;
    expect(list.editable).toBe(true);
    const social = list.questionnaires.find((q) => q.key === "social");
    expect(social?.versions).toEqual([
      expect.objectContaining({ version: 1, responses: 0, current: true }),
    ]);
    expect(social?.versions[0]?.links).toBeGreaterThan(0);
  });

  it("sends the current version with what an edit may not do, and why", () => {
    expect(v1.version).toBe(1);
    expect(v1.structural).toEqual(["identity", "school"]);
    const names = v1.protected.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(["identity", "school", "sat_overall", "aware_campaign"]),
    );
    expect(v1.protected.find((p) => p.name === "identity")?.zh).toContain("受访者类别");
    expect(v1.scale?.map((o) => o.value)).toEqual(
      (element(v1.survey, "sat_overall").choices as Json[]).map((c) => c.value),
    );
    // Placeholders stay in the stored version; the page gets the words to fill them.
    expect(JSON.stringify(v1.survey)).toContain("{area}");
    expect(v1.wording?.district).toBeTruthy();
  });

  it("refuses malformed imports with each problem's path and reason, and changes nothing", async () => {
    const before = await versionRows();
    expect(await problemsOf(await check("{not json"))).toEqual([
      expect.objectContaining({ code: "not_json", path: "" }),
    ]);

    const broken = structuredClone(v1.survey);
    page(broken, "items").push(
      { type: "matrix", name: "grid", title: { default: "表", en: "Grid" } },
      { type: "fancyslider", name: "slide", title: { default: "滑块", en: "Slider" } },
      { ...localQuestion, name: "sat_overall" },
      {
        ...localQuestion,
        name: "local_bad",
        defaultValue: "yes",
        choices: [
          { value: "Yes Please", text: { default: "是", en: "Yes" } },
          { value: "no", text: "不" },
        ],
      },
    );
    const items = page(broken, "items");
    const itemsIndex = (broken.pages as Json[]).findIndex((p) => p.name === "items");
    const problems = await problemsOf(
      await check(
        JSON.stringify({
          key: "social",
          itemRoles: { ...v1.itemRoles, overall: "local_bad", awareness: ["nowhere"] },
          survey: broken,
        }),
      ),
    );
    const at = (i: number) => `survey.pages[${itemsIndex}].elements[${items.length - 4 + i}]`;
    const codes = problems.map((p) => [p.code, p.path]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ["unsupported_type", `${at(0)}.type`],
        ["unknown_type", `${at(1)}.type`],
        ["duplicate_name", `${at(2)}.name`],
        ["steering_property", `${at(3)}.defaultValue`],
        ["bad_value", `${at(3)}.choices[0].value`],
        ["missing_text", `${at(3)}.choices[1].text`],
        ["role_unknown_question", "itemRoles.awareness[0]"],
        ["overall_not_satisfaction", "itemRoles.overall"],
      ]),
    );
    for (const p of problems) {
      expect(p.zh.length).toBeGreaterThan(0);
      expect(p.en.length).toBeGreaterThan(0);
    }

    // A satisfaction item must offer the campaign's scale.
    const offScale = structuredClone(v1.survey);
    (element(offScale, "sat_facility_gap").choices as Json[]).reverse();
    const scale = await problemsOf(
      await check(JSON.stringify({ survey: offScale, itemRoles: v1.itemRoles })),
    );
    expect(scale.map((p) => p.code)).toEqual(["scale_mismatch"]);
    expect(scale[0]?.question).toBe("sat_facility_gap");

    // What only the answer validator knows: an expression survey-core cannot run.
    const misspelt = structuredClone(v1.survey);
    element(misspelt, "child_level").visibleIf = "nosuchfunction({identity}) = 1";
    const validator = await problemsOf(await check(JSON.stringify(misspelt)));
    expect(validator.map((p) => p.code)).toEqual(["validator"]);

    // A file of another questionnaire, and a body over the size cap.
    const other = await problemsOf(
      await check(JSON.stringify({ key: "staff", itemRoles: v1.itemRoles, survey: v1.survey })),
    );
    expect(other.map((p) => [p.code, p.path])).toEqual([["key_mismatch", "key"]]);
    const huge = await check(JSON.stringify({ survey: v1.survey, padding: "x".repeat(300_000) }));
    expect(huge.status).toBe(413);

    expect(await versionRows()).toEqual(before);
  });

  it("passes the export back through the import check unchanged", async () => {
    const res = await admin.request(`${base()}/social/export.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("questionnaire-social-v1.json");
    const text = await res.text();
    expect(text).toContain("{area}");
    const checked = await check(text);
    expect(checked.status, await checked.clone().text()).toBe(200);
    const view = (await checked.json()) as CheckedImportView;
    expect(view.survey).toEqual(v1.survey);
    // A bare SurveyJS JSON keeps the current roles.
    const bare = (await (await check(JSON.stringify(v1.survey))).json()) as CheckedImportView;
    expect(bare.itemRoles).toEqual(view.itemRoles);
  });

  it("refuses removing what the analysis needs, naming each", async () => {
    const before = await versionRows();
    let survey = without(v1.survey, "identity");
    survey = without(survey, "sat_overall");
    const problems = await problemsOf(
      await save({
        baseVersion: 1,
        survey,
        itemRoles: {
          ...v1.itemRoles,
          satisfaction: v1.itemRoles.satisfaction?.filter((n) => n !== "sat_overall"),
        },
      }),
    );
    expect(problems.filter((p) => p.code === "required_question").map((p) => p.question)).toEqual(
      expect.arrayContaining(["identity", "sat_overall"]),
    );
    // The identity question's options and the group logic stay as they are.
    const changed = structuredClone(v1.survey);
    (element(changed, "identity").choices as Json[]).pop();
    (changed.calculatedValues as Json[])[0]!.expression = "{identity}";
    element(changed, "child_level").type = "checkbox";
    const fixed = await problemsOf(
      await save({ baseVersion: 1, survey: changed, itemRoles: v1.itemRoles }),
    );
    expect(fixed.map((p) => p.code)).toEqual(
      expect.arrayContaining(["fixed_question", "group_logic_changed", "type_changed"]),
    );
    expect(
      await problemsOf(await save({ baseVersion: 1, survey: v1.survey, itemRoles: v1.itemRoles })),
    ).toEqual([expect.objectContaining({ code: "unchanged" })]);
    expect(await versionRows()).toEqual(before);
  });

  let v2Id = 0;
  it("saves an edit as version 2 and moves the questionnaire's links to it", async () => {
    // Two paper links: one with sheets handed out (they print version 1), one not yet printed.
    for (const [token, distributed] of [
      ["paper-out", 50],
      ["paper-new", null],
    ] as const) {
      await ctx.db
        .insertInto("channel")
        .values({
          token,
          campaign_id: seeded.campaignId,
          questionnaire_id: v1.id,
          school_id: null,
          respondent_group: null,
          label: token,
          mode: "paper",
          distributed_count: distributed,
        })
        .execute();
    }
    const before = await socialLinks();
    const edited = structuredClone(v1.survey);
    const facility = element(edited, "sat_facility_gap");
    facility.title = {
      default: "您对本{area}学校之间办学条件的差距缩小得怎样？",
      en: "Gaps between schools' conditions?",
    };
    page(edited, "items").push(localQuestion);
    const res = await save({
      baseVersion: 1,
      survey: edited,
      itemRoles: {
        ...v1.itemRoles,
        background: [...(v1.itemRoles.background ?? []), "local_library_use"],
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const saved = (await res.json()) as SavedQuestionnaireView;
    expect(saved).toMatchObject({ key: "social", version: 2 });
    v2Id = saved.id;
    const after = await socialLinks();
    const social = after.filter((l) => l.key === "social" && l.token !== "paper-out");
    expect(social.length).toBe(before.filter((l) => l.key === "social").length - 1);
    expect(saved.links).toBe(social.length);
    expect(social.every((l) => l.questionnaireId === v2Id)).toBe(true);
    expect(after.find((l) => l.token === "paper-out")?.questionnaireId).toBe(v1.id);
    // The staff questionnaire's links stay where they were.
    expect(after.filter((l) => l.key === "staff")).toEqual(before.filter((l) => l.key === "staff"));
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("action", "=", "questionnaire.save")
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ key: "social", version: 2 }) }),
    ]);

    const current = await editable();
    expect(current.version).toBe(2);
    expect(current.itemRoles.background).toContain("local_library_use");
    // An edit from the old version now clashes with the save.
    const stale = await save({ baseVersion: 1, survey: edited, itemRoles: v1.itemRoles });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe(
      "questionnaire_changed",
    );
  });

  it("takes answers to both versions, and a version with answers stays frozen", async () => {
    const token = seeded.tokens.districtChannel;
    const v2 = await put(
      ctx.app,
      randomUUID(),
      submissionBody(token, {
        ...validSocialAnswers({ identity: "resident", local_library_use: "yes" }),
        child_level: undefined,
        school: undefined,
      }),
    );
    expect(v2.status, await v2.clone().text()).toBeLessThan(300);
    // A page opened before the save still sends version 1.
    const old = await put(
      ctx.app,
      randomUUID(),
      submissionBody(
        token,
        {
          ...validSocialAnswers({ identity: "resident" }),
          child_level: undefined,
          school: undefined,
        },
        { questionnaire: v1.id },
      ),
    );
    expect(old.status, await old.clone().text()).toBeLessThan(300);
    const stored = await ctx.db
      .selectFrom("response")
      .select("questionnaire_id")
      .where("campaign_id", "=", seeded.campaignId)
      .orderBy("received_at")
      .execute();
    expect(stored.map((r) => r.questionnaire_id)).toEqual([v2Id, v1.id]);
    await expect(
      sql`update questionnaire set definition = '{}'::jsonb where id = ${v1.id}`.execute(ctx.db),
    ).rejects.toThrow(/cannot change/);

    const list = (await (await admin.request(base())).json()) as QuestionnaireListView;
    const social = list.questionnaires.find((q) => q.key === "social")!;
    expect(social.versions.map((v) => [v.version, v.responses, v.current])).toEqual([
      [1, 1, false],
      [2, 1, true],
    ]);
  });

  it("refuses edits once the campaign is closed", async () => {
    await ctx.db
      .updateTable("campaign")
      .set({ status: "closed" })
      .where("id", "=", seeded.campaignId)
      .execute();
    const current = await editable();
    expect(current.editable).toBe(false);
    const edited = structuredClone(current.survey);
    element(edited, "local_library_use").isRequired = true;
    const res = await save({
      baseVersion: current.version,
      survey: edited,
      itemRoles: current.itemRoles,
    });
    expect(res.status).toBe(409);
    await ctx.db
      .updateTable("campaign")
      .set({ status: "open" })
      .where("id", "=", seeded.campaignId)
      .execute();
  });
});
