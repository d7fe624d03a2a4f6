// What the editor page and its preview frame say to each other (postMessage, same origin).

export type PreviewMessage = {
  type: "jh-preview-show";
  survey: Record<string, unknown>;
  /** survey-core variables filling the texts' placeholders ({district} …). */
  wording: Record<string, string>;
  locale: "zh-cn" | "en";
  /** Page by page as respondents see it; else every question on one page. */
  paged: boolean;
  /** A question to scroll to. */
  focus?: string;
};

export type PreviewReply =
  | { type: "jh-preview-ready" }
  | { type: "jh-preview-shown"; questions: number }
  | { type: "jh-preview-failed"; message: string };
