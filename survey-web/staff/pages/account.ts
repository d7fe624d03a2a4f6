import { ApiError, api } from "../api-client.ts";
import type { SignedInUser } from "../me.ts";
import { errorText } from "../error-text.ts";
import { $, type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { heading } from "../page-context.ts";
import { setTitle } from "../shell.ts";

export interface AccountOptions {
  user: SignedInUser;
  onSignedOut(): void;
}

// The API's rule (api/staff/password-rules.ts): at least 10 characters.
const minPassword = 10;

interface PasswordFormText {
  current: string;
  submit: string;
  /** Under the new password: the rules it must follow. */
  rules: Html;
}

/** The password change: the current (or temporary) password, then the new one twice. */
function passwordForm(user: SignedInUser, text: PasswordFormText): Html {
  return html`<form id="password-form" class="jh-form" novalidate>
    <input type="text" name="username" autocomplete="username" value="${user.username}" hidden />
    <div class="jh-field">
      <label for="current-password">${text.current}</label>
      <input
        id="current-password"
        type="password"
        autocomplete="current-password"
        required
        maxlength="256"
      />
    </div>
    <div class="jh-field">
      <label for="new-password">${t("account.new")}</label>
      <input
        id="new-password"
        type="password"
        autocomplete="new-password"
        required
        minlength="${minPassword}"
        maxlength="256"
        aria-describedby="new-password-hint"
      />
      <div class="jh-hint" id="new-password-hint">${text.rules}</div>
    </div>
    <div class="jh-field">
      <label for="repeat-password">${t("account.repeat")}</label>
      <input
        id="repeat-password"
        type="password"
        autocomplete="new-password"
        required
        maxlength="256"
      />
    </div>
    <div id="password-message" class="jh-form__error" role="alert"></div>
    <button type="submit" class="jh-button jh-button--primary">${text.submit}</button>
  </form>`;
}

/**
 * Checks the form, sends the change, and tells the person what happened; `onChanged` runs
 * after the server took the new password, with a way to say something in the form's line.
 */
function wirePasswordForm(
  form: HTMLFormElement,
  onChanged: (say: (text: string, ok?: boolean) => void) => void,
): void {
  const current = $<HTMLInputElement>(form, "#current-password");
  const next = $<HTMLInputElement>(form, "#new-password");
  const repeat = $<HTMLInputElement>(form, "#repeat-password");
  const message = $(form, "#password-message");
  const say = (text: string, ok = false, field?: HTMLInputElement) => {
    message.textContent = text;
    message.className = ok ? "jh-form__ok" : "jh-form__error";
    for (const input of [current, next, repeat]) input.removeAttribute("aria-invalid");
    if (field) {
      field.setAttribute("aria-invalid", "true");
      field.focus();
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!current.value) return say(t("account.needCurrent"), false, current);
    if (next.value.length < minPassword)
      return say(t("account.rule", { min: minPassword }), false, next);
    if (next.value !== repeat.value) return say(t("account.mismatch"), false, repeat);
    const button = $<HTMLButtonElement>(form, "button[type=submit]");
    button.disabled = true;
    api.changePassword(current.value, next.value).then(
      () => {
        button.disabled = false;
        form.reset();
        onChanged((text, ok = true) => say(text, ok));
      },
      (error: unknown) => {
        button.disabled = false;
        const weak = error instanceof ApiError && error.code === "weak_password";
        say(errorText(error), false, weak ? next : current);
      },
    );
  });
}

function wireLogout(main: HTMLElement, onSignedOut: () => void): void {
  $(main, "#logout").addEventListener("click", () => {
    api.logout().then(onSignedOut, (error: unknown) => {
      $(main, "#logout-error").textContent = errorText(error);
    });
  });
}

/** Who is signed in, a password change, and signing out. */
export function accountPage(main: HTMLElement, opts: AccountOptions): void {
  const { user } = opts;
  setTitle(t("account.title"));
  render(
    main,
    html`${heading(t("account.title"))}
      <dl class="jh-facts">
        <dt>${t("account.username")}</dt>
        <dd>${user.username}</dd>
        <dt>${t("account.role")}</dt>
        <dd>${label("role", user.role)}</dd>
      </dl>
      <section class="jh-panel" aria-labelledby="pw-title">
        <h2 id="pw-title">${t("account.changePassword")}</h2>
        ${passwordForm(user, {
          current: t("account.current"),
          submit: t("account.save"),
          rules: html`<p>${t("account.rule", { min: minPassword })}</p>`,
        })}
      </section>
      <section class="jh-panel" aria-labelledby="logout-title">
        <h2 id="logout-title">${t("account.logoutTitle")}</h2>
        <button type="button" class="jh-button" id="logout">${t("account.logout")}</button>
        <p id="logout-error" role="alert"></p>
      </section>`,
  );
  wirePasswordForm($(main, "#password-form"), (say) => say(t("account.changed")));
  wireLogout(main, opts.onSignedOut);
}

export interface FirstPasswordOptions extends AccountOptions {
  /** The new password is set: the account may go on to its pages. */
  onChanged(): void;
}

/**
 * All an account with a temporary password may do (the API answers 403
 * password_change_required elsewhere): set its own password, with the rules in sight.
 */
export function firstPasswordPage(main: HTMLElement, opts: FirstPasswordOptions): void {
  const { user } = opts;
  setTitle(t("firstPassword.title"));
  render(
    main,
    html`<section class="jh-login">
      ${heading(t("firstPassword.title"), t("firstPassword.intro"))}
      ${passwordForm(user, {
        current: t("firstPassword.current"),
        submit: t("firstPassword.save"),
        rules: html`<p>${t("firstPassword.rulesTitle")}</p>
          <ul class="jh-rules">
            <li>${t("firstPassword.ruleLength", { min: minPassword })}</li>
            <li>${t("firstPassword.ruleCommon")}</li>
            <li>${t("firstPassword.ruleUsername")}</li>
          </ul>`,
      })}
      <p class="jh-actions">
        <button type="button" class="jh-button" id="logout">${t("firstPassword.logout")}</button>
      </p>
      <p id="logout-error" role="alert"></p>
    </section>`,
  );
  wirePasswordForm($(main, "#password-form"), () => opts.onChanged());
  wireLogout(main, opts.onSignedOut);
  $<HTMLInputElement>(main, "#current-password").focus();
}
