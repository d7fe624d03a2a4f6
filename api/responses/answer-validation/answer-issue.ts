/** Why one answer (or the answer sheet as a whole) was not accepted. */
export type AnswerIssueCode =
  | "unknown_question"
  | "not_visible"
  | "required"
  | "wrong_type"
  | "not_a_choice"
  | "out_of_range"
  | "too_long"
  | "too_many"
  | "too_few"
  | "duplicate_choice"
  | "exclusive_choice"
  | "too_many_issues";

export interface AnswerIssue {
  /** The answer key: a question name, `<name>-Comment`, or "" for the sheet as a whole. */
  question: string;
  code: AnswerIssueCode;
  /** Chinese, then English, in one string. */
  message: string;
}

/** Numbers filled into a message template, e.g. `{ max: 500 }`. */
export type IssueParams = Readonly<Record<string, number>>;
