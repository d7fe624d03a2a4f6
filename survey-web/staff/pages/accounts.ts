import type { AccountView, IssuedPasswordView } from "../../../api/accounts/types.ts";
import type { StaffRole } from "../../../api/db/database.ts";
import type { SchoolView } from "../../../api/schools/types.ts";
import { accountsApi } from "../accounts-api.ts";
import { api } from "../api-client.ts";
import { errorText } from "../error-text.ts";
import { clock, dateTime } from "../format.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { type PageContext, errorBox, heading, loading } from "../page-context.ts";
import { setTitle } from "../shell.ts";
import { showSlips } from "./account-slips.ts";
import "./accounts.css";

const roles: readonly StaffRole[] = ["school", "admin", "publicity", "viewer"];

/** Who an account is in one line: its display name, else its username. */
const nameOf = (a: AccountView) => a.displayName || a.username;

function stateMarks(a: AccountView): Html {
  const marks: Html[] = [];
  if (a.disabled)
    marks.push(html`<span class="jh-badge jh-badge--fail">${t("accounts.disabled")}</span>`);
  if (a.lockedUntil) {
    marks.push(
      html`<span class="jh-badge jh-badge--warn" title="${t("accounts.lockedHint")}"
        >${t("accounts.locked", { time: clock(new Date(a.lockedUntil)) })}</span
      >`,
    );
  }
  if (a.mustChangePassword && !a.disabled) {
    marks.push(html`<span class="jh-badge">${t("accounts.mustChange")}</span>`);
  }
  return marks.length > 0
    ? html`${marks}`
    : html`<span class="jh-badge jh-badge--pass">${t("accounts.ok")}</span>`;
}

function actionButtons(a: AccountView, self: boolean): Html {
  const name = nameOf(a);
  const button = (action: string, text: string, aria: string) =>
    html`<button
      type="button"
      class="jh-button jh-button--small"
      data-action="${action}"
      data-id="${a.id}"
      aria-label="${aria}"
    >
      ${text}
    </button>`;
  return html`<div class="jh-account-actions">
    ${button("edit", t("accounts.edit"), t("accounts.editOne", { name }))}
    ${
      self
        ? ""
        : html`${button("reset", t("accounts.reset"), t("accounts.resetOne", { name }))}
          ${
            a.disabled
              ? button("enable", t("accounts.enable"), t("accounts.enableOne", { name }))
              : button("disable", t("accounts.disable"), t("accounts.disableOne", { name }))
          }`
    }
  </div>`;
}

/**
 * The list. Its own markup rather than data-table.ts: each cell carries its column's name,
 * so on a phone a row reads as a card ("角色：学校账号") instead of a table to scroll sideways.
 */
function accountTable(accounts: readonly AccountView[], selfId: number): Html {
  const cell = (column: string, content: Html | string) =>
    html`<td data-label="${column}">${content}</td>`;
  return html`<table class="jh-table jh-accounts" id="accounts">
    <caption class="jh-visually-hidden">
      ${t("accounts.caption")}
    </caption>
    <thead>
      <tr>
        <th scope="col">${t("accounts.username")}</th>
        <th scope="col">${t("accounts.displayName")}</th>
        <th scope="col">${t("accounts.role")}</th>
        <th scope="col">${t("accounts.school")}</th>
        <th scope="col">${t("accounts.lastLogin")}</th>
        <th scope="col">${t("accounts.state")}</th>
        <th scope="col">${t("accounts.actions")}</th>
      </tr>
    </thead>
    <tbody>
      ${accounts.map(
        (a) =>
          html`<tr data-account="${a.username}" class="${a.disabled ? "jh-account--disabled" : ""}">
            <th scope="row" class="jh-accounts__name">
              ${a.username}${a.id === selfId ? t("accounts.you") : ""}
            </th>
            ${cell(t("accounts.displayName"), a.displayName)}
            ${cell(t("accounts.role"), label("role", a.role))}
            ${cell(t("accounts.school"), a.schoolCode ? (a.schoolName ?? a.schoolCode) : "—")}
            ${cell(t("accounts.lastLogin"), a.lastLoginAt ? dateTime(a.lastLoginAt) : t("accounts.never"))}
            ${cell(t("accounts.state"), stateMarks(a))}
            <td class="jh-accounts__actions">${actionButtons(a, a.id === selfId)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function schoolOptions(schools: readonly SchoolView[], chosen: string | null): Html {
  // A school account's school may be missing from this campaign (a later round dropped it).
  const missing = chosen && !schools.some((s) => s.code === chosen) ? [chosen] : [];
  return html`<option value="">${t("accounts.schoolPick")}</option>
    ${missing.map((code) => html`<option value="${code}" selected>${code}</option>`)}
    ${schools.map(
      (s) =>
        html`<option value="${s.code}" ${s.code === chosen ? "selected" : ""}>
          ${s.name}（${s.code}）
        </option>`,
    )}`;
}

function roleOptions(chosen: StaffRole): Html {
  return html`${roles.map(
    (r) =>
      html`<option value="${r}" ${r === chosen ? "selected" : ""}>${label("role", r)}</option>`,
  )}`;
}

function createForm(schools: readonly SchoolView[]): Html {
  return html`<form id="create-form" class="jh-form" novalidate>
    <div class="jh-field">
      <label for="new-role">${t("accounts.role")}</label>
      <select id="new-role">
        ${roleOptions("school")}
      </select>
    </div>
    <div class="jh-field" id="new-school-field">
      <label for="new-school">${t("accounts.school")}</label>
      <select id="new-school" aria-describedby="new-school-hint">
        ${schoolOptions(schools, null)}
      </select>
      <p class="jh-hint" id="new-school-hint">${t("accounts.schoolHint")}</p>
    </div>
    <div class="jh-field">
      <label for="new-username">${t("accounts.username")}</label>
      <input
        id="new-username"
        required
        maxlength="64"
        autocomplete="off"
        autocapitalize="none"
        spellcheck="false"
        aria-describedby="new-username-hint"
      />
      <p class="jh-hint" id="new-username-hint">${t("accounts.usernameHint")}</p>
    </div>
    <div class="jh-field">
      <label for="new-display-name">${t("accounts.displayName")}</label>
      <input
        id="new-display-name"
        maxlength="100"
        autocomplete="off"
        aria-describedby="new-display-name-hint"
      />
      <p class="jh-hint" id="new-display-name-hint">${t("accounts.displayNameHint")}</p>
    </div>
    <div id="create-error" class="jh-form__error" role="alert"></div>
    <p class="jh-actions">
      <button type="submit" class="jh-button jh-button--primary">${t("accounts.create")}</button>
    </p>
  </form>`;
}

function editForm(a: AccountView, schools: readonly SchoolView[], self: boolean): Html {
  return html`<section class="jh-panel jh-panel--edit" aria-labelledby="edit-title">
    <h2 id="edit-title" tabindex="-1">${t("accounts.editTitle", { name: a.username })}</h2>
    <form id="edit-form" class="jh-form" novalidate>
      <div class="jh-field">
        <label for="edit-role">${t("accounts.role")}</label>
        <select id="edit-role" ${self ? html`disabled aria-describedby="edit-role-hint"` : ""}>
          ${roleOptions(a.role)}
        </select>
        ${self ? html`<p class="jh-hint" id="edit-role-hint">${t("accounts.ownRoleNote")}</p>` : ""}
      </div>
      <div class="jh-field" id="edit-school-field">
        <label for="edit-school">${t("accounts.school")}</label>
        <select id="edit-school">
          ${schoolOptions(schools, a.schoolCode)}
        </select>
      </div>
      <div class="jh-field">
        <label for="edit-display-name">${t("accounts.displayName")}</label>
        <input id="edit-display-name" required maxlength="100" value="${a.displayName}" />
      </div>
      <div id="edit-error" class="jh-form__error" role="alert"></div>
      <p class="jh-actions">
        <button type="submit" class="jh-button jh-button--primary">${t("form.save")}</button>
        <button type="button" class="jh-button" id="edit-cancel">${t("form.cancel")}</button>
      </p>
    </form>
  </section>`;
}

/** The temporary password, shown this once, with a copy button and where to sign in. */
function issuedBox(issued: IssuedPasswordView): Html {
  const { account } = issued;
  return html`<section class="jh-panel jh-issued" id="issued" aria-labelledby="issued-title">
    <h2 id="issued-title" tabindex="-1">${t("accounts.issuedTitle")}</h2>
    <p>${t("accounts.issuedFor", { username: account.username, name: nameOf(account) })}</p>
    <div class="jh-issued__row">
      <label for="issued-password" class="jh-visually-hidden">${t("accounts.passwordLabel")}</label>
      <input
        id="issued-password"
        class="jh-issued__password"
        readonly
        value="${issued.temporaryPassword}"
        spellcheck="false"
      />
      <button type="button" class="jh-button" id="copy-password">${t("accounts.copy")}</button>
    </div>
    <p class="jh-hint" id="copy-state" role="status"></p>
    <p class="jh-alert jh-once">${t("accounts.onlyNow")}</p>
    <p>${t("accounts.loginAt")}<span class="jh-mono">${issued.loginUrl}</span></p>
    <p class="jh-actions">
      <button type="button" class="jh-button" id="issued-done">${t("accounts.done")}</button>
    </p>
  </section>`;
}

/** The clipboard API needs a secure page (https or localhost); elsewhere the old way. */
async function copyText(input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.select();
    return document.execCommand("copy");
  }
}

function bulkPanel(schoolCount: number): Html {
  return html`<section class="jh-panel" aria-labelledby="bulk-title">
    <h2 id="bulk-title">${t("accounts.bulkTitle")}</h2>
    ${
      schoolCount === 0
        ? html`<p>${t("accounts.bulkNoSchools")}</p>`
        : html`<p>${t("accounts.bulkIntro", { schools: schoolCount })}</p>
            <p class="jh-actions">
              <button type="button" class="jh-button jh-button--primary" id="bulk-create">
                ${t("accounts.bulk")}
              </button>
            </p>`
    }
    <div id="bulk-state"></div>
  </section>`;
}

/**
 * The district's accounts for its admins: the list with each one's state, a new account,
 * edit, reset and disable per row, and one account per school of this campaign at once,
 * printed as slips. Temporary passwords are shown once, here, and never again.
 */
export async function accountsPage(ctx: PageContext): Promise<void> {
  const { main, campaign, user, signal } = ctx;
  setTitle(t("accounts.title"), campaign.name);
  const head = heading(t("accounts.title"), t("accounts.intro"));
  render(main, html`${head}${loading()}`);
  const [list, schools] = await Promise.all([accountsApi.list(), api.schools(campaign.id)]);
  if (signal.aborted) return;
  let accounts = list.accounts;

  render(
    main,
    html`${head}
      <div id="account-state"></div>
      <div id="account-issued"></div>
      <div id="account-edit"></div>
      <div class="jh-grid-2 jh-account-tools">
        <details class="jh-panel jh-create" id="create-panel">
          <summary><h2 id="create-title">${t("accounts.createTitle")}</h2></summary>
          ${createForm(schools)}
        </details>
        ${bulkPanel(schools.length)}
      </div>
      <section class="jh-panel" aria-labelledby="account-list-title">
        <h2 id="account-list-title">${t("accounts.list")}</h2>
        <div id="account-list"></div>
      </section>`,
  );
  const listBox = $(main, "#account-list");
  const stateBox = $(main, "#account-state");
  const issuedBox$ = $(main, "#account-issued");
  const editBox = $(main, "#account-edit");

  const drawList = () => render(listBox, accountTable(accounts, user.id));
  const reload = async () => {
    accounts = (await accountsApi.list()).accounts;
    if (!signal.aborted) drawList();
  };
  const say = (content: Html) => render(stateBox, content);
  const sayDone = (text: string) =>
    say(html`<p class="jh-alert jh-alert--ok" role="status">${text}</p>`);
  drawList();

  function showIssued(issued: IssuedPasswordView): void {
    render(issuedBox$, issuedBox(issued));
    const input = $<HTMLInputElement>(issuedBox$, "#issued-password");
    const copyState = $(issuedBox$, "#copy-state");
    $(issuedBox$, "#copy-password").addEventListener("click", () => {
      void copyText(input).then((ok) => {
        copyState.textContent = ok ? t("accounts.copied") : t("accounts.copyFailed");
      });
    });
    $(issuedBox$, "#issued-done").addEventListener("click", () => {
      render(issuedBox$, html``);
      $(main, "#account-list-title").focus();
    });
    $(issuedBox$, "#issued-title").focus();
  }

  function openEdit(account: AccountView): void {
    const self = account.id === user.id;
    render(editBox, editForm(account, schools, self));
    const form = $<HTMLFormElement>(editBox, "#edit-form");
    const role = $<HTMLSelectElement>(form, "#edit-role");
    const schoolField = $(form, "#edit-school-field");
    const showSchool = () => (schoolField.hidden = role.value !== "school");
    showSchool();
    role.addEventListener("change", showSchool);
    const close = () => {
      render(editBox, html``);
      listBox.querySelector<HTMLElement>(`[data-action="edit"][data-id="${account.id}"]`)?.focus();
    };
    $(form, "#edit-cancel").addEventListener("click", close);
    $(editBox, "#edit-title").focus();
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const errorLine = $(form, "#edit-error");
      const school = $<HTMLSelectElement>(form, "#edit-school").value;
      if (role.value === "school" && !school) {
        errorLine.textContent = t("accounts.needSchool");
        return $(form, "#edit-school").focus();
      }
      const displayName = $<HTMLInputElement>(form, "#edit-display-name").value.trim();
      const button = $<HTMLButtonElement>(form, "button[type=submit]");
      button.disabled = true;
      accountsApi
        .update(account.id, {
          ...(self ? {} : { role: role.value as StaffRole }),
          schoolCode: role.value === "school" ? school : null,
          ...(displayName ? { displayName } : {}),
        })
        .then(
          async (saved) => {
            await reload();
            close();
            sayDone(t("accounts.savedDone", { name: nameOf(saved) }));
          },
          (error: unknown) => {
            button.disabled = false;
            errorLine.textContent = errorText(error);
          },
        );
    });
  }

  listBox.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[data-action]");
    const account = accounts.find((a) => String(a.id) === button?.dataset.id);
    if (!button || !account) return;
    const name = nameOf(account);
    const fail = (error: unknown) => {
      button.disabled = false;
      say(errorBox(error));
    };
    switch (button.dataset.action) {
      case "edit":
        return openEdit(account);
      case "reset":
        if (!window.confirm(t("accounts.resetConfirm", { name }))) return;
        button.disabled = true;
        accountsApi.resetPassword(account.id).then(async (issued) => {
          say(html``);
          showIssued(issued);
          await reload();
        }, fail);
        return;
      case "disable":
        if (!window.confirm(t("accounts.disableConfirm", { name }))) return;
        button.disabled = true;
        accountsApi.disable(account.id).then(async () => {
          await reload();
          sayDone(t("accounts.disabledDone", { name }));
        }, fail);
        return;
      case "enable":
        button.disabled = true;
        accountsApi.enable(account.id).then(async () => {
          await reload();
          sayDone(t("accounts.enabledDone", { name }));
        }, fail);
        return;
    }
  });

  const form = $<HTMLFormElement>(main, "#create-form");
  const newRole = $<HTMLSelectElement>(form, "#new-role");
  const schoolField = $(form, "#new-school-field");
  newRole.addEventListener("change", () => (schoolField.hidden = newRole.value !== "school"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const errorLine = $(form, "#create-error");
    const username = $<HTMLInputElement>(form, "#new-username");
    const school = $<HTMLSelectElement>(form, "#new-school");
    const role = newRole.value as StaffRole;
    if (!username.value.trim()) {
      errorLine.textContent = t("accounts.needUsername");
      return username.focus();
    }
    if (role === "school" && !school.value) {
      errorLine.textContent = t("accounts.needSchool");
      return school.focus();
    }
    const displayName = $<HTMLInputElement>(form, "#new-display-name").value.trim();
    const button = $<HTMLButtonElement>(form, "button[type=submit]");
    button.disabled = true;
    errorLine.textContent = "";
    accountsApi
      .create({
        role,
        username: username.value.trim(),
        // The campaign's district: an operator's admin, who has none, makes it there.
        districtId: campaign.districtId,
        ...(displayName ? { displayName } : {}),
        ...(role === "school" ? { schoolCode: school.value } : {}),
      })
      .then(
        async (issued) => {
          button.disabled = false;
          form.reset();
          schoolField.hidden = false;
          showIssued(issued);
          await reload();
        },
        (error: unknown) => {
          button.disabled = false;
          errorLine.textContent = errorText(error);
          username.focus();
        },
      );
  });

  main.querySelector("#bulk-create")?.addEventListener("click", (event) => {
    const button = event.currentTarget as HTMLButtonElement;
    const bulkState = $(main, "#bulk-state");
    button.disabled = true;
    button.textContent = t("accounts.bulkWorking");
    accountsApi.createForSchools(campaign.id).then(
      (made) => {
        if (signal.aborted) return;
        if (made.created.length === 0) {
          button.disabled = false;
          button.textContent = t("accounts.bulk");
          render(bulkState, html`<p class="jh-alert" role="status">${t("accounts.bulkNone")}</p>`);
          return;
        }
        showSlips(main, made, campaign.district, () => void accountsPage(ctx));
      },
      (error: unknown) => {
        button.disabled = false;
        button.textContent = t("accounts.bulk");
        render(bulkState, errorBox(error));
      },
    );
  });
}
