import type { IssuedAccountView, SchoolAccountsView } from "../../../api/accounts/types.ts";
import { accountsApi } from "../accounts-api.ts";
import { $, type Html, html, render } from "../html.ts";
import { t } from "../i18n.ts";
import { heading } from "../page-context.ts";
import { setTitle } from "../shell.ts";

function slip(issued: IssuedAccountView, loginUrl: string, district: string): Html {
  const { account } = issued;
  const school = account.schoolName ?? account.displayName;
  return html`<article class="jh-slip" aria-label="${school}">
    <div class="jh-slip__text">
      <p class="jh-slip__purpose">${t("slips.purpose", { district })}</p>
      <h2 class="jh-slip__school">${school}</h2>
      <dl class="jh-slip__facts">
        <dt>${t("slips.username")}</dt>
        <dd class="jh-slip__secret" data-field="username">${account.username}</dd>
        <dt>${t("slips.password")}</dt>
        <dd class="jh-slip__secret" data-field="password">${issued.temporaryPassword}</dd>
        <dt>${t("slips.loginUrl")}</dt>
        <dd class="jh-slip__url">${loginUrl}</dd>
      </dl>
      <p class="jh-slip__note">${t("slips.note")}</p>
    </div>
    <img
      class="jh-slip__qr"
      src="${accountsApi.loginQrSvg}"
      alt="${t("slips.qrAlt")}"
      width="120"
      height="120"
    />
  </article>`;
}

/**
 * The school accounts just made, one slip each (school, username, temporary password, the
 * sign-in address and its QR code) to print on A4, cut along the dashed lines and hand out.
 * The passwords exist only in this page: leaving it asks first.
 */
export function showSlips(
  main: HTMLElement,
  made: SchoolAccountsView,
  district: string,
  onBack: () => void,
): void {
  setTitle(t("slips.title"));
  render(
    main,
    html`<div class="jh-no-print">
        ${heading(
          t("slips.title"),
          // "0 schools already had one" says nothing on a first run: only the count made then.
          made.skipped.length > 0
            ? t("slips.summary", { created: made.created.length, skipped: made.skipped.length })
            : t("slips.summaryAll", { created: made.created.length }),
        )}
        <p class="jh-alert jh-once" role="status">${t("slips.onlyNow")}</p>
        <p class="jh-slips__actions">
          <button type="button" class="jh-button jh-button--primary" id="print-slips">
            ${t("slips.print")}
          </button>
          <button type="button" class="jh-button" id="slips-back">${t("slips.back")}</button>
        </p>
        ${
          made.skipped.length > 0
            ? html`<details class="jh-details">
                <summary>${t("slips.skippedTitle")}（${made.skipped.length}）</summary>
                <ul>
                  ${made.skipped.map(
                    (s) => html`<li>${s.schoolName}（${s.schoolCode}）：${s.username}</li>`,
                  )}
                </ul>
              </details>`
            : ""
        }
      </div>
      <div class="jh-slips" id="slips">
        ${made.created.map((one) => slip(one, made.loginUrl, district))}
      </div>`,
  );
  $(main, "#print-slips").addEventListener("click", () => window.print());
  $(main, "#slips-back").addEventListener("click", () => {
    if (window.confirm(t("slips.leaveConfirm"))) onBack();
  });
  document.getElementById("page-title")?.focus();
}
