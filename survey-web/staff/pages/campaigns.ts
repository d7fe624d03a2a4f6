import type { CampaignView } from "../../../api/campaigns/types.ts";
import { date } from "../format.ts";
import { html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { heading } from "../page-context.ts";
import { pathOf } from "../router.ts";
import { setTitle } from "../shell.ts";

/** The campaigns this account may see, when there is more than one. */
export function campaignsPage(main: HTMLElement, campaigns: CampaignView[]): void {
  setTitle(t("campaigns.title"));
  render(
    main,
    html`${heading(t("campaigns.title"))}
    ${
      campaigns.length === 0
        ? html`<p class="jh-alert jh-alert--info">${t("campaigns.none")}</p>`
        : html`<ul class="jh-cards">
            ${campaigns.map(
              (c) =>
                html`<li class="jh-card">
                  <h2 class="jh-card__title">
                    <a
                      href="${pathOf({ kind: "campaign", campaignId: c.id, page: "dashboard" })}"
                      data-nav
                      >${c.name}</a
                    >
                  </h2>
                  <p>
                    ${label("status", c.status)} ·
                    ${t("campaigns.window", {
                      from: date(c.opensAt),
                      to: date(c.closesAt),
                    })}
                  </p>
                </li>`,
            )}
          </ul>`
    }`,
  );
}
