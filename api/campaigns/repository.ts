import { type Kysely, type Updateable, sql } from "kysely";
import type { SatisfactionScale } from "../../analysis/index.ts";
import type { Campaign, CampaignStatus, CampaignTable, Database, Scheme } from "../db/database.ts";

export interface NewCampaignInput {
  name: string;
  scheme: Scheme;
  districtId: number;
  /** The district's name when the campaign was made: its reports keep the name they had. */
  district: string;
  residentPopulation: number | null;
  opensAt: Date;
  closesAt: Date;
  status: CampaignStatus;
  ipSalt: string;
  isDemo?: boolean;
  urbanPopulation?: number | null;
  townPopulation?: number | null;
  ruralPopulation?: number | null;
  targetTotalOverride?: number | null;
  contactLine?: string;
  /** The satisfaction items' scale; null only when copying a campaign older than scales. */
  scale: SatisfactionScale | null;
}

export async function insertCampaign(db: Kysely<Database>, c: NewCampaignInput): Promise<number> {
  const row = await db
    .insertInto("campaign")
    .values({
      name: c.name,
      scheme: c.scheme,
      district_id: c.districtId,
      district: c.district,
      resident_population: c.residentPopulation,
      opens_at: c.opensAt,
      closes_at: c.closesAt,
      status: c.status,
      ip_salt: c.ipSalt,
      is_demo: c.isDemo ?? false,
      urban_population: c.urbanPopulation ?? null,
      town_population: c.townPopulation ?? null,
      rural_population: c.ruralPopulation ?? null,
      target_total_override: c.targetTotalOverride ?? null,
      contact_line: c.contactLine ?? "",
      scale_points: c.scale?.points ?? null,
      scale_dont_know: c.scale?.dontKnow ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findCampaign(
  db: Kysely<Database>,
  id: number,
): Promise<Campaign | undefined> {
  return db.selectFrom("campaign").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function countCampaigns(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("campaign")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A campaign with its response count, for the list of a district's rounds. */
export type CampaignWithCount = Campaign & { responses: number };

/** The campaigns of a district (every district when null), newest first, with response counts. */
export async function listCampaigns(
  db: Kysely<Database>,
  districtId: number | null,
): Promise<CampaignWithCount[]> {
  let query = db
    .selectFrom("campaign")
    .selectAll("campaign")
    .select((eb) =>
      eb
        .selectFrom("response_tally")
        .select(sql<string>`coalesce(sum(responses), 0)`.as("n"))
        .whereRef("response_tally.campaign_id", "=", "campaign.id")
        .as("responses"),
    );
  if (districtId !== null) query = query.where("district_id", "=", districtId);
  const rows = await query.orderBy("opens_at", "desc").orderBy("id", "desc").execute();
  return rows.map((r) => ({ ...r, responses: Number(r.responses ?? 0) }));
}

/** Whether any response has arrived (the opening time and deletion depend on it). */
export async function hasResponses(db: Kysely<Database>, campaignId: number): Promise<boolean> {
  const row = await db
    .selectFrom("response")
    .select("id")
    .where("campaign_id", "=", campaignId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes a draft and what hangs off it (questionnaires, schools, links, by cascade); false
 * when it is not a draft. Responses have no cascade: a campaign with any cannot go this way.
 */
export async function deleteDraftCampaign(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom("campaign")
    .where("id", "=", id)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function setCampaignStatus(
  db: Kysely<Database>,
  id: number,
  status: CampaignStatus,
): Promise<void> {
  await db.updateTable("campaign").set({ status }).where("id", "=", id).execute();
}

/** The planning fields staff may change (migration 0005); absent keys stay as they are. */
export interface CampaignChanges {
  name?: string;
  status?: CampaignStatus;
  opensAt?: Date;
  closesAt?: Date;
  contactLine?: string;
  residentPopulation?: number | null;
  urbanPopulation?: number | null;
  townPopulation?: number | null;
  ruralPopulation?: number | null;
  targetTotalOverride?: number | null;
}

export async function updateCampaign(
  db: Kysely<Database>,
  id: number,
  changes: CampaignChanges,
): Promise<Campaign | undefined> {
  const columns: [keyof CampaignChanges, keyof CampaignTable][] = [
    ["name", "name"],
    ["status", "status"],
    ["opensAt", "opens_at"],
    ["closesAt", "closes_at"],
    ["contactLine", "contact_line"],
    ["residentPopulation", "resident_population"],
    ["urbanPopulation", "urban_population"],
    ["townPopulation", "town_population"],
    ["ruralPopulation", "rural_population"],
    ["targetTotalOverride", "target_total_override"],
  ];
  const set: Updateable<CampaignTable> = Object.fromEntries(
    columns.filter(([key]) => changes[key] !== undefined).map(([key, c]) => [c, changes[key]]),
  );
  if (Object.keys(set).length === 0) return findCampaign(db, id);
  return db.updateTable("campaign").set(set).where("id", "=", id).returningAll().executeTakeFirst();
}
