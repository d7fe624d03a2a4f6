import type {
  EditableQuestionnaireView,
  QuestionnaireListView,
} from "../../../api/questionnaires/types.ts";
import { type Column, dataTable } from "../data-table.ts";
import { count, dateTime } from "../format.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, locale, t } from "../i18n.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { questionnairesApi } from "../questionnaires-api.ts";
import { setTitle } from "../shell.ts";
import { questionnaireName } from "./dashboard-tables.ts";
import {
  type Draft,
  type LocalType,
  addQuestion,
  draftOf,
  elementRefs,
  localTypes,
  move,
  pagesOf,
  remove,
  rolesOut,
  takenNames,
} from "./questionnaire-draft.ts";
import { pageTitle, questionList, questionTitle } from "./questionnaire-list.ts";
import { drawQuestionForm } from "./questionnaire-form.ts";
import { failureBox, importPanel, wireImport } from "./questionnaire-import.ts";
import { previewPanel, wirePreview } from "./questionnaire-preview.ts";
import "./questionnaires.css";

type Summary = QuestionnaireListView["questionnaires"][number];
type VersionRow = Summary["versions"][number] & { key: string; title: string };

function versionsTable(list: QuestionnaireListView, campaignId: number): Html {
  const rows: VersionRow[] = list.questionnaires.flatMap((q) =>
    q.versions.map((v) => ({ ...v, key: q.key, title: q.title })),
  );
  const columns: Column<VersionRow>[] = [
    { label: t("qe.questionnaire"), rowHeader: true, cell: (r) => questionnaireName(r) },
    { label: t("qe.version"), cell: (r) => t("qe.versionN", { version: r.version }) },
    { label: t("qe.created"), cell: (r) => dateTime(r.createdAt) },
    { label: t("qe.responses"), numeric: true, cell: (r) => count(r.responses) },
    { label: t("qe.links"), numeric: true, cell: (r) => count(r.links) },
    {
      label: t("qe.state"),
      cell: (r) =>
        r.current ? t("qe.current") : r.responses > 0 ? t("qe.frozen") : t("qe.superseded"),
    },
    {
      label: t("qe.exportColumn"),
      cell: (r) =>
        html`<a href="${questionnairesApi.exportUrl(campaignId, r.key, r.version)}" download
          >${t("qe.exportShort")}</a
        >`,
    },
  ];
  return dataTable(columns, rows, {
    id: "qe-versions-table",
    caption: t("qe.versionsCaption"),
    compact: true,
  });
}

/**
 * The questionnaire editor (docs/questionnaires.md): the versions of each questionnaire with
 * their responses; for the chosen one, its questions to edit, add, remove and reorder by
 * keyboard, each question's form, a live preview in a phone frame, JSON import and export,
 * and "保存为新版本", which respondents who already answered do not notice.
 */
export async function questionnairesPage(ctx: PageContext): Promise<void> {
  const { main, campaign, signal } = ctx;
  setTitle(t("qe.title"), campaign.name);
  render(main, html`${heading(t("qe.title"), campaign.name)}${loading()}`);
  let list: QuestionnaireListView;
  try {
    list = await questionnairesApi.list(campaign.id);
  } catch (error) {
    if (!signal.aborted)
      render(main, html`${heading(t("qe.title"), campaign.name)}${errorBox(error)}`);
    return;
  }
  if (signal.aborted) return;
  const asked = new URLSearchParams(location.search).get("q");
  let key = list.questionnaires.find((q) => q.key === asked)?.key ?? list.questionnaires[0]?.key;
  render(
    main,
    html`${heading(t("qe.title"), campaign.name)}
      <p class="jh-hint">${t("qe.intro")}</p>
      <div id="qe-versions">${versionsTable(list, campaign.id)}</div>
      <div class="qe-tabs" role="group" aria-label="${t("qe.choose")}">
        ${list.questionnaires.map(
          (q) =>
            html`<button
              type="button"
              class="jh-button"
              data-key="${q.key}"
              aria-pressed="${q.key === key ? "true" : "false"}"
            >
              ${questionnaireName(q)}
            </button>`,
        )}
      </div>
      <div id="qe-editor"></div>`,
  );
  const editorBox = $(main, "#qe-editor");
  let editor: AbortController | null = null;

  const open = async (next: string, said: Html | null = null) => {
    key = next;
    for (const button of main.querySelectorAll<HTMLButtonElement>(".qe-tabs button")) {
      button.setAttribute("aria-pressed", String(button.dataset.key === next));
    }
    history.replaceState(null, "", `${location.pathname}?q=${encodeURIComponent(next)}`);
    editor?.abort();
    editor = new AbortController();
    signal.addEventListener("abort", () => editor?.abort());
    render(editorBox, loading());
    try {
      const view = await questionnairesApi.editable(campaign.id, next);
      if (editor.signal.aborted) return;
      drawEditor(view, editor.signal, said);
    } catch (error) {
      render(editorBox, errorBox(error));
    }
  };

  const reload = async (said: Html) => {
    list = await questionnairesApi.list(campaign.id);
    render($(main, "#qe-versions"), versionsTable(list, campaign.id));
    if (key) await open(key, said);
  };

  main.querySelector(".qe-tabs")?.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[data-key]");
    if (button?.dataset.key && button.dataset.key !== key) void open(button.dataset.key);
  });

  function drawEditor(view: EditableQuestionnaireView, scope: AbortSignal, said: Html | null) {
    const draft: Draft = draftOf(view);
    const snapshot = () => JSON.stringify([draft.survey, rolesOut(draft)]);
    const baseline = snapshot();
    const baseValues = new Map(
      elementRefs(draftOf(view)).map((r) => [
        r.name,
        Array.isArray(r.element.choices)
          ? (r.element.choices as { value?: unknown }[]).map((c) => String(c?.value))
          : [],
      ]),
    );
    const protectedWhy = new Map(
      view.protected.map((p) => [p.name, locale() === "en" ? p.en : p.zh]),
    );
    const wording = (view.wording ?? null) as Record<string, string> | null;
    const editable = view.editable;
    let selected: string | null = null;

    render(
      editorBox,
      html`<div class="qe-layout">
        <div class="qe-main">
          <section class="jh-panel" aria-labelledby="qe-save-title">
            <h2 id="qe-save-title">
              ${questionnaireName(view)} · ${t("qe.versionN", { version: view.version })}
            </h2>
            <p>
              ${t("qe.versionNotice", { version: view.version, responses: view.responses, next: view.version + 1 })}
            </p>
            <p class="jh-hint">${t("qe.keepsVersion")}</p>
            ${
              editable
                ? html`<p class="qe-actions">
                    <button
                      type="button"
                      class="jh-button jh-button--primary"
                      id="qe-save"
                      disabled
                    >
                      ${t("qe.save")}
                    </button>
                    <button type="button" class="jh-button" id="qe-reset" disabled>
                      ${t("qe.reset")}
                    </button>
                  </p>`
                : html`<p class="jh-alert" role="status">${t("qe.locked")}</p>`
            }
            <div id="qe-save-result" aria-live="polite">${said ?? ""}</div>
          </section>
          <section class="jh-panel" aria-labelledby="qe-questions-title">
            <h2 id="qe-questions-title">${t("qe.questions")}</h2>
            <div id="qe-list"></div>
            ${
              editable
                ? html`<form class="jh-form qe-add" id="qe-add" novalidate>
                    <h3>${t("qe.add")}</h3>
                    <label
                      >${t("qe.addType")}
                      <select id="qe-add-type">
                        ${localTypes.map((type) => html`<option value="${type}">${label("qe.type", type)}</option>`)}
                      </select></label
                    >
                    <label
                      >${t("qe.addPage")}
                      <select id="qe-add-page">
                        ${pagesOf(draft).map((page, i) => html`<option value="${i}" ${page.name === "items" ? "selected" : ""}>${pageTitle(page, i, wording)}</option>`)}
                      </select></label
                    >
                    <button type="submit" class="jh-button">${t("qe.addButton")}</button>
                  </form>`
                : ""
            }
          </section>
          ${importPanel(questionnairesApi.exportUrl(campaign.id, view.key, view.version), view.version)}
        </div>
        <div class="qe-side">${previewPanel()}</div>
      </div>`,
    );
    const preview = wirePreview(editorBox, wording ?? {}, scope);
    const listBox = $(editorBox, "#qe-list");
    const result = $(editorBox, "#qe-save-result");
    // The selected question's form opens under it in the list; the node outlives redraws.
    const formBox = document.createElement("section");
    formBox.className = "qe-form-box";
    formBox.setAttribute("aria-label", t("qe.formRegion"));

    const dirty = () => snapshot() !== baseline;
    /** After an edit: the list (all of it, or while typing only the title) and the preview. */
    const changed = (focus?: string, structural = true) => {
      if (structural) {
        // Redrawing the list detaches the form: keep the keyboard where it was.
        const active = formBox.contains(document.activeElement) ? document.activeElement : null;
        render(listBox, questionList(draft, { editable, selected, protectedWhy, wording }));
        listBox.querySelector("#qe-form-slot")?.append(formBox);
        if (active instanceof HTMLElement) active.focus();
      } else if (focus) {
        const title = listBox.querySelector(`[data-title="${CSS.escape(focus)}"]`);
        if (title) title.textContent = questionTitle(draft, focus, wording);
      }
      preview.show(draft.survey, focus ?? selected ?? undefined);
      if (!editable) return;
      $<HTMLButtonElement>(editorBox, "#qe-save").disabled = !dirty();
      $<HTMLButtonElement>(editorBox, "#qe-reset").disabled = !dirty();
    };

    const select = (name: string | null) => {
      selected = name;
      if (name === null) {
        formBox.remove();
        return changed();
      }
      drawQuestionForm(formBox, name, {
        draft,
        view,
        baseValues: (q) => baseValues.get(q) ?? null,
        onChange: (q, structural) => changed(q, structural),
      });
      changed(name);
      $(formBox, "#qe-form-title").focus();
    };

    listBox.addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>("button");
      if (!button) return;
      if (button.dataset.edit) return select(button.dataset.edit);
      if (button.dataset.move) {
        const name = button.dataset.move;
        const delta = Number(button.dataset.delta) as -1 | 1;
        move(draft, name, delta);
        changed(name);
        // Keep the keyboard on the same button of the question just moved.
        listBox.querySelector<HTMLElement>(`[data-move="${name}"][data-delta="${delta}"]`)?.focus();
        return;
      }
      if (button.dataset.remove) {
        const name = button.dataset.remove;
        remove(draft, name);
        if (selected === name) select(null);
        changed();
        render(result, html`<p role="status">${t("qe.removed", { name })}</p>`);
        $(editorBox, "#qe-questions-title").focus();
      }
    });

    editorBox.querySelector<HTMLFormElement>("#qe-add")?.addEventListener("submit", (event) => {
      event.preventDefault();
      const type = $<HTMLSelectElement>(editorBox, "#qe-add-type").value as LocalType;
      const page = Number($<HTMLSelectElement>(editorBox, "#qe-add-page").value);
      const name = addQuestion(draft, type, page, takenNames(draft, view.usedNames));
      select(name);
    });

    if (editable) {
      $(editorBox, "#qe-reset").addEventListener("click", () => {
        if (key) void open(key, html`<p role="status">${t("qe.resetDone")}</p>`);
      });
      $(editorBox, "#qe-save").addEventListener("click", () => {
        const button = $<HTMLButtonElement>(editorBox, "#qe-save");
        button.disabled = true;
        render(result, html`<p role="status">${t("qe.saving")}</p>`);
        questionnairesApi
          .save(campaign.id, view.key, {
            baseVersion: view.version,
            survey: draft.survey,
            itemRoles: rolesOut(draft),
          })
          .then(
            (saved) =>
              reload(
                html`<p class="jh-alert jh-alert--ok" role="status">
                  ${t("qe.saved", { version: saved.version, links: saved.links })}
                </p>`,
              ),
            (error: unknown) => {
              render(result, failureBox(error));
              button.disabled = false;
            },
          );
      });
      const leaving = (event: BeforeUnloadEvent) => {
        if (dirty()) event.preventDefault();
      };
      window.addEventListener("beforeunload", leaving);
      scope.addEventListener("abort", () => window.removeEventListener("beforeunload", leaving));
    }

    wireImport(editorBox, campaign.id, view.key, (checked) => {
      draft.survey = structuredClone(checked.survey);
      const loaded = draftOf({ ...view, survey: checked.survey, itemRoles: checked.itemRoles });
      draft.roles = loaded.roles;
      draft.sourceInAwareness = loaded.sourceInAwareness;
      select(null);
      changed();
    });

    changed();
  }

  if (key) await open(key);
}
