import type { Kysely, Updateable } from "kysely";
import type { Campaign, CampaignStatus, CampaignTable, Database, Scheme } from "../db/database.ts";

export interface NewCampaignInput {
  name: string;
  scheme: Scheme;
  district: string;
  residentPopulation: number | null;
  opensAt: Date;
  closesAt: Date;
  status: CampaignStatus;
  ipSalt: string;
  isDemo?: boolean;
}

export async function insertCampaign(db: Kysely<Database>, c: NewCampaignInput): Promise<number> {
  const row = await db
    .insertInto("campaign")
    .values({
      name: c.name,
      scheme: c.scheme,
      district: c.district,
      resident_population: c.residentPopulation,
      opens_at: c.opensAt,
      closes_at: c.closesAt,
      status: c.status,
      ip_salt: c.ipSalt,
      is_demo: c.isDemo ?? false,
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

export async function setCampaignStatus(
  db: Kysely<Database>,
  id: number,
  status: CampaignStatus,
): Promise<void> {
  await db.updateTable("campaign").set({ status }).where("id", "=", id).execute();
}

/** Every campaign, or only `onlyId`'s (a scoped account), newest first. */
export async function listCampaigns(
  db: Kysely<Database>,
  onlyId: number | null,
): Promise<Campaign[]> {
  let query = db.selectFrom("campaign").selectAll();
  if (onlyId !== null) query = query.where("id", "=", onlyId);
  return query.orderBy("opens_at", "desc").orderBy("id", "desc").execute();
}

/** The planning fields staff may change (migration 0005); absent keys stay as they are. */
export interface CampaignChanges {
  name?: string;
  closesAt?: Date;
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
    ["closesAt", "closes_at"],
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
