import { describe, expect, it } from "vitest";
import { markCompleted, readCompletion } from "../../survey-web/respondent/completion-marker.ts";
import { deviceToken } from "../../survey-web/respondent/device-token.ts";
import { type Draft, DraftStore } from "../../survey-web/respondent/draft-store.ts";
import {
  doneScreen,
  freshDraft,
  startNextRespondent,
} from "../../survey-web/respondent/next-respondent.ts";
import { PageTimer } from "../../survey-web/respondent/page-timer.ts";
import { memoryStore } from "../../survey-web/respondent/safe-storage.ts";

const draft: Draft = {
  responseId: "0b8f6a52-4a53-4c1e-9a44-7f1c2b3d4e5f",
  questionnaireId: 3,
  data: { identity: "parent", aware_source: ["letter"] },
  currentPage: "items",
  startedAt: "2026-05-01T08:00:00.000Z",
  pageSeconds: { intro: 12.5 },
  locale: "en",
};

describe("the draft store", () => {
  it("keeps one draft per link and gives it back as saved", () => {
    const drafts = new DraftStore(memoryStore());
    drafts.save("link-a", draft);
    expect(drafts.load("link-a")).toEqual(draft);
    expect(drafts.load("link-b")).toBeUndefined();
    drafts.clear("link-a");
    expect(drafts.load("link-a")).toBeUndefined();
  });

  it("treats a damaged or foreign value as no draft", () => {
    const store = memoryStore();
    const drafts = new DraftStore(store);
    store.setItem("junheng:draft:x", "{oops");
    expect(drafts.load("x")).toBeUndefined();
    store.setItem("junheng:draft:x", JSON.stringify({ ...draft, locale: "fr" }));
    expect(drafts.load("x")).toBeUndefined();
    store.setItem("junheng:draft:x", JSON.stringify({ ...draft, pageSeconds: { a: -1 } }));
    expect(drafts.load("x")).toBeUndefined();
  });
});

describe("the device token and the completion marker", () => {
  it("makes the device token once and keeps it", () => {
    const store = memoryStore();
    let made = 0;
    const make = () => `0b8f6a52-4a53-4c1e-9a44-7f1c2b3d4e5${made++}`;
    const first = deviceToken(store, make);
    expect(deviceToken(store, make)).toBe(first);
    expect(made).toBe(1);
  });

  it("marks a campaign as answered on this device, per campaign", () => {
    const store = memoryStore();
    const receipt = { responseId: "0b8f6a52-4a53-4c1e-9a44-7f1c2b3d4e5f", receivedAt: null };
    markCompleted(store, 4, receipt);
    expect(readCompletion(store, 4)).toEqual(receipt);
    expect(readCompletion(store, 5)).toBeUndefined();
    store.setItem("junheng:done:6", "garbage");
    expect(readCompletion(store, 6)).toBeUndefined();
  });
});

describe("the page timer", () => {
  it("adds seconds per page name, leaves out hidden time and carries restored totals", () => {
    let now = 0;
    const timer = new PageTimer(() => now, { intro: 10 });
    timer.enter("intro");
    now = 5_000;
    timer.enter("items");
    now = 65_000;
    timer.pause(); // the parent switched to a chat
    now = 600_000;
    timer.resume();
    now = 612_340;
    expect(timer.snapshot()).toEqual({ intro: 15, items: 72.3 });
    timer.enter(null);
    now = 700_000;
    expect(timer.snapshot()).toEqual({ intro: 15, items: 72.3 });
  });
});

describe("the next person on a shared phone", () => {
  const options = (previousId: string | undefined, ids: string[]) => ({
    questionnaireId: 3,
    locale: "zh-cn" as const,
    startedAt: "2026-05-01T09:00:00.000Z",
    previousId,
    newId: () => ids.shift() ?? "none left",
  });

  it("starts an empty sheet on the first page under a new id, never the one just sent", () => {
    const next = freshDraft(
      options(draft.responseId, [draft.responseId, "7d1e2f30-5b6c-4d7e-8f90-a1b2c3d4e5f6"]),
    );
    expect(next).toEqual({
      responseId: "7d1e2f30-5b6c-4d7e-8f90-a1b2c3d4e5f6",
      questionnaireId: 3,
      data: {},
      currentPage: null,
      startedAt: "2026-05-01T09:00:00.000Z",
      pageSeconds: {},
      locale: "zh-cn",
    });
  });

  it("replaces the link's draft, visit and all, and leaves other links' drafts alone", () => {
    const drafts = new DraftStore(memoryStore());
    const visit = { id: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", started: true, page: 4 };
    drafts.save("family", { ...draft, visit });
    drafts.save("other", draft);
    const next = startNextRespondent(
      drafts,
      "family",
      options(draft.responseId, ["7d1e2f30-5b6c-4d7e-8f90-a1b2c3d4e5f6"]),
    );
    expect(drafts.load("family")).toEqual(next);
    expect(next.responseId).not.toBe(draft.responseId);
    expect(next.visit).toBeUndefined();
    expect(next.data).toEqual({});
    expect(drafts.load("other")).toEqual(draft);
  });

  it("offers another response after sending and on coming back, on a shared-device link only", () => {
    expect(doneScreen("thanks", true)).toEqual({ kind: "thanks", another: true });
    expect(doneScreen("already", true)).toEqual({ kind: "already", another: true });
    expect(doneScreen("thanks", false)).toEqual({ kind: "thanks", another: false });
    expect(doneScreen("already", false)).toEqual({ kind: "already", another: false });
  });

  it("offers the next respondent, or the next call, on an interviewer's link instead of the family's button", () => {
    expect(doneScreen("thanks", false, "respondent")).toEqual({
      kind: "thanks",
      another: false,
      next: "respondent",
    });
    expect(doneScreen("thanks", true, "call")).toEqual({
      kind: "thanks",
      another: false,
      next: "call",
    });
  });
});
