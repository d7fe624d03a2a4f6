import { type Kysely, sql } from "kysely";
import type { Database, ItemRoles } from "../db/database.ts";
import { responseExcluded } from "../integrity/index.ts";

/** What the analysis reads of a campaign's questionnaires: every version, oldest first. */
export interface AnalysisQuestionnaire {
  id: number;
  key: string;
  version: number;
  definition: Record<string, unknown>;
  itemRoles: ItemRoles;
}

export async function campaignQuestionnaires(
  db: Kysely<Database>,
  campaignId: number,
): Promise<AnalysisQuestionnaire[]> {
  return db
    .selectFrom("questionnaire")
    .select(["id", "key", "version", "definition", "item_roles as itemRoles"])
    .where("campaign_id", "=", campaignId)
    .orderBy("id")
    .execute();
}

/** A channel as reports and exports name it. */
export interface ChannelName {
  id: number;
  label: string;
  schoolName: string | null;
}

export async function campaignChannelNames(
  db: Kysely<Database>,
  campaignId: number,
): Promise<ChannelName[]> {
  return db
    .selectFrom("channel as ch")
    .leftJoin("school as s", "s.id", "ch.school_id")
    .select(["ch.id", "ch.label", "s.name as schoolName"])
    .where("ch.campaign_id", "=", campaignId)
    .orderBy("ch.id")
    .execute();
}

/** A questionnaire version by id, as the report's version counts name it. */
export interface VersionName {
  id: number;
  key: string;
  version: number;
}

export async function campaignVersionNames(
  db: Kysely<Database>,
  campaignId: number,
): Promise<VersionName[]> {
  return db
    .selectFrom("questionnaire")
    .select(["id", "key", "version"])
    .where("campaign_id", "=", campaignId)
    .execute();
}

/** Responses per questionnaire version id, of the responses counted and of those excluded. */
export interface VersionRows {
  readonly included: ReadonlyMap<number, number>;
  readonly excluded: ReadonlyMap<number, number>;
}

/**
 * Responses per questionnaire version received in [from, before) (null: unbounded), split by
 * exclusion when asked: the cells' companion (cell-count-repository.ts), counted over the same
 * responses on the (campaign_id, received_at) index, so the cell cache's increments stay cheap.
 */
export async function versionRows(
  db: Kysely<Database>,
  campaignId: number,
  received: { from: Date | null; before: Date | null },
  splitExcluded: boolean,
): Promise<VersionRows> {
  const excluded = splitExcluded ? responseExcluded(campaignId) : sql<boolean>`false`;
  let responses = db
    .selectFrom("response as r")
    .select(["r.questionnaire_id as id", excluded.as("excluded")])
    .where("r.campaign_id", "=", campaignId);
  if (received.from !== null) responses = responses.where("r.received_at", ">=", received.from);
  if (received.before !== null) responses = responses.where("r.received_at", "<", received.before);
  const rows = await db
    .selectFrom(responses.as("x"))
    .select(["x.id", "x.excluded", sql<string>`count(*)`.as("n")])
    .groupBy(["x.id", "x.excluded"])
    .execute();
  const included = new Map<number, number>();
  const out = new Map<number, number>();
  for (const row of rows) (row.excluded ? out : included).set(row.id, Number(row.n));
  return { included, excluded: out };
}
