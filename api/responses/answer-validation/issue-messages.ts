import zh from "./answer-issues.zh-CN.json" with { type: "json" };
import { fillTemplate as fill } from "../../http/messages.ts";
import en from "./answer-issues.en.json" with { type: "json" };
import type { AnswerIssueCode, IssueParams } from "./answer-issue.ts";

type TemplateKey = keyof typeof zh & keyof typeof en;

/** How an answer is named in a message; `number` is "" when the respondent sees no number. */
export interface QuestionLabel {
  number: string;
  zh: string;
  en: string;
  /** The free-text box beside a choice question ("other, please specify" or a comment area). */
  isComment?: boolean;
}

const titleLimit = 30;

// Titles are full sentences; a message only needs enough to find the question.
function shorten(title: string): string {
  const flat = title.replace(/\s+/g, " ").trim();
  return flat.length > titleLimit ? `${flat.slice(0, titleLimit)}…` : flat;
}

function name(
  templates: Record<TemplateKey, string>,
  label: QuestionLabel | undefined,
  title: string,
): string {
  if (!label) return templates.answers;
  const params = { number: label.number, title: shorten(title) };
  const question = fill(label.number ? templates.question_numbered : templates.question, params);
  return label.isComment ? fill(templates.comment_of, { question }) : question;
}

/**
 * One message for people, Chinese first and English after (the shape of
 * api/http/messages.ts), e.g. `第3题「择校情况」：请选择列表中的选项。 Q3 "School choice": …`.
 * `label` is undefined for an issue about the answer sheet as a whole.
 */
export function issueMessage(
  code: AnswerIssueCode,
  label: QuestionLabel | undefined,
  params: IssueParams = {},
): string {
  const zhText = fill(zh[code], { ...params, question: name(zh, label, label?.zh ?? "") });
  const enText = fill(en[code], { ...params, question: name(en, label, label?.en ?? "") });
  return `${zhText} ${enText}`;
}
