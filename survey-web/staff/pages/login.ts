import { ApiError, api } from "../api-client.ts";
import type { Me } from "../me.ts";
import { errorText } from "../error-text.ts";
import { $, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import { heading } from "../page-context.ts";
import { setTitle } from "../shell.ts";

export interface LoginOptions {
  /** The session ran out while working: say so above the form. */
  expired: boolean;
  onSignedIn(me: Me): void;
}

/** Sign-in: one form; a wrong password and a locked account get different, plain answers. */
export function loginPage(main: HTMLElement, opts: LoginOptions): void {
  setTitle(t("login.title"));
  render(
    main,
    html`<section class="jh-login">
      ${heading(t("login.title"), t("login.intro"))}
      ${
        opts.expired
          ? html`<p class="jh-alert jh-alert--info" role="status">${t("login.expired")}</p>`
          : ""
      }
      <form id="login-form" class="jh-form" novalidate>
        <div class="jh-field">
          <label for="username">${t("login.username")}</label>
          <input
            id="username"
            name="username"
            autocomplete="username"
            required
            maxlength="64"
            autocapitalize="none"
            spellcheck="false"
          />
        </div>
        <div class="jh-field">
          <label for="password">${t("login.password")}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            maxlength="256"
          />
        </div>
        <div id="login-error" class="jh-form__error" role="alert"></div>
        <button type="submit" class="jh-button jh-button--primary">${t("login.submit")}</button>
      </form>
    </section>`,
  );
  const form = $<HTMLFormElement>(main, "#login-form");
  const username = $<HTMLInputElement>(form, "#username");
  const password = $<HTMLInputElement>(form, "#password");
  const errorBox = $(form, "#login-error");
  const submit = $<HTMLButtonElement>(form, "button[type=submit]");

  const showError = (text: string, field?: HTMLInputElement) => {
    errorBox.textContent = text;
    for (const input of [username, password]) input.removeAttribute("aria-invalid");
    if (field) {
      field.setAttribute("aria-invalid", "true");
      field.focus();
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!username.value.trim()) return showError(t("login.needUsername"), username);
    if (!password.value) return showError(t("login.needPassword"), password);
    submit.disabled = true;
    submit.textContent = t("login.submitting");
    errorBox.textContent = "";
    api.login(username.value.trim(), password.value).then(
      (me) => opts.onSignedIn(me),
      (error: unknown) => {
        submit.disabled = false;
        submit.textContent = t("login.submit");
        password.value = "";
        const locked = error instanceof ApiError && error.code === "login_locked";
        showError(errorText(error), locked ? undefined : password);
        errorBox.dataset.code = error instanceof ApiError ? error.code : "unexpected";
      },
    );
  });
  if (!opts.expired) username.focus();
}
