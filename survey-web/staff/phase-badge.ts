import type { CampaignView } from "../../api/campaigns/types.ts";
import { type Html, html } from "./html.ts";
import { label } from "./i18n.ts";
import "./campaigns.css";

/** A campaign's phase (草稿 / 待开始 / 进行中 / 已结束 / 已归档) as a coloured badge. */
export function phaseBadge(status: CampaignView["status"]): Html {
  return html`<span class="jh-badge jh-phase jh-phase--${status}">${label("phase", status)}</span>`;
}
