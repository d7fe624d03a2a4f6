import { type Locale, isLocale } from "./locale.ts";
import { type KeyValueStore, isRecord, readJson } from "./safe-storage.ts";
import type { VisitState } from "./visit-beacon.ts";

/** One respondent's unfinished answer sheet for one link, saved as they answer. */
export interface Draft {
  /** The v4 UUID the submission is PUT under; fixed from the start so retries are idempotent. */
  responseId: string;
  questionnaireId: number;
  data: Record<string, unknown>;
  /** The name of the page the respondent was on. */
  currentPage: string | null;
  startedAt: string;
  pageSeconds: Record<string, number>;
  locale: Locale;
  /** The funnel's visit (absent in drafts saved before it existed). */
  visit?: VisitState;
}

function asVisit(v: unknown): VisitState | undefined {
  return isRecord(v) &&
    typeof v.id === "string" &&
    typeof v.started === "boolean" &&
    typeof v.page === "number"
    ? { id: v.id, started: v.started, page: v.page }
    : undefined;
}

function isSeconds(value: unknown): value is Record<string, number> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === "number" && v >= 0);
}

/** Accepts only a well-formed draft: storage can hold anything (old versions, other tabs). */
function asDraft(value: unknown): Draft | undefined {
  if (!isRecord(value)) return undefined;
  const { responseId, questionnaireId, data, currentPage, startedAt, pageSeconds, locale } = value;
  if (
    typeof responseId !== "string" ||
    typeof questionnaireId !== "number" ||
    !isRecord(data) ||
    !(currentPage === null || typeof currentPage === "string") ||
    typeof startedAt !== "string" ||
    Number.isNaN(Date.parse(startedAt)) ||
    !isSeconds(pageSeconds) ||
    !isLocale(locale)
  ) {
    return undefined;
  }
  const visit = asVisit(value.visit);
  return {
    responseId,
    questionnaireId,
    data,
    currentPage,
    startedAt,
    pageSeconds,
    locale,
    ...(visit ? { visit } : {}),
  };
}

/** Drafts in browser storage, one per channel token. */
export class DraftStore {
  constructor(private readonly store: KeyValueStore) {}

  private key(token: string): string {
    return `junheng:draft:${token}`;
  }

  load(token: string): Draft | undefined {
    return asDraft(readJson(this.store, this.key(token)));
  }

  save(token: string, draft: Draft): void {
    this.store.setItem(this.key(token), JSON.stringify(draft));
  }

  clear(token: string): void {
    this.store.removeItem(this.key(token));
  }
}
