// The editor's live preview: the respondent page's renderer in an iframe 390 px wide (a phone's
// width, so survey-js-ui lays out as on a phone), fed the draft by message. The frame's page
// (/questionnaire-preview, survey-web/preview/) loads survey-core only when this page opens it.
import type { PreviewMessage, PreviewReply } from "../../preview/messages.ts";
import { $, type Html, html } from "../html.ts";
import { t } from "../i18n.ts";

export interface PhonePreview {
  /** Shows `survey` (placeholders filled by `wording`), scrolled to `focus` if given. */
  show(survey: Record<string, unknown>, focus?: string): void;
}

export function previewPanel(): Html {
  return html`<section class="jh-panel qe-preview" aria-labelledby="qe-preview-title">
    <h2 id="qe-preview-title">${t("qe.preview")}</h2>
    <p class="jh-hint">${t("qe.previewHint")}</p>
    <div class="qe-preview__controls">
      <label
        >${t("qe.previewLanguage")}
        <select id="qe-preview-locale">
          <option value="zh-cn">中文</option>
          <option value="en">English</option>
        </select></label
      >
      <label><input type="checkbox" id="qe-preview-paged" /> ${t("qe.previewPaged")}</label>
    </div>
    <div class="qe-phone">
      <iframe
        id="qe-preview-frame"
        class="qe-phone__screen"
        title="${t("qe.previewFrame")}"
        src="/questionnaire-preview"
        width="390"
        height="844"
      ></iframe>
    </div>
    <p class="jh-muted" id="qe-preview-status" role="status"></p>
  </section>`;
}

/** Wires the panel drawn by previewPanel(); messages go to and come from our own origin only. */
export function wirePreview(
  root: ParentNode,
  wording: Record<string, string>,
  signal: AbortSignal,
): PhonePreview {
  const frame = $<HTMLIFrameElement>(root, "#qe-preview-frame");
  const localeSelect = $<HTMLSelectElement>(root, "#qe-preview-locale");
  const paged = $<HTMLInputElement>(root, "#qe-preview-paged");
  const status = $(root, "#qe-preview-status");
  let ready = false;
  let pending: { survey: Record<string, unknown>; focus?: string } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const post = () => {
    if (!ready || !pending || !frame.contentWindow) return;
    const message: PreviewMessage = {
      type: "jh-preview-show",
      survey: pending.survey,
      wording,
      locale: localeSelect.value === "en" ? "en" : "zh-cn",
      paged: paged.checked,
      ...(pending.focus ? { focus: pending.focus } : {}),
    };
    frame.contentWindow.postMessage(message, location.origin);
  };
  const onMessage = (event: MessageEvent<PreviewReply>) => {
    if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
    if (event.data?.type === "jh-preview-ready") {
      ready = true;
      post();
    } else if (event.data?.type === "jh-preview-shown") {
      status.textContent = t("qe.previewShown", { count: event.data.questions });
    } else if (event.data?.type === "jh-preview-failed") {
      status.textContent = t("qe.previewFailed");
    }
  };
  window.addEventListener("message", onMessage);
  signal.addEventListener("abort", () => {
    window.removeEventListener("message", onMessage);
    clearTimeout(timer);
  });
  localeSelect.addEventListener("change", post);
  paged.addEventListener("change", post);

  return {
    show(survey, focus) {
      pending = { survey: structuredClone(survey), ...(focus ? { focus } : {}) };
      // Typing redraws once it pauses, not on every key.
      clearTimeout(timer);
      timer = setTimeout(post, 250);
    },
  };
}
