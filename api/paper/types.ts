// The JSON the paper endpoints answer with and accept, as the staff pages read it (import type only).
import type { z } from "zod";
import type { AnswerIssue } from "../responses/index.ts";
import type { RespondentGroup } from "../db/database.ts";
import type {
  distributedCountSchema,
  paperSheetSchema,
  resolutionSchema,
} from "./paper-schemas.ts";

/** A value an answer can hold: an option's machine value, a rating, a yes/no. */
export type AnswerValue = string | number | boolean;

/**
 * When a question is asked, over earlier answers (paper-condition.ts): `anyOf` holds when the
 * answer (or one of the options ticked) is one of the values; `unknown` is a part the sheet
 * cannot state, taken as "may apply".
 */
export type PaperCondition =
  | { all: PaperCondition[] }
  | { any: PaperCondition[] }
  | { not: PaperCondition }
  | { question: string; anyOf: AnswerValue[] }
  | { question: string; allOf: AnswerValue[] }
  | { question: string; answered: boolean }
  | { question: string; compare: "<" | "<=" | ">" | ">="; value: number }
  | { unknown: true };

export interface Bilingual {
  zh: string;
  en: string;
}

export interface PaperOption extends Bilingual {
  value: AnswerValue;
  /** Ticking it asks for the text box beside the question ("other, please specify"). */
  other?: true;
  /** Ticked alone: "none of these" and the like, in a multiple-choice question. */
  exclusive?: true;
}

/**
 * How a question is answered on paper and typed in: one box (`single`, `rating`, `boolean`),
 * several (`multiple`), the campaign's schools (`school`), words or a number.
 */
export type PaperQuestionKind =
  "single" | "multiple" | "rating" | "boolean" | "school" | "text" | "comment" | "number";

export interface PaperQuestion {
  /** The answer key. */
  name: string;
  /** As printed: every question the link may ask, the conditional ones too, from 1. */
  number: number;
  kind: PaperQuestionKind;
  title: Bilingual;
  description: Bilingual;
  required: boolean;
  options: PaperOption[];
  /** A rating's words at its two ends, when the questionnaire gives them. */
  scaleEnds: { min: Bilingual; max: Bilingual } | null;
  /** The text box stored beside the answer (`<name>-Comment`). */
  companion: {
    key: string;
    maxLength: number;
    /** Filled only with the "other" option ticked. */
    onlyWithOther: boolean;
    label: Bilingual;
  } | null;
  /** Characters for text and comment answers. */
  maxLength: number | null;
  /** A number answer's bounds. */
  min: number | null;
  max: number | null;
  /** Options a multiple choice may tick at most (0: no limit). */
  maxSelected: number;
  /** When it is asked; null: always. */
  condition: PaperCondition | null;
  /** The condition in words, as printed under the title. */
  instruction: Bilingual | null;
  /** Options that lead to later conditional questions, with those questions' numbers. */
  leadsTo: { value: AnswerValue; numbers: number[] }[];
}

export interface PaperSection {
  title: Bilingual;
  description: Bilingual;
  questions: PaperQuestion[];
}

/** A link's questionnaire version as printed and typed in. */
export interface PaperForm {
  questionnaireId: number;
  key: string;
  version: number;
  title: Bilingual;
  description: Bilingual;
  sections: PaperSection[];
}

/** A paper link as `GET /api/campaigns/:id/paper-links` lists it. */
export interface PaperLinkView {
  id: number;
  token: string;
  /** As lists show it: the school's name before the label. */
  name: string;
  label: string;
  schoolName: string | null;
  presetGroup: RespondentGroup | null;
  questionnaireKey: string;
  questionnaireVersion: number;
  /** Sheets handed out; null: not entered yet. */
  distributedCount: number | null;
  /** Sheets that became responses. */
  responses: number;
  /** Sheets typed once, waiting for the second person. */
  waiting: number;
  /** Sheets typed twice with differences to resolve. */
  differing: number;
}

export interface PaperLinkList {
  links: PaperLinkView[];
}

/**
 * Where a sheet stands: `waiting` (typed once, for double entry), `differing` (typed twice,
 * differences to resolve), `entered` (a response).
 */
export type PaperSheetState = "waiting" | "differing" | "entered";

export interface PaperEntryView {
  entryNumber: 1 | 2;
  enteredBy: string;
  enteredAt: string;
}

export interface PaperSheetView {
  sheet: string;
  state: PaperSheetState;
  entries: PaperEntryView[];
  responseId: string | null;
}

export interface PaperSheetList {
  sheets: PaperSheetView[];
}

/** One answer that differs between the two entries of a sheet; absent: left blank. */
export interface PaperDifference {
  key: string;
  first?: unknown;
  second?: unknown;
}

/** `GET /api/channels/:id/paper-sheets/:sheet`: the differences only while there are some. */
export interface PaperSheetDetail extends PaperSheetView {
  differences: PaperDifference[];
}

/** What storing one entry came to. */
export interface PaperEntryResult extends PaperSheetView {
  /** Keys whose answers differ from the first entry (a second entry that does not match). */
  differences: string[];
}

/** `POST /api/channels/:id/paper-sheets`. */
export type PaperSheetBody = z.input<typeof paperSheetSchema>;
/** `POST /api/channels/:id/paper-sheets/:sheet/resolution`. */
export type ResolutionBody = z.input<typeof resolutionSchema>;
/** `PUT /api/channels/:id/distributed-count`. */
export type DistributedCountBody = z.input<typeof distributedCountSchema>;

/** A 422 invalid_answers' details: one per answer refused, numbered as printed. */
export type PaperAnswerIssue = AnswerIssue;
