import { randomUUID } from "node:crypto";
import type { BatchItem } from "../../api/responses/batch-repository.ts";
import type { NewResponse } from "../../api/responses/repository.ts";
import type { SeededCampaign } from "./seed.ts";

/** A valid row for the response table on the campaign's first school link, with `overrides`. */
export function responseRow(
  seeded: SeededCampaign,
  overrides: Partial<NewResponse> = {},
): NewResponse {
  const channel = seeded.setup.schoolChannels[0]!;
  return {
    id: randomUUID(),
    campaignId: seeded.campaignId,
    channelId: channel.id,
    questionnaireId: seeded.setup.questionnaireIds.social!,
    schoolId: null,
    respondentGroup: "parent",
    answers: { sat_overall: "satisfied" },
    startedAt: null,
    completedAt: null,
    durationSeconds: null,
    pageSeconds: {},
    locale: "zh-cn",
    browserFamily: "wechat",
    ipHash: null,
    deviceToken: null,
    contentHash: randomUUID(),
    ...overrides,
  };
}

/** A group-commit item for such a row, counted in no rate window. */
export function unlimitedItem(seeded: SeededCampaign): BatchItem {
  return { row: responseRow(seeded), buckets: [], now: new Date() };
}
