import type { CampaignView } from "../../api/campaigns/types.ts";
import { type Html, html } from "./html.ts";
import { t } from "./i18n.ts";
import { phaseBadge } from "./phase-badge.ts";
import { type PageName, pagesFor } from "./roles.ts";
import { base, pathOf } from "./router.ts";
import type { Permission } from "../../api/staff/index.ts";

export interface SwitcherState {
  campaign: CampaignView;
  campaigns: readonly CampaignView[];
  permissions: readonly Permission[];
  /** The page open now: the same page of another campaign is where switching goes. */
  page: PageName | null;
}

/**
 * The current campaign's name in the header, opening a menu of the district's other
 * campaigns (with their phase), all campaigns and, for the bureau, a new one. A plain name
 * when there is nothing to choose.
 */
export function campaignSwitcher(state: SwitcherState): Html {
  const { campaign, permissions } = state;
  const admin = permissions.includes("campaign.manage");
  // Archived rounds stay out of the way: the list of all campaigns still has them.
  const others = state.campaigns.filter((c) => c.id !== campaign.id && c.status !== "archived");
  if (others.length === 0 && !admin) {
    return html`<span class="jh-top__campaign">${campaign.name}</span>`;
  }
  const page = state.page ?? pagesFor(permissions)[0] ?? "dashboard";
  return html`<details class="jh-switcher" id="campaign-switcher">
    <summary>
      <span class="jh-visually-hidden">${t("switcher.current")}</span>${campaign.name}
    </summary>
    <div class="jh-switcher__menu">
      ${
        others.length > 0
          ? html`<p class="jh-switcher__label" id="switcher-others">${t("switcher.others")}</p>
              <ul aria-labelledby="switcher-others">
                ${others.map(
                  (c) =>
                    html`<li>
                      <a href="${pathOf({ kind: "campaign", campaignId: c.id, page })}" data-nav
                        ><span class="jh-switcher__name">${c.name}</span>${phaseBadge(c.status)}</a
                      >
                    </li>`,
                )}
              </ul>
              <hr />`
          : ""
      }
      <ul>
        <li><a href="${base}/campaigns" data-nav>${t("switcher.all")}</a></li>
        ${admin ? html`<li><a href="${base}/campaigns/new" data-nav>${t("switcher.new")}</a></li>` : ""}
      </ul>
    </div>
  </details>`;
}

let closesOnOutsideClick = false;

/** Escape closes the menu back to its button; so does a click anywhere else. */
export function wireSwitcher(root: ParentNode): void {
  const details = root.querySelector<HTMLDetailsElement>("details.jh-switcher");
  if (!details) return;
  details.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !details.open) return;
    details.open = false;
    details.querySelector("summary")?.focus();
  });
  if (closesOnOutsideClick) return;
  closesOnOutsideClick = true;
  document.addEventListener("click", (event) => {
    for (const open of document.querySelectorAll<HTMLDetailsElement>("details.jh-switcher[open]")) {
      if (!(event.target instanceof Node && open.contains(event.target))) open.open = false;
    }
  });
}
