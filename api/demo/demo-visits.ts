import { randomUUID } from "node:crypto";
import type { NewResponse } from "../responses/index.ts";
import type { NewVisit } from "../visits/index.ts";

/**
 * Visits behind the demo's responses, so its funnel is not empty: each
 * response had a visit that reached the last page, and for every three of
 * them about one more visit was abandoned: 55 % of those on opening, the rest
 * after a first answer, somewhere before the last page.
 */
export function demoVisits(
  responses: readonly NewResponse[],
  pagesOf: (questionnaireId: number) => number,
  opensAt: Date,
  random: () => number,
): NewVisit[] {
  const visits: NewVisit[] = [];
  for (const r of responses) {
    const pages = pagesOf(r.questionnaireId);
    const startedAt = r.startedAt ?? r.receivedAt ?? new Date();
    const openedAt = new Date(startedAt.getTime() - (5 + random() * 40) * 1000);
    visits.push({
      id: randomUUID(),
      campaignId: r.campaignId,
      channelId: r.channelId,
      openedAt,
      startedAt,
      furthestPage: pages,
    });
    if (random() < 0.35) {
      const started = random() < 0.45;
      const earlier = openedAt.getTime() - (1 + random() * 48) * 3600 * 1000;
      const at = new Date(Math.max(opensAt.getTime(), earlier));
      visits.push({
        id: randomUUID(),
        campaignId: r.campaignId,
        channelId: r.channelId,
        openedAt: at,
        startedAt: started ? new Date(at.getTime() + 20_000) : null,
        furthestPage: started ? 1 + Math.floor(random() * Math.max(1, pages - 1)) : 1,
      });
    }
  }
  return visits;
}
