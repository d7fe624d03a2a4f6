import type { SuppressedCount } from "../../../api/analysis/types.ts";
import type { CampaignView } from "../../../api/campaigns/types.ts";
import { count } from "../format.ts";
import { type Html, html } from "../html.ts";
import { t } from "../i18n.ts";
import { progressBar } from "../progress.ts";

/**
 * Responses so far against the target, as a bar. A draft has nothing to count yet: its
 * target is what matters. Without residents there is no target to measure against.
 */
export function campaignProgress(id: string, c: CampaignView, responses: SuppressedCount): Html {
  if (c.status === "draft") {
    return html`<p class="jh-round__meta">
      ${
        c.target === 0
          ? t("campaigns.draftNoTarget")
          : t("campaigns.draftTarget", { target: count(c.target) })
      }
    </p>`;
  }
  if (c.target === 0) {
    return html`<p class="jh-round__meta">
      ${t("campaigns.noTarget", { responses: count(responses) })}
    </p>`;
  }
  return progressBar(id, t("campaigns.progress"), responses, c.target);
}
