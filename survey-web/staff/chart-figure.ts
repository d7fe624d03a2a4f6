import { type Html, html } from "./html.ts";
import { t } from "./i18n.ts";

/**
 * A chart's place on the page: a titled figure whose canvas is an image with
 * a summary for screen readers (the figures themselves are in a table beside it).
 */
export function chartFigure(id: string, title: string, summary: string, kind = ""): Html {
  return html`<figure class="jh-chart ${kind ? `jh-chart--${kind}` : ""}">
    <figcaption>${title}</figcaption>
    <div class="jh-chart__canvas">
      <canvas id="${id}" role="img" aria-label="${summary}"></canvas>
    </div>
  </figure>`;
}

/** Where chart.js did not arrive (a flaky link): say so; the tables still have every figure. */
export function chartFailed(root: ParentNode, ids: readonly string[]): void {
  for (const id of ids) {
    root.querySelector(`#${id}`)?.replaceWith(
      Object.assign(document.createElement("p"), {
        className: "jh-hint",
        textContent: t("chart.failed"),
      }),
    );
  }
}
