import { api } from "../api-client.ts";
import type { SignedInUser } from "../me.ts";
import { errorText } from "../error-text.ts";
import { $, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { heading } from "../page-context.ts";
import { setTitle } from "../shell.ts";

export interface AccountOptions {
  user: SignedInUser;
  onSignedOut(): void;
}

// The API's rule (api/staff/staff-accounts.ts): 10 to 256 characters.
const minPassword = 10;

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
        <form id="password-form" class="jh-form" novalidate>
          <input
            type="text"
            name="username"
            autocomplete="username"
            value="${user.username}"
            hidden
          />
          <div class="jh-field">
            <label for="current-password">${t("account.current")}</label>
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
            <p class="jh-hint" id="new-password-hint">${t("account.rule", { min: minPassword })}</p>
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
          <button type="submit" class="jh-button jh-button--primary">${t("account.save")}</button>
        </form>
      </section>
      <section class="jh-panel" aria-labelledby="logout-title">
        <h2 id="logout-title">${t("account.logoutTitle")}</h2>
        <button type="button" class="jh-button" id="logout">${t("account.logout")}</button>
        <p id="logout-error" role="alert"></p>
      </section>`,
  );

  const form = $<HTMLFormElement>(main, "#password-form");
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
        say(t("account.changed"), true);
      },
      (error: unknown) => {
        button.disabled = false;
        say(errorText(error), false, current);
      },
    );
  });

  $(main, "#logout").addEventListener("click", () => {
    api.logout().then(
      () => opts.onSignedOut(),
      (error: unknown) => {
        $(main, "#logout-error").textContent = errorText(error);
      },
    );
  });
}
