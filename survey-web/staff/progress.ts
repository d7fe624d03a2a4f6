import type { SuppressedCount } from "../../api/analysis/types.ts";
import { count, countValue, percent } from "./format.ts";
import { type Html, html } from "./html.ts";
import { t } from "./i18n.ts";

/** Responses against a target as a native progress bar with the figures in words beside it. */
export function progressBar(
  id: string,
  name: string,
  responses: SuppressedCount,
  target: number,
): Html {
  const value = countValue(responses);
  const share = value !== null && target > 0 ? value / target : null;
  return html`<div class="jh-progress">
    <div class="jh-progress__label">
      <span id="${id}-label">${name}</span>
      <span class="jh-progress__figures"
        >${t("progress.figures", {
          responses: count(responses),
          target: count(target),
          share: percent(share, 0),
        })}</span
      >
    </div>
    <progress
      id="${id}"
      aria-labelledby="${id}-label"
      max="${Math.max(target, 1)}"
      value="${value === null ? 0 : Math.min(value, Math.max(target, 1))}"
    >
      ${percent(share, 0)}
    </progress>
  </div>`;
}
