import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Campaign, Database, RespondentGroup } from "../db/database.ts";
import { isCampaignOpen } from "../campaigns/index.ts";
import { AppError, conflict, notFound, unprocessable } from "../http/errors.ts";
import { message } from "../http/messages.ts";
import { withWording } from "../questionnaires/index.ts";
import {
  type AnswerIssue,
  type NewResponse,
  contentHash,
  storeResponseBatch,
} from "../responses/index.ts";
import type { SchoolDirectory } from "../schools/index.ts";
import type { StaffUser } from "../staff/index.ts";
import { type LinkQuestionnaire, type PaperDeps, linkQuestionnaire } from "./link-questionnaire.ts";
import { paperMessage } from "./messages.ts";
import {
  type PaperLink,
  type StoredEntry,
  findSheetEntries,
  insertEntry,
  lockLink,
  markEntriesStored,
  sheetResponse,
} from "./repository.ts";
import type { PaperDifference, PaperEntryResult } from "./types.ts";

/** Writes one audit-log entry with the change, in the same transaction (the route's auditor). */
export type PaperAudit = (
  db: Kysely<Database>,
  event: { action: string; target: string; details: Record<string, unknown> },
) => Promise<void>;

export interface PaperRequest {
  link: PaperLink;
  campaign: Campaign;
  user: StaffUser;
  now: Date;
  /** Set only by an injected clock (tests); else the database stamps the response. */
  receivedAt?: Date;
  audit: PaperAudit;
}

type SchoolCodes = Awaited<ReturnType<SchoolDirectory["codes"]>>;

interface CheckedSheet {
  answers: Record<string, unknown>;
  group: RespondentGroup;
  schoolId: number | null;
}

function requireOpen(req: PaperRequest): void {
  const { status, opens_at: opensAt, closes_at: closesAt } = req.campaign;
  if (!isCampaignOpen({ status, opensAt, closesAt }, req.now)) {
    throw new AppError("campaign_not_open", message("campaign_not_open"));
  }
}

/** 422 naming each answer refused, numbered as the sheet prints them, in the campaign's words. */
function answersRejected(issues: AnswerIssue[], lq: LinkQuestionnaire): AppError {
  const questions = issues.map((i) => i.question || "answers").join(", ");
  return new AppError(
    "invalid_answers",
    message("invalid_answers", { count: issues.length, questions }),
    issues.map((i) => ({ ...i, message: withWording(i.message, lq.wording) })),
  );
}

/**
 * Checks a sheet's answers exactly as an online submission's (the same validator, the same
 * survey variables as the link's page, the campaign's schools), and works out the response's
 * group and school as the submission does.
 */
function checkSheet(
  req: PaperRequest,
  lq: LinkQuestionnaire,
  schools: SchoolCodes,
  raw: Record<string, unknown>,
): CheckedSheet {
  const result = lq.entry.validator.validate(raw, {
    variables: lq.variables,
    externalChoices: { school: schools.codes },
    questionNumbers: lq.numbers,
  });
  if (!result.ok) throw answersRejected(result.issues, lq);
  const { answers } = result;
  const served = lq.entry.version.respondentGroups;
  const group = lq.variables.presetGroup || answers.identity;
  if (typeof group !== "string" || !(served as readonly string[]).includes(group)) {
    // Reached only by a link whose preset group its questionnaire does not serve.
    const issue = { question: "identity", code: "required", message: paperMessage("noGroup") };
    throw answersRejected([issue as AnswerIssue], lq);
  }
  const picked = typeof answers.school === "string" ? schools.ids.get(answers.school) : undefined;
  return {
    answers,
    group: group as RespondentGroup,
    schoolId: req.link.schoolId ?? picked ?? null,
  };
}

function sameAnswer(a: unknown, b: unknown): boolean {
  // The order in which options of a multiple choice were ticked means nothing.
  const norm = (v: unknown) =>
    Array.isArray(v) ? contentHash([...v].map((x) => contentHash(x)).sort()) : contentHash(v);
  return (a === undefined) === (b === undefined) && norm(a) === norm(b);
}

/** The answer keys on which two entries of a sheet differ, in the first entry's order. */
export function differingKeys(
  first: Record<string, unknown>,
  second: Record<string, unknown>,
): string[] {
  const keys = [...new Set([...Object.keys(first), ...Object.keys(second)])];
  return keys.filter((k) => !sameAnswer(first[k], second[k]));
}

/** Stores the sheet as a response through the submission's own write (seal, tally and all). */
async function storeSheet(
  trx: Kysely<Database>,
  req: PaperRequest,
  sheet: string,
  checked: CheckedSheet,
): Promise<string> {
  const { link } = req;
  const row: NewResponse = {
    id: randomUUID(),
    campaignId: link.campaignId,
    channelId: link.id,
    questionnaireId: link.questionnaireId,
    schoolId: checked.schoolId,
    respondentGroup: checked.group,
    answers: checked.answers,
    startedAt: null,
    completedAt: null,
    durationSeconds: null,
    pageSeconds: {},
    locale: "zh-cn",
    browserFamily: "paper",
    ipHash: null,
    deviceToken: null,
    contentHash: contentHash({
      channel: link.token,
      questionnaire: link.questionnaireId,
      paperSheet: sheet,
      answers: checked.answers,
    }),
    paperSheet: sheet,
    ...(req.receivedAt ? { receivedAt: req.receivedAt } : {}),
  };
  // No rate windows: staff typing sheets are not the crowd the limits slow down.
  const [outcome] = await storeResponseBatch(trx, [{ row, buckets: [], now: req.now }]);
  if (outcome?.kind !== "stored") throw new Error(`paper response ${row.id} was not stored`);
  return outcome.receipt.id;
}

function view(
  sheet: string,
  entries: readonly Pick<StoredEntry, "entryNumber" | "enteredBy" | "enteredAt">[],
  responseId: string | null,
  differences: string[],
): PaperEntryResult {
  return {
    sheet,
    state: responseId ? "entered" : entries.length === 2 ? "differing" : "waiting",
    entries: entries.map((e) => ({
      entryNumber: e.entryNumber,
      enteredBy: e.enteredBy,
      enteredAt: e.enteredAt.toISOString(),
    })),
    responseId,
    differences,
  };
}

/**
 * Stores one typed sheet. Its first entry becomes a response at once, or, with double entry,
 * waits for a second entry by another account: when both agree the response is stored, when
 * they differ both wait for someone to resolve the differences. Answers that fail the checks
 * store nothing (422); a sheet number already stored as a response is refused (409). Each
 * step is one transaction with its audit entry, the link's row held so that two people typing
 * the same sheet at once are stored one after the other.
 */
export async function enterSheet(
  deps: PaperDeps,
  req: PaperRequest,
  body: { sheet: string; answers: Record<string, unknown>; doubleEntry?: boolean | undefined },
): Promise<PaperEntryResult> {
  requireOpen(req);
  const { link, user } = req;
  const sheet = body.sheet;
  const lq = await linkQuestionnaire(deps, link);
  const checked = checkSheet(req, lq, await deps.schools.codes(link.campaignId), body.answers);
  return deps.db.transaction().execute(async (trx) => {
    await lockLink(trx, link.id);
    if (await sheetResponse(trx, link.id, sheet)) {
      throw conflict("paper_sheet_taken", paperMessage("sheetTaken", { sheet }));
    }
    const before = await findSheetEntries(trx, link.id, sheet);
    if (before.length >= 2) {
      throw conflict("paper_sheet_differs", paperMessage("sheetDiffers", { sheet }));
    }
    const first = before[0];
    if (first && first.enteredById === user.id) {
      throw conflict("same_enterer", paperMessage("sameEnterer", { sheet }));
    }
    const entryNumber = first ? 2 : 1;
    const id = await insertEntry(trx, {
      campaignId: link.campaignId,
      channelId: link.id,
      sheet,
      entryNumber,
      answers: checked.answers,
      enteredBy: user.id,
    });
    const entries = [
      ...before,
      {
        id,
        entryNumber,
        enteredBy: user.displayName || user.username,
        enteredAt: req.now,
      } as const,
    ];
    const differences = first ? differingKeys(first.answers, checked.answers) : [];
    const waits = first ? differences.length > 0 : body.doubleEntry === true;
    let responseId: string | null = null;
    if (!waits) {
      responseId = await storeSheet(trx, req, sheet, checked);
      await markEntriesStored(
        trx,
        entries.map((e) => e.id),
        responseId,
      );
    }
    const result = view(sheet, entries, responseId, differences);
    await req.audit(trx, {
      action: "paper.entry",
      target: `channel:${link.id}`,
      details: {
        campaignId: link.campaignId,
        sheet,
        entryNumber,
        state: result.state,
        responseId,
        ...(first ? { differences } : { doubleEntry: body.doubleEntry === true }),
      },
    });
    return result;
  });
}

/** The two entries of a sheet that differ, with what each holds where they differ. */
export function sheetDifferences(entries: readonly StoredEntry[]): PaperDifference[] {
  const [first, second] = entries;
  if (!first || !second) return [];
  return differingKeys(first.answers, second.answers).map((key) => ({
    key,
    ...(Object.hasOwn(first.answers, key) ? { first: first.answers[key] } : {}),
    ...(Object.hasOwn(second.answers, key) ? { second: second.answers[key] } : {}),
  }));
}

/**
 * Resolves a sheet typed twice with differences: for each differing answer, `picks` says which
 * entry read the paper right. The merged sheet is checked like any other (422 stores nothing),
 * then stored as the response with both entries pointing to it; the audit log keeps the
 * differences and the choices.
 */
export async function resolveSheet(
  deps: PaperDeps,
  req: PaperRequest,
  sheet: string,
  picks: Readonly<Record<string, 1 | 2>>,
): Promise<PaperEntryResult> {
  requireOpen(req);
  const { link } = req;
  const lq = await linkQuestionnaire(deps, link);
  // Read before the transaction: on PGlite a read outside it would wait for it to end.
  const schools = await deps.schools.codes(link.campaignId);
  return deps.db.transaction().execute(async (trx) => {
    await lockLink(trx, link.id);
    if (await sheetResponse(trx, link.id, sheet)) {
      throw conflict("paper_sheet_taken", paperMessage("sheetTaken", { sheet }));
    }
    const entries = await findSheetEntries(trx, link.id, sheet);
    if (entries.length === 0) throw notFound("not_found", paperMessage("sheetNotFound", { sheet }));
    const [first, second] = entries;
    if (!first || !second) {
      throw conflict("nothing_to_resolve", paperMessage("nothingToResolve", { sheet }));
    }
    const differences = sheetDifferences(entries);
    const keys = new Set(differences.map((d) => d.key));
    const missing = [...keys].filter((k) => !Object.hasOwn(picks, k));
    const extra = Object.keys(picks).filter((k) => !keys.has(k));
    if (missing.length > 0 || extra.length > 0) {
      throw unprocessable(
        "invalid_resolution",
        paperMessage("invalidResolution", {
          missing: missing.join(", ") || "-",
          extra: extra.join(", ") || "-",
        }),
        { missing, extra },
      );
    }
    const merged: Record<string, unknown> = { ...first.answers };
    for (const d of differences) {
      if (picks[d.key] !== 2) continue;
      if (Object.hasOwn(d, "second")) merged[d.key] = d.second;
      else delete merged[d.key];
    }
    const checked = checkSheet(req, lq, schools, merged);
    const responseId = await storeSheet(trx, req, sheet, checked);
    await markEntriesStored(trx, [first.id, second.id], responseId);
    await req.audit(trx, {
      action: "paper.resolve",
      target: `channel:${link.id}`,
      details: {
        campaignId: link.campaignId,
        sheet,
        responseId,
        entries: [
          { entryNumber: 1, enteredBy: first.enteredBy },
          { entryNumber: 2, enteredBy: second.enteredBy },
        ],
        differences: differences.map((d) => ({ ...d, picked: picks[d.key] })),
      },
    });
    return view(sheet, entries, responseId, []);
  });
}
