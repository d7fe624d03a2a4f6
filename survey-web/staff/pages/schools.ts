import { api } from "../api-client.ts";
import type { AreaType, SchoolPatch, SchoolView } from "../../../api/schools/types.ts";
import type { Column } from "../data-table.ts";
import { errorText } from "../error-text.ts";
import { count } from "../format.ts";
import { $, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { mayEdit } from "../roles.ts";
import { schoolNameColumns } from "../school-columns.ts";
import { setTitle } from "../shell.ts";
import { SortableTable } from "../sortable-table.ts";
import { importPanel, wireImport } from "./school-import.ts";

const levels = ["primary", "junior", "senior"] as const;
const areaTypes: AreaType[] = ["urban", "town", "rural"];
/** What kind of school it is: the assessment's coefficients leave some kinds out. */
const kindFields = {
  ownership: ["public", "private"],
  operator: ["county", "province", "city", "university", "enterprise"],
  kind: ["regular", "teaching_point", "special_education", "vocational"],
} as const;
type KindField = keyof typeof kindFields;

/** "公办 · 县（区）属 · 普通学校". */
function kindSummary(s: SchoolView): string {
  return (Object.keys(kindFields) as KindField[])
    .map((field) => label(`school.${field}`, s[field]))
    .join(" · ");
}

function students(s: SchoolView): number {
  if (typeof s.students === "number") return s.students;
  return Object.values(s.enrolment ?? {}).reduce((sum: number, n) => sum + (n ?? 0), 0);
}

function columns(editable: boolean): Column<SchoolView>[] {
  const list: Column<SchoolView>[] = [
    ...schoolNameColumns<SchoolView>(),
    {
      key: "levels",
      label: t("school.levels"),
      cell: (s) => (s.levels ?? []).map((l) => label("level", l)).join("、") || "—",
    },
    {
      key: "students",
      label: t("school.students"),
      cell: (s) => count(students(s)),
      sortValue: students,
      numeric: true,
    },
    {
      key: "teachers",
      label: t("school.teachers"),
      cell: (s) => (typeof s.teachers === "number" ? count(s.teachers) : "—"),
      sortValue: (s) => s.teachers ?? null,
      numeric: true,
    },
    { key: "kind", label: t("school.kindColumn"), cell: kindSummary, sortValue: kindSummary },
  ];
  if (editable) {
    list.push({
      key: "edit",
      label: t("school.actions"),
      cell: (s) =>
        html`<button
          type="button"
          class="jh-button jh-button--small"
          data-edit="${s.id}"
          aria-label="${t("school.editOne", { name: s.name })}"
        >
          ${t("school.edit")}
        </button>`,
    });
  }
  return list;
}

function numberField(id: string, text: string, value: number | null | undefined) {
  return html`<div class="jh-field">
    <label for="${id}">${text}</label>
    <input
      id="${id}"
      name="${id}"
      type="number"
      inputmode="numeric"
      min="0"
      step="1"
      value="${value ?? ""}"
    />
  </div>`;
}

function editForm(s: SchoolView) {
  return html`<section class="jh-panel jh-panel--edit" aria-labelledby="edit-title">
    <h2 id="edit-title" tabindex="-1">${t("school.editTitle", { code: s.code })}</h2>
    <form id="edit-form" class="jh-form" novalidate>
      <div class="jh-field">
        <label for="edit-name">${t("school.name")}</label>
        <input id="edit-name" name="name" required maxlength="100" value="${s.name}" />
      </div>
      <div class="jh-field">
        <label for="edit-town">${t("school.town")}</label>
        <input id="edit-town" name="town" required maxlength="100" value="${s.town ?? ""}" />
      </div>
      <div class="jh-field">
        <label for="edit-area">${t("school.areaType")}</label>
        <select id="edit-area" name="areaType">
          ${areaTypes.map(
            (a) =>
              html`<option value="${a}" ${a === s.areaType ? "selected" : ""}>
                ${label("area", a)}
              </option>`,
          )}
        </select>
      </div>
      <fieldset class="jh-fieldset">
        <legend>${t("school.levelsAndEnrolment")}</legend>
        ${levels.map(
          (l) =>
            html`<div class="jh-level">
              <input
                type="checkbox"
                id="edit-level-${l}"
                name="level"
                value="${l}"
                ${(s.levels ?? []).includes(l) ? "checked" : ""}
              />
              <label for="edit-level-${l}">${label("level", l)}</label>
              ${numberField(`edit-enrolment-${l}`, t("school.enrolmentOf", { level: label("level", l) }), s.enrolment?.[l])}
            </div>`,
        )}
      </fieldset>
      ${numberField("edit-teachers", t("school.teachersOptional"), s.teachers)}
      ${(Object.keys(kindFields) as KindField[]).map(
        (field) =>
          html`<div class="jh-field">
            <label for="edit-${field}">${t(`school.${field}`)}</label>
            <select id="edit-${field}" name="${field}">
              ${kindFields[field].map(
                (value) =>
                  html`<option value="${value}" ${value === s[field] ? "selected" : ""}>
                    ${label(`school.${field}`, value)}
                  </option>`,
              )}
            </select>
          </div>`,
      )}
      <p class="jh-hint">${t("school.kindHint")}</p>
      <div id="edit-error" class="jh-form__error" role="alert"></div>
      <p class="jh-actions">
        <button type="submit" class="jh-button jh-button--primary">${t("form.save")}</button>
        <button type="button" class="jh-button" id="edit-cancel">${t("form.cancel")}</button>
      </p>
    </form>
  </section>`;
}

/** Reads the edit form into a PATCH body; a message names the first bad field. */
function readForm(
  form: HTMLFormElement,
): { patch: SchoolPatch } | { error: string; field: HTMLElement } {
  const value = (id: string) => $<HTMLInputElement>(form, `#${id}`).value.trim();
  const name = value("edit-name");
  const town = value("edit-town");
  if (!name)
    return { error: t("form.required", { field: t("school.name") }), field: $(form, "#edit-name") };
  if (!town)
    return { error: t("form.required", { field: t("school.town") }), field: $(form, "#edit-town") };
  const chosen = levels.filter((l) => $<HTMLInputElement>(form, `#edit-level-${l}`).checked);
  if (chosen.length === 0)
    return { error: t("school.needLevel"), field: $(form, "#edit-level-primary") };
  const enrolment: Partial<Record<(typeof levels)[number], number>> = {};
  for (const l of chosen) {
    const raw = value(`edit-enrolment-${l}`);
    const n = Number(raw);
    if (raw === "" || !Number.isInteger(n) || n < 0) {
      return {
        error: t("school.badEnrolment", { level: label("level", l) }),
        field: $(form, `#edit-enrolment-${l}`),
      };
    }
    enrolment[l] = n;
  }
  const teachersRaw = value("edit-teachers");
  const teachers = teachersRaw === "" ? null : Number(teachersRaw);
  if (teachers !== null && (!Number.isInteger(teachers) || teachers < 0)) {
    return { error: t("school.badTeachers"), field: $(form, "#edit-teachers") };
  }
  const areaType = $<HTMLSelectElement>(form, "#edit-area").value as AreaType;
  const chosenKind = <F extends KindField>(field: F) =>
    $<HTMLSelectElement>(form, `#edit-${field}`).value as (typeof kindFields)[F][number];
  return {
    patch: {
      name,
      town,
      areaType,
      levels: chosen,
      enrolment,
      teachers,
      ownership: chosenKind("ownership"),
      operator: chosenKind("operator"),
      kind: chosenKind("kind"),
    },
  };
}

/** Schools: the list for everyone allowed here; editing and import for the bureau. */
export async function schoolsPage(ctx: PageContext): Promise<void> {
  const { main, campaign, permissions, signal } = ctx;
  const editable = mayEdit(permissions, "schools.manage");
  setTitle(t("schools.title"), campaign.name);
  render(main, html`${heading(t("schools.title"), campaign.name)}${loading()}`);

  render(
    main,
    html`${heading(t("schools.title"), campaign.name)}
      <div id="school-edit"></div>
      <section class="jh-panel" aria-labelledby="school-list-title">
        <h2 id="school-list-title">${t("schools.list")}</h2>
        <div id="school-list-state"></div>
        <div id="school-list"></div>
      </section>
      ${editable ? importPanel() : ""}`,
  );
  const table = new SortableTable($(main, "#school-list"), columns(editable), {
    id: "schools",
    caption: t("schools.caption"),
    initialSort: { key: "code", descending: false },
  });
  let schools: SchoolView[] = [];
  const state = $(main, "#school-list-state");

  async function load(): Promise<void> {
    try {
      schools = await api.schools(campaign.id);
      if (signal.aborted) return;
      render(state, html``);
      table.update(schools);
    } catch (error) {
      if (!signal.aborted) render(state, errorBox(error));
    }
  }

  const editBox = $(main, "#school-edit");
  function closeEdit(focusId?: number): void {
    render(editBox, html``);
    if (focusId !== undefined) main.querySelector<HTMLElement>(`[data-edit="${focusId}"]`)?.focus();
  }
  function openEdit(school: SchoolView): void {
    render(editBox, editForm(school));
    const form = $<HTMLFormElement>(editBox, "#edit-form");
    $(editBox, "#edit-title").focus();
    $(form, "#edit-cancel").addEventListener("click", () => closeEdit(school.id));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const read = readForm(form);
      const errorLine = $(form, "#edit-error");
      if ("error" in read) {
        errorLine.textContent = read.error;
        read.field.focus();
        return;
      }
      const button = $<HTMLButtonElement>(form, "button[type=submit]");
      button.disabled = true;
      api.updateSchool(campaign.id, school.id, read.patch).then(
        async () => {
          await load();
          closeEdit(school.id);
          render(
            state,
            html`<p class="jh-alert jh-alert--ok" role="status">
              ${t("school.saved", { name: read.patch.name ?? school.name })}
            </p>`,
          );
        },
        (error: unknown) => {
          button.disabled = false;
          errorLine.textContent = errorText(error);
        },
      );
    });
  }

  if (editable) {
    $(main, "#school-list").addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>("button[data-edit]");
      const school = schools.find((s) => String(s.id) === button?.dataset.edit);
      if (school) openEdit(school);
    });
    wireImport(main, campaign.id, () => void load());
  }
  await load();
}
