import type { CampaignView } from "../../api/campaigns/types.ts";
import { campaignSwitcher, wireSwitcher } from "./campaign-switcher.ts";
import type { Me } from "./me.ts";
import { $, type Html, html, render } from "./html.ts";
import { type TextKey, label, locale, setLocale, t } from "./i18n.ts";
import { type PageName, pagesFor } from "./roles.ts";
import { type Route, base, pathOf } from "./router.ts";

export interface ShellState {
  /** The signed-in account and its permissions; null before signing in. */
  me: Me | null;
  campaign: CampaignView | null;
  /** The district's campaigns: the switcher beside the campaign's name lists the others. */
  campaigns: readonly CampaignView[];
  route: Route;
}

const pageKeys: Record<PageName, TextKey> = {
  dashboard: "nav.dashboard",
  schools: "nav.schools",
  channels: "nav.channels",
  interviewers: "nav.interviewers",
  paper: "nav.paper",
  report: "nav.report",
  integrity: "nav.integrity",
  readiness: "nav.readiness",
  questionnaires: "nav.questionnaires",
  settings: "nav.settings",
  accounts: "nav.accounts",
};

function navLink(href: string, text: string, current: boolean): Html {
  return html`<li>
    <a href="${href}" data-nav ${current ? html`aria-current="page"` : ""}>${text}</a>
  </li>`;
}

/** The header: brand, the campaign and the pages its permissions open, account and language. */
export function renderHeader(target: HTMLElement, state: ShellState): void {
  const { me, campaign, route } = state;
  const user = me?.user ?? null;
  const other = locale() === "en" ? "zh-CN" : "en";
  const pages =
    me && campaign
      ? pagesFor(me.permissions).map((page) =>
          navLink(
            pathOf({ kind: "campaign", campaignId: campaign.id, page }),
            t(pageKeys[page]),
            route.kind === "campaign" && route.page === page,
          ),
        )
      : [];
  render(
    target,
    html`<div class="jh-top__bar">
        <a class="jh-brand" href="${base}/" data-nav>${t("app.brand")}</a>
        ${
          // Whose platform this is: the bureau the account works for.
          me?.district
            ? html`<span class="jh-top__district" id="header-district"
                >${me.district.bureauName}</span
              >`
            : ""
        }
        ${
          me && campaign
            ? campaignSwitcher({
                campaign,
                campaigns: state.campaigns,
                permissions: me.permissions,
                page: route.kind === "campaign" ? route.page : null,
              })
            : ""
        }
        <span class="jh-top__tools">
          ${
            user
              ? html`<a
                  class="jh-top__user"
                  href="${base}/account"
                  data-nav
                  ${route.kind === "account" ? html`aria-current="page"` : ""}
                  ><span class="jh-visually-hidden">${t("nav.account")}: </span>${
                    user.displayName ?? user.username
                  }<span class="jh-role">${label("role", user.role)}</span></a
                >`
              : ""
          }
          <button
            type="button"
            class="jh-lang"
            id="lang-switch"
            lang="${other}"
            aria-label="${t("app.switchLanguageLabel")}"
          >
            ${t("app.switchLanguage")}
          </button>
        </span>
      </div>
      ${
        user && campaign
          ? html`<nav class="jh-nav" aria-label="${t("nav.label")}">
              <ul>
                ${pages}
              </ul>
            </nav>`
          : ""
      }`,
  );
  $(target, "#lang-switch").addEventListener("click", () => setLocale(other));
  wireSwitcher(target);
}

/** The page's title in the tab: page, then campaign, then the product. */
export function setTitle(...parts: string[]): void {
  document.title = [...parts.filter(Boolean), t("app.title")].join(" · ");
}
