import type { Kysely } from "kysely";
import type { Campaign, CampaignStatus, Database, Scheme } from "../db/database.ts";

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
