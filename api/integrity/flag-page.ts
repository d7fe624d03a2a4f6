import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { campaignFlags } from "./campaign-flags.ts";
import { excludedResponseIds } from "./exclusions-repository.ts";
import type { FlagKind } from "./flag-rules.ts";
import { loadIntegritySettings } from "./settings-repository.ts";

export interface FlagPageQuery {
  kind?: FlagKind;
  cluster?: string;
  offset: number;
  limit: number;
}

/**
 * One page of the campaign's flagged responses under its thresholds, narrowed to a flag kind
 * or a cluster when asked, each marked whether it is excluded now. The total counts every match.
 */
export async function flagPage(db: Kysely<Database>, campaignId: number, query: FlagPageQuery) {
  const { settings } = await loadIntegritySettings(db, campaignId);
  const flags = await campaignFlags(db, campaignId, settings);
  const excluded = await excludedResponseIds(db, campaignId);
  const matching = flags.responses.filter(
    (r) =>
      (!query.kind || r.flags.some((f) => f.kind === query.kind)) &&
      (!query.cluster || r.flags.some((f) => f.clusterId === query.cluster)),
  );
  return {
    total: matching.length,
    offset: query.offset,
    limit: query.limit,
    responses: matching
      .slice(query.offset, query.offset + query.limit)
      .map((r) => ({ ...r, excluded: excluded.has(r.responseId) })),
  };
}
