import type { PaperLinkView } from "../../../api/paper/types.ts";
import { paperApi } from "../api-client.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { setTitle } from "../shell.ts";
import { PaperEntry } from "./paper-entry.ts";
import "./paper.css";

const lastLinkKey = (campaignId: number) => `junheng.paper.link.${campaignId}`;

function remembered(campaignId: number): number | null {
  try {
    const raw = Number(localStorage.getItem(lastLinkKey(campaignId)));
    return Number.isSafeInteger(raw) && raw > 0 ? raw : null;
  } catch {
    return null;
  }
}

function remember(campaignId: number, linkId: number): void {
  try {
    localStorage.setItem(lastLinkKey(campaignId), String(linkId));
  } catch {
    // Not remembered: the page still works.
  }
}

function linksTable(links: readonly PaperLinkView[]): Html {
  if (links.length === 0) return html`<p class="jh-hint">${t("paper.noLinks")}</p>`;
  return html`<div
    class="jh-table-wrap"
    role="region"
    aria-labelledby="paper-links-caption"
    tabindex="0"
  >
    <table class="jh-table" id="paper-links">
      <caption id="paper-links-caption">
        ${t("paper.linksCaption")}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t("paper.link")}</th>
          <th scope="col">${t("paper.questionnaire")}</th>
          <th scope="col" class="jh-num">${t("paper.distributed")}</th>
          <th scope="col" class="jh-num">${t("paper.responses")}</th>
          <th scope="col" class="jh-num">${t("paper.waiting")}</th>
          <th scope="col" class="jh-num">${t("paper.differing")}</th>
          <th scope="col">${t("paper.print")}</th>
          <th scope="col"><span class="jh-visually-hidden">${t("paper.enterHere")}</span></th>
        </tr>
      </thead>
      <tbody>
        ${links.map(
          (l) =>
            html`<tr data-link="${l.id}">
              <th scope="row">
                ${l.name}
                ${l.presetGroup ? html`<span class="jh-muted"> · ${label("group", l.presetGroup)}</span>` : ""}
              </th>
              <td>${l.questionnaireKey} v${l.questionnaireVersion}</td>
              <td class="jh-num">
                <form class="jh-paper-distributed" data-link="${l.id}" novalidate>
                  <label class="jh-visually-hidden" for="distributed-${l.id}"
                    >${t("paper.distributedOf", { link: l.name })}</label
                  >
                  <input
                    id="distributed-${l.id}"
                    type="number"
                    min="0"
                    max="10000000"
                    step="1"
                    inputmode="numeric"
                    value="${l.distributedCount ?? ""}"
                  />
                  <button type="submit" class="jh-button jh-button--small">
                    ${t("paper.save")}
                  </button>
                  <span class="jh-paper-distributed__state" role="status"></span>
                </form>
              </td>
              <td class="jh-num">${l.responses}</td>
              <td class="jh-num">${l.waiting}</td>
              <td class="jh-num">${l.differing}</td>
              <td>
                <span class="jh-link-list">
                  <a href="${paperApi.printUrl(l.id)}" target="_blank" rel="noopener"
                    >${t("paper.printZh")}<span class="jh-visually-hidden">
                      ${t("paper.ofLink", { link: l.name })}</span
                    ></a
                  >
                  <a
                    href="${paperApi.printUrl(l.id, "en")}"
                    target="_blank"
                    rel="noopener"
                    lang="en"
                    >English<span class="jh-visually-hidden">
                      ${t("paper.ofLink", { link: l.name })}</span
                    ></a
                  >
                </span>
              </td>
              <td>
                <button type="button" class="jh-button jh-button--small" data-enter="${l.id}">
                  ${t("paper.enterHere")}<span class="jh-visually-hidden">
                    ${t("paper.ofLink", { link: l.name })}</span
                  >
                </button>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function wireDistributed(main: HTMLElement, links: PaperLinkView[]): void {
  for (const form of main.querySelectorAll<HTMLFormElement>("form.jh-paper-distributed")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const id = Number(form.dataset.link);
      const input = $<HTMLInputElement>(form, "input");
      const state = $(form, ".jh-paper-distributed__state");
      const raw = input.value.trim();
      const count = raw === "" ? null : Number(raw);
      if (count !== null && (!Number.isInteger(count) || count < 0 || count > 10_000_000)) {
        state.textContent = t("paper.distributedInvalid");
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      input.removeAttribute("aria-invalid");
      state.textContent = "";
      paperApi.setDistributed(id, count).then(
        () => {
          const link = links.find((l) => l.id === id);
          if (link) link.distributedCount = count;
          state.textContent = t("paper.saved");
        },
        (error: unknown) => {
          state.textContent = errorText(error);
          input.setAttribute("aria-invalid", "true");
          input.focus();
        },
      );
    });
  }
}

/**
 * Paper links: sheets handed out, the printable questionnaire, and the data entry of returned
 * sheets (single or double entry, differences resolved). The bureau only: sheets hold
 * individual answers.
 */
export async function paperPage(ctx: PageContext): Promise<void> {
  const { main, campaign, signal } = ctx;
  setTitle(t("paper.title"), campaign.name);
  render(main, html`${heading(t("paper.title"), campaign.name)}${loading()}`);
  let links: PaperLinkView[];
  try {
    links = (await paperApi.links(campaign.id)).links;
  } catch (error) {
    if (signal.aborted) return;
    render(main, html`${heading(t("paper.title"), campaign.name)}${errorBox(error)}`);
    return;
  }
  if (signal.aborted) return;
  render(
    main,
    html`${heading(t("paper.title"), campaign.name)}
      <section class="jh-panel" aria-labelledby="paper-links-title">
        <h2 id="paper-links-title">${t("paper.linksTitle")}</h2>
        <p class="jh-hint">${t("paper.linksExplain")}</p>
        <div id="paper-links-box">${linksTable(links)}</div>
      </section>
      <section class="jh-panel" aria-labelledby="paper-entry-title" id="paper-entry-panel">
        <h2 id="paper-entry-title">${t("paper.entryTitle")}</h2>
        <div id="paper-entry"></div>
      </section>`,
  );
  wireDistributed(main, links);
  if (links.length === 0) {
    render($(main, "#paper-entry"), html`<p class="jh-hint">${t("paper.noLinks")}</p>`);
    return;
  }
  const entry = new PaperEntry($(main, "#paper-entry"), {
    links,
    signal,
    onChosen: (id) => remember(campaign.id, id),
    onStored: async () => {
      // The counts in the table follow the sheets typed.
      const fresh = (await paperApi.links(campaign.id)).links;
      for (const row of fresh) {
        const tr = main.querySelector(`#paper-links tr[data-link="${row.id}"]`);
        const cells = tr?.querySelectorAll("td.jh-num");
        if (!cells || cells.length < 4) continue;
        cells[1]!.textContent = String(row.responses);
        cells[2]!.textContent = String(row.waiting);
        cells[3]!.textContent = String(row.differing);
      }
    },
  });
  $(main, "#paper-links-box").addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[data-enter]");
    if (!button) return;
    void entry.choose(Number(button.dataset.enter), true);
  });
  const start = remembered(campaign.id);
  await entry.choose(links.some((l) => l.id === start) ? start! : links[0]!.id, false);
}
