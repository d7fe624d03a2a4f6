import { beforeAll, describe, expect, it } from "vitest";
import type {
  PaperEntryResult,
  PaperForm,
  PaperLinkList,
  PaperSheetDetail,
  PaperSheetList,
} from "../../../api/paper/types.ts";
import { verifyIntegrity } from "../../../api/integrity/index.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";
import { conditionalPair, fillSheet, insertPaperLink, questionNamed } from "./paper-helpers.ts";

interface ErrorJson {
  error: {
    code: string;
    message: string;
    details?: { question: string; code: string; message: string }[];
  };
}

describe.each(availableDbKinds())("paper sheets typed in by the bureau on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    accounts: {
      first: { role: "admin", displayName: "录入员甲" },
      second: { role: "admin", displayName: "录入员乙" },
      resolver: { role: "admin" },
      school: { role: "school", school: 0 },
      viewer: { role: "viewer" },
    },
  });
  const { seeded } = ctx;
  const { first, second, resolver, school, viewer } = ctx.accounts;
  let link: { id: number; token: string };
  let form: PaperForm;

  const sheets = () => `/api/channels/${link.id}/paper-sheets`;
  const post = (who: SignedIn, path: string, body: unknown) =>
    who.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const enter = (who: SignedIn, body: Record<string, unknown>) => post(who, sheets(), body);
  const counts = async () => {
    const [responses, entries, tally] = await Promise.all([
      ctx.db
        .selectFrom("response")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("channel_id", "=", link.id)
        .executeTakeFirstOrThrow(),
      ctx.db
        .selectFrom("paper_entry")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("channel_id", "=", link.id)
        .executeTakeFirstOrThrow(),
      ctx.db
        .selectFrom("response_tally")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("responses"), eb.lit(0)).as("n"))
        .where("channel_id", "=", link.id)
        .executeTakeFirstOrThrow(),
    ]);
    return { responses: Number(responses.n), entries: Number(entries.n), tally: Number(tally.n) };
  };

  beforeAll(async () => {
    // A district-wide paper link of the social questionnaire: people tick who they are.
    link = await insertPaperLink(ctx.db, seeded.campaignId, {
      label: "乡镇纸质问卷",
      questionnaireId: seeded.setup.questionnaireIds.social!,
    });
    const res = await first.request(`/api/channels/${link.id}/paper-form`);
    expect(res.status).toBe(200);
    form = (await res.json()) as PaperForm;
  });

  it("numbers the link's questions as printed and states when each conditional one applies", () => {
    const questions = form.sections.flatMap((s) => s.questions);
    expect(questions.map((q) => q.number)).toEqual(questions.map((_, k) => k + 1));
    const identity = questionNamed(form, "identity");
    expect(identity.number).toBe(1);
    expect(identity.condition).toBeNull();
    const childLevel = questionNamed(form, "child_level");
    expect(childLevel.condition).toEqual({ question: "identity", anyOf: ["parent"] });
    expect(childLevel.instruction?.zh).toMatch(/^如第1题选“[^”]+”，请回答本题；否则请跳过本题。$/);
    expect(identity.leadsTo.find((l) => l.value === "parent")?.numbers).toContain(
      childLevel.number,
    );
    // The campaign's words are filled in: no placeholder reaches the page.
    expect(JSON.stringify(form)).not.toMatch(/\{(area|balance|district)\w*\}/);
  });

  it("stores a single entry as a response, sealed and counted like any other, with its sheet number", async () => {
    const before = await counts();
    const res = await enter(first, {
      sheet: "A-001",
      answers: fillSheet(form, { identity: "parent", school: seeded.schoolCodes[1] }),
    });
    expect(res.status).toBe(201);
    const result = (await res.json()) as PaperEntryResult;
    expect(result).toMatchObject({ sheet: "A-001", state: "entered", differences: [] });
    expect(result.entries).toEqual([
      expect.objectContaining({ entryNumber: 1, enteredBy: "录入员甲" }),
    ]);
    const row = await ctx.db
      .selectFrom("response")
      .selectAll()
      .where("id", "=", result.responseId!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel_id: link.id,
      paper_sheet: "A-001",
      respondent_group: "parent",
      school_id: seeded.setup.schools[1]!.id,
      ip_hash: null,
      device_token: null,
    });
    expect(await counts()).toEqual({
      responses: before.responses + 1,
      entries: before.entries + 1,
      tally: before.tally + 1,
    });
    const entry = await ctx.db
      .selectFrom("paper_entry")
      .select(["response_id", "entry_number"])
      .where("channel_id", "=", link.id)
      .where("sheet_number", "=", "A-001")
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ response_id: result.responseId, entry_number: 1 });
    const seal = await ctx.db
      .selectFrom("response_seal")
      .select("seal")
      .where("response_id", "=", result.responseId!)
      .executeTakeFirst();
    expect(seal?.seal).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyIntegrity(ctx.db)).ok).toBe(true);
  });

  it("refuses a sheet number already stored, with a clear 409, and writes nothing", async () => {
    const before = await counts();
    for (const who of [first, second]) {
      const res = await enter(who, { sheet: "A-001", answers: fillSheet(form), doubleEntry: true });
      expect(res.status).toBe(409);
      const body = (await res.json()) as ErrorJson;
      expect(body.error.code).toBe("paper_sheet_taken");
      expect(body.error.message).toContain("第 A-001 号问卷已经录入为答卷");
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses answers the online page would refuse, naming the printed question, and writes nothing", async () => {
    const { source, target, closes } = conditionalPair(form);
    const before = await counts();
    const missing = fillSheet(form, { sat_overall: undefined });
    const notAsked = {
      ...fillSheet(form, { [source.name]: closes }),
      [target.name]: [target.options[0]!.value],
    };
    const wrongOption = fillSheet(form, { identity: "alien" });
    for (const [answers, question, code] of [
      [missing, "sat_overall", "required"],
      [notAsked, target.name, "not_visible"],
      [wrongOption, "identity", "not_a_choice"],
    ] as const) {
      const res = await enter(first, { sheet: "B-404", answers });
      expect(res.status).toBe(422);
      const body = (await res.json()) as ErrorJson;
      expect(body.error.code).toBe("invalid_answers");
      const issue = body.error.details?.find((d) => d.question === question);
      expect(issue?.code).toBe(code);
      // Numbered as the sheet prints it, even where the phone would have skipped questions.
      expect(issue?.message).toContain(`第${questionNamed(form, question).number}题`);
    }
    expect(await counts()).toEqual(before);
  });

  it("with double entry, waits for a second person and stores the response when both agree", async () => {
    const answers = fillSheet(form, { identity: "resident" });
    const before = await counts();
    const one = await enter(first, { sheet: "C-7", answers, doubleEntry: true });
    expect(one.status).toBe(201);
    expect(await one.json()).toMatchObject({ state: "waiting", responseId: null });
    expect(await counts()).toMatchObject({
      responses: before.responses,
      entries: before.entries + 1,
    });

    const again = await enter(first, { sheet: "C-7", answers });
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorJson).error.code).toBe("same_enterer");

    // The second person does not see what the first typed.
    const peek = (await (await second.request(`${sheets()}/C-7`)).json()) as PaperSheetDetail;
    expect(peek).toMatchObject({ state: "waiting", differences: [] });
    expect(JSON.stringify(peek)).not.toContain("resident");

    const two = await enter(second, { sheet: "C-7", answers: structuredClone(answers) });
    expect(two.status).toBe(201);
    const result = (await two.json()) as PaperEntryResult;
    expect(result).toMatchObject({ state: "entered", differences: [] });
    expect(result.entries.map((e) => e.enteredBy)).toEqual(["录入员甲", "录入员乙"]);
    expect(await counts()).toEqual({
      responses: before.responses + 1,
      entries: before.entries + 2,
      tally: before.tally + 1,
    });
    const stored = await ctx.db
      .selectFrom("paper_entry")
      .select("response_id")
      .where("channel_id", "=", link.id)
      .where("sheet_number", "=", "C-7")
      .execute();
    expect(stored.map((e) => e.response_id)).toEqual([result.responseId, result.responseId]);
  });

  it("shows two differing entries side by side and stores the response an admin resolves", async () => {
    const { source, target, opens, closes } = conditionalPair(form);
    const overall = questionNamed(form, "sat_overall");
    const typedFirst = fillSheet(form, {
      [source.name]: opens,
      sat_overall: overall.options[0]!.value,
    });
    const typedSecond = fillSheet(form, {
      [source.name]: closes,
      sat_overall: overall.options[1]!.value,
    });
    expect(
      (await enter(first, { sheet: "D-12", answers: typedFirst, doubleEntry: true })).status,
    ).toBe(201);
    const before = await counts();
    const res = await enter(second, { sheet: "D-12", answers: typedSecond });
    expect(res.status).toBe(201);
    const result = (await res.json()) as PaperEntryResult;
    expect(result.state).toBe("differing");
    expect(result.responseId).toBeNull();
    expect([...result.differences].sort()).toEqual(
      [source.name, target.name, "sat_overall"].sort(),
    );
    expect(await counts()).toMatchObject({
      responses: before.responses,
      entries: before.entries + 1,
    });

    // A third entry of a differing sheet is refused until it is resolved.
    const third = await enter(resolver, { sheet: "D-12", answers: typedFirst });
    expect(third.status).toBe(409);
    expect(((await third.json()) as ErrorJson).error.code).toBe("paper_sheet_differs");

    const detail = (await (await resolver.request(`${sheets()}/D-12`)).json()) as PaperSheetDetail;
    expect(detail.state).toBe("differing");
    const byKey = Object.fromEntries(detail.differences.map((d) => [d.key, d]));
    expect(byKey.sat_overall).toEqual({
      key: "sat_overall",
      first: typedFirst.sat_overall,
      second: overall.options[1]!.value,
    });
    expect(byKey[target.name]).toEqual({ key: target.name, first: typedFirst[target.name] });

    const resolve = (picks: Record<string, number>) =>
      post(resolver, `${sheets()}/D-12/resolution`, { picks });
    // Every difference needs a pick; nothing else may be picked.
    const partial = await resolve({ sat_overall: 2 });
    expect(partial.status).toBe(422);
    expect(((await partial.json()) as ErrorJson).error.code).toBe("invalid_resolution");
    // A mix the questionnaire refuses (the follow-up without the answer that opens it) stores nothing.
    const incoherent = await resolve({ sat_overall: 2, [source.name]: 2, [target.name]: 1 });
    expect(incoherent.status).toBe(422);
    expect(((await incoherent.json()) as ErrorJson).error.code).toBe("invalid_answers");
    expect(await counts()).toMatchObject({ responses: before.responses });

    const done = await resolve({ sat_overall: 2, [source.name]: 1, [target.name]: 1 });
    expect(done.status).toBe(201);
    const resolved = (await done.json()) as PaperEntryResult;
    expect(resolved.state).toBe("entered");
    const row = await ctx.db
      .selectFrom("response")
      .select(["answers", "paper_sheet"])
      .where("id", "=", resolved.responseId!)
      .executeTakeFirstOrThrow();
    expect(row.paper_sheet).toBe("D-12");
    expect(row.answers).toMatchObject({
      sat_overall: overall.options[1]!.value,
      [source.name]: opens,
      [target.name]: typedFirst[target.name],
    });
    expect(await counts()).toMatchObject({
      responses: before.responses + 1,
      tally: before.tally + 1,
    });

    const audit = await ctx.db
      .selectFrom("audit_log")
      .select(["action", "details", "actor_label"])
      .where("action", "=", "paper.resolve")
      .executeTakeFirstOrThrow();
    expect(audit.actor_label).toBe("resolver");
    expect(audit.details).toMatchObject({
      sheet: "D-12",
      responseId: resolved.responseId,
      differences: expect.arrayContaining([
        expect.objectContaining({ key: "sat_overall", picked: 2 }),
      ]),
    });
    const again = await resolve({ sat_overall: 1, [source.name]: 1, [target.name]: 1 });
    expect(again.status).toBe(409);
    expect((await verifyIntegrity(ctx.db)).ok).toBe(true);
  });

  it("lists the link's sheets by state and its counts", async () => {
    await enter(first, { sheet: "E-1", answers: fillSheet(form), doubleEntry: true });
    const list = (await (await first.request(sheets())).json()) as PaperSheetList;
    const states = Object.fromEntries(list.sheets.map((s) => [s.sheet, s.state]));
    expect(states).toEqual({
      "A-001": "entered",
      "C-7": "entered",
      "D-12": "entered",
      "E-1": "waiting",
    });
    const links = (await (
      await first.request(`/api/campaigns/${seeded.campaignId}/paper-links`)
    ).json()) as PaperLinkList;
    expect(links.links.find((l) => l.id === link.id)).toMatchObject({
      responses: 3,
      waiting: 1,
      differing: 0,
      distributedCount: null,
    });
  });

  it("records the sheets handed out, never fewer than those entered", async () => {
    const path = `/api/channels/${link.id}/distributed-count`;
    const putCount = (who: SignedIn, body: unknown) =>
      who.request(path, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const low = await putCount(first, { distributedCount: 3 });
    expect(low.status).toBe(422);
    expect(((await low.json()) as ErrorJson).error.code).toBe("distributed_below_entered");
    for (const bad of [{ distributedCount: -1 }, { distributedCount: 2.5 }, { count: 5 }]) {
      expect((await putCount(first, bad)).status).toBe(400);
    }
    const ok = await putCount(first, { distributedCount: 120 });
    expect(ok.status).toBe(200);
    const stored = await ctx.db
      .selectFrom("channel")
      .select("distributed_count")
      .where("id", "=", link.id)
      .executeTakeFirstOrThrow();
    expect(stored.distributed_count).toBe(120);
    expect((await putCount(viewer, { distributedCount: 1 })).status).toBe(403);
    expect((await putCount(first, { distributedCount: null })).status).toBe(200);
    // Another kind of link has no sheets to hand out.
    const online = seeded.setup.districtChannels[0]!;
    const other = await first.request(`/api/channels/${online.id}/distributed-count`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ distributedCount: 10 }),
    });
    expect(other.status).toBe(422);
    expect(((await other.json()) as ErrorJson).error.code).toBe("not_paper_link");
  });

  it("keeps typed sheets from school accounts and viewers", async () => {
    for (const who of [school, viewer]) {
      expect((await who.request(sheets())).status).toBe(403);
      expect((await who.request(`${sheets()}/A-001`)).status).toBe(403);
      expect((await enter(who, { sheet: "Z-1", answers: fillSheet(form) })).status).toBe(403);
      expect((await who.request(`/api/channels/${link.id}/paper-form`)).status).toBe(403);
    }
  });

  it("answers 404 for an unknown sheet or link and 400 for a malformed sheet number", async () => {
    expect((await first.request(`${sheets()}/NOPE-9`)).status).toBe(404);
    expect((await first.request(`/api/channels/999999/paper-sheets`)).status).toBe(404);
    const bad = await enter(first, { sheet: "第1号", answers: fillSheet(form) });
    expect(bad.status).toBe(400);
    const extra = await enter(first, { sheet: "F-1", answers: fillSheet(form), note: "x" });
    expect(extra.status).toBe(400);
  });
});

describe.each(availableDbKinds())("paper entry outside the campaign's window on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { status: "closed" },
    accounts: { admin: { role: "admin" } },
  });
  it("refuses sheets once the campaign is closed, and stores nothing", async () => {
    const link = await insertPaperLink(ctx.db, ctx.seeded.campaignId, {
      label: "纸质",
      questionnaireId: ctx.seeded.setup.questionnaireIds.social!,
    });
    const form = (await (
      await ctx.accounts.admin.request(`/api/channels/${link.id}/paper-form`)
    ).json()) as PaperForm;
    const res = await ctx.accounts.admin.request(`/api/channels/${link.id}/paper-sheets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sheet: "1", answers: fillSheet(form) }),
    });
    expect(res.status).toBe(410);
    const entries = await ctx.db.selectFrom("paper_entry").selectAll().execute();
    expect(entries).toEqual([]);
  });
});
