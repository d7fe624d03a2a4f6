import type { InterviewerView } from "../../../api/interviewers/types.ts";
import type { Column } from "../data-table.ts";
import { errorText } from "../error-text.ts";
import { count, dateTime } from "../format.ts";
import { $, type Html, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import { interviewersApi } from "../interviewers-api.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { setTitle } from "../shell.ts";
import { SortableTable } from "../sortable-table.ts";

/** A code as people read it: two groups of four (`KX7M-P3QA`); typing the hyphen is optional. */
export function codeForPeople(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

function columns(): Column<InterviewerView>[] {
  return [
    {
      key: "code",
      label: t("interviewers.code"),
      rowHeader: true,
      cellClass: "jh-mono",
      cell: (r) => codeForPeople(r.code),
      sortValue: (r) => r.code,
    },
    {
      key: "label",
      label: t("interviewers.label"),
      cell: (r) => r.label,
      sortValue: (r) => r.label,
    },
    {
      key: "state",
      label: t("interviewers.state"),
      cell: (r) =>
        r.disabledAt
          ? html`<span class="jh-badge jh-badge--fail">${t("interviewers.disabled")}</span>`
          : html`<span class="jh-badge jh-badge--pass">${t("interviewers.active")}</span>`,
      sortValue: (r) => (r.disabledAt ? 1 : 0),
    },
    {
      key: "responses",
      label: t("interviewers.responses"),
      numeric: true,
      cell: (r) => count(r.responses),
      sortValue: (r) => r.responses,
    },
    {
      key: "calls",
      label: t("interviewers.calls"),
      numeric: true,
      cell: (r) => count(r.calls),
      sortValue: (r) => r.calls,
    },
    {
      key: "createdAt",
      label: t("interviewers.createdAt"),
      cell: (r) => dateTime(r.createdAt),
      sortValue: (r) => r.createdAt,
    },
    {
      label: t("interviewers.actions"),
      cellClass: "jh-no-print",
      cell: (r) => {
        const action = r.disabledAt ? "enable" : "disable";
        const vars = { label: r.label, code: codeForPeople(r.code) };
        return html`<button
          type="button"
          class="jh-button jh-button--small"
          data-action="${action}"
          data-id="${r.id}"
          aria-label="${t(action === "enable" ? "interviewers.enableOne" : "interviewers.disableOne", vars)}"
        >
          ${t(action === "enable" ? "interviewers.enable" : "interviewers.disable")}
        </button>`;
      },
    },
  ];
}

function createForm(): Html {
  return html`<section class="jh-panel jh-no-print" aria-labelledby="interviewers-create-title">
    <h2 id="interviewers-create-title">${t("interviewers.createTitle")}</h2>
    <form id="interviewers-form" class="jh-form" novalidate>
      <div class="jh-field">
        <label for="interviewers-labels">${t("interviewers.labels")}</label>
        <textarea
          id="interviewers-labels"
          rows="5"
          required
          aria-describedby="interviewers-labels-hint"
        ></textarea>
        <p class="jh-hint" id="interviewers-labels-hint">${t("interviewers.labelsHint")}</p>
      </div>
      <div id="interviewers-error" class="jh-form__error" role="alert"></div>
      <button type="submit" class="jh-button jh-button--primary">
        ${t("interviewers.create")}
      </button>
    </form>
  </section>`;
}

/** The labels typed, one per line, or what is wrong with them. */
function readLabels(text: string): { labels: string[] } | { problem: string } {
  const labels = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (labels.length === 0) return { problem: t("interviewers.needLabels") };
  if (labels.length > 200) return { problem: t("interviewers.tooMany") };
  const long = labels.findIndex((line) => [...line].length > 50);
  if (long >= 0) return { problem: t("interviewers.tooLong", { line: long + 1 }) };
  return { labels };
}

/**
 * The campaign's interviewer codes (admins): create them from one label per line, copy or print
 * them to hand out, disable a code that should collect no more.
 */
export async function interviewersPage(ctx: PageContext): Promise<void> {
  const { main, campaign, signal } = ctx;
  setTitle(t("interviewers.title"), campaign.name);
  render(main, html`${heading(t("interviewers.title"), campaign.name)}${loading()}`);
  let rows: InterviewerView[];
  try {
    rows = (await interviewersApi.list(campaign.id)).interviewers;
  } catch (error) {
    if (signal.aborted) return;
    render(main, html`${heading(t("interviewers.title"), campaign.name)}${errorBox(error)}`);
    return;
  }
  if (signal.aborted) return;

  render(
    main,
    html`${heading(t("interviewers.title"), campaign.name)}
      <p class="jh-hint">${t("interviewers.explain")}</p>
      <section class="jh-panel" aria-labelledby="interviewers-list-title">
        <h2 id="interviewers-list-title">${t("interviewers.list")}</h2>
        <p class="jh-actions">
          <button type="button" class="jh-button" id="interviewers-copy">
            ${t("interviewers.copyAll")}
          </button>
          <button type="button" class="jh-button" id="interviewers-print">
            ${t("interviewers.print")}
          </button>
        </p>
        <p class="jh-hint jh-no-print">${t("interviewers.printHint")}</p>
        <div id="interviewers-state" aria-live="polite"></div>
        <div id="interviewers-list"></div>
      </section>
      ${createForm()}`,
  );
  const table = new SortableTable($(main, "#interviewers-list"), columns(), {
    id: "interviewers",
    caption: t("interviewers.caption"),
    empty: t("interviewers.none"),
  });
  table.update(rows);
  const state = $(main, "#interviewers-state");
  const say = (text: string, ok = true) =>
    render(
      state,
      html`<p class="${ok ? "jh-alert jh-alert--ok" : "jh-alert"}" role="status">${text}</p>`,
    );

  $(main, "#interviewers-print").addEventListener("click", () => window.print());
  $(main, "#interviewers-copy").addEventListener("click", () => {
    const active = rows.filter((r) => !r.disabledAt);
    const text = active.map((r) => `${codeForPeople(r.code)}\t${r.label}`).join("\n");
    navigator.clipboard?.writeText(text).then(
      () => say(t("interviewers.copied", { count: active.length })),
      () => say(t("interviewers.copyFailed"), false),
    );
  });

  $(main, "#interviewers-list").addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[data-action]");
    const row = rows.find((r) => String(r.id) === button?.dataset.id);
    if (!button || !row) return;
    const vars = { label: row.label, code: codeForPeople(row.code) };
    const enable = button.dataset.action === "enable";
    if (!enable && !window.confirm(t("interviewers.disableConfirm", vars))) return;
    button.disabled = true;
    (enable ? interviewersApi.enable(row.id) : interviewersApi.disable(row.id))
      .then(({ interviewer }) => {
        rows = rows.map((r) => (r.id === interviewer.id ? interviewer : r));
        table.update(rows);
        say(t(enable ? "interviewers.enabledDone" : "interviewers.disabledDone", vars));
      })
      .catch((error: unknown) => {
        button.disabled = false;
        say(errorText(error), false);
      });
  });

  const form = $<HTMLFormElement>(main, "#interviewers-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $<HTMLTextAreaElement>(form, "#interviewers-labels");
    const errorLine = $(form, "#interviewers-error");
    const read = readLabels(input.value);
    if ("problem" in read) {
      errorLine.textContent = read.problem;
      input.focus();
      return;
    }
    const submit = $<HTMLButtonElement>(form, "button[type=submit]");
    submit.disabled = true;
    errorLine.textContent = "";
    interviewersApi
      .create(campaign.id, { labels: read.labels })
      .then(async ({ interviewers }) => {
        rows = (await interviewersApi.list(campaign.id)).interviewers;
        table.update(rows);
        form.reset();
        say(t("interviewers.created", { count: interviewers.length }));
      })
      .catch((error: unknown) => {
        errorLine.textContent = errorText(error);
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
}
