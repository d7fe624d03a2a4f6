import type { CampaignView } from "../../api/campaigns/types.ts";
import type { Permission } from "../../api/staff/index.ts";
import type { SignedInUser } from "./me.ts";
import { errorText } from "./error-text.ts";
import { type Html, html, render } from "./html.ts";
import { t } from "./i18n.ts";

/** What a page gets: where to draw, who is looking, and a signal that fires when it is left. */
export interface PageContext {
  main: HTMLElement;
  user: SignedInUser;
  /** What the account may do (`GET /api/auth/me`): the doors of roles.ts read it. */
  permissions: readonly Permission[];
  campaign: CampaignView;
  /** Aborted when the person leaves the page or switches language: stop timers then. */
  signal: AbortSignal;
  navigate(path: string): void;
}

export type Page = (ctx: PageContext) => Promise<void>;

/** A page heading that takes focus after navigation, so screen readers announce the page. */
export function heading(text: string, sub?: Html | string): Html {
  return html`<div class="jh-page-head">
    <h1 id="page-title" tabindex="-1">${text}</h1>
    ${sub ? html`<p class="jh-page-head__sub">${sub}</p>` : ""}
  </div>`;
}

/** A failure in words, announced, with its HTTP status when there was one. */
export function errorBox(error: unknown): Html {
  const status =
    typeof error === "object" && error && "status" in error && typeof error.status === "number"
      ? error.status
      : 0;
  return html`<div class="jh-alert jh-alert--error" role="alert">
    ${status > 0 ? html`<strong class="jh-alert__code">${status}</strong> ` : ""}${errorText(error)}
  </div>`;
}

export function loading(): Html {
  return html`<p class="jh-loading" role="status">${t("app.loading")}</p>`;
}

/** The page for a role without access: the same words the API's 403 carries. */
export function renderForbidden(main: HTMLElement): void {
  render(
    main,
    html`${heading(t("forbidden.title"))}
      <div class="jh-alert jh-alert--error" role="alert">
        <strong class="jh-alert__code">403</strong> ${t("error.forbidden")}
      </div>`,
  );
}
