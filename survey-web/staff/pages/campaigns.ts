import type { CampaignView } from "../../../api/campaigns/types.ts";
import type { Permission } from "../../../api/staff/index.ts";
import { dateTime } from "../format.ts";
import { type Html, html, render } from "../html.ts";
import { label, t } from "../i18n.ts";
import { heading } from "../page-context.ts";
import { phaseBadge } from "../phase-badge.ts";
import { mayEdit, pagesFor } from "../roles.ts";
import { base, pathOf } from "../router.ts";
import { setTitle } from "../shell.ts";
import { campaignProgress } from "./campaign-progress.ts";

function newButton(): Html {
  return html`<a class="jh-button jh-button--primary" href="${base}/campaigns/new" data-nav
    >${t("campaigns.new")}</a
  >`;
}

function card(c: CampaignView, permissions: readonly Permission[], admin: boolean): Html {
  const first = pagesFor(permissions)[0] ?? "dashboard";
  return html`<li class="jh-card jh-round" data-campaign="${c.id}">
    <div class="jh-round__head">
      <h2 class="jh-card__title">
        <a href="${pathOf({ kind: "campaign", campaignId: c.id, page: first })}" data-nav
          >${c.name}</a
        >
      </h2>
      ${phaseBadge(c.status)}
    </div>
    <p class="jh-round__meta">
      ${t("campaigns.window", { from: dateTime(c.opensAt), to: dateTime(c.closesAt) })}<br />
      ${label("scheme", c.scheme)}
    </p>
    ${campaignProgress(`progress-${c.id}`, c, c.responses ?? 0)}
    ${
      admin
        ? html`<p class="jh-round__more">
            <a
              href="${pathOf({ kind: "campaign", campaignId: c.id, page: "settings" })}"
              data-nav
              aria-label="${t("campaigns.settingsOf", { name: c.name })}"
              >${t("campaigns.settings")}</a
            >
          </p>`
        : ""
    }
  </li>`;
}

/**
 * The district's campaigns (its rounds), newest first, each with its phase, dates and
 * responses against the target; the bureau starts a new one here.
 */
export function campaignsPage(
  main: HTMLElement,
  campaigns: readonly CampaignView[],
  permissions: readonly Permission[],
): void {
  const admin = mayEdit(permissions, "campaign.manage");
  setTitle(t("campaigns.title"));
  const district = campaigns[0]?.district;
  if (campaigns.length === 0) {
    render(
      main,
      html`${heading(t("campaigns.title"))}
        <section class="jh-panel jh-empty" id="campaigns-empty" aria-labelledby="empty-title">
          <h2 id="empty-title">${t("campaigns.emptyTitle")}</h2>
          <p>${admin ? t("campaigns.emptyAdmin") : t("campaigns.emptyOther")}</p>
          ${admin ? html`<p class="jh-actions">${newButton()}</p>` : ""}
        </section>`,
    );
    return;
  }
  // Archived rounds are kept for the record, out of the way below the others.
  const current = campaigns.filter((c) => c.status !== "archived");
  const archived = campaigns.filter((c) => c.status === "archived");
  render(
    main,
    html`<div class="jh-rounds__head">
        ${heading(t("campaigns.title"), district)} ${admin ? newButton() : ""}
      </div>
      ${
        current.length > 0
          ? html`<ul class="jh-cards" id="campaigns">
              ${current.map((c) => card(c, permissions, admin))}
            </ul>`
          : ""
      }
      ${
        archived.length > 0
          ? html`<details
              class="jh-archived"
              id="campaigns-archived"
              ${current.length === 0 ? html`open` : ""}
            >
              <summary>${t("campaigns.archived", { n: archived.length })}</summary>
              <ul class="jh-cards">
                ${archived.map((c) => card(c, permissions, admin))}
              </ul>
            </details>`
          : ""
      }`,
  );
}
