import { type Kysely, type RawBuilder, type Transaction, sql } from "kysely";
import type { Database } from "../db/database.ts";

/**
 * Exclusion records (migration 0006): append-only decisions, each chained to
 * the campaign's previous one by the database. Staff never edit or delete a
 * response; they append "exclude these" or "reverse that decision".
 */
export interface ExclusionRecord {
  id: number;
  campaignId: number;
  kind: "exclude" | "reverse";
  /** Sorted; empty for a reversal. */
  responseIds: string[];
  /** For a reversal: the exclusion it reverses. */
  reverses: number | null;
  /** The id of the record that reversed this exclusion, if any. */
  reversedBy: number | null;
  /** When the ids came from a flag cluster: its id and kind at the time. */
  flagCluster: { id: string; kind: string } | null;
  reason: string;
  actorUserId: number | null;
  actorLabel: string;
  at: Date;
  prevHash: string;
  hash: string;
}

export interface ExclusionActor {
  userId: number | null;
  label: string;
}

/** Serialises a campaign's exclusion decisions, like the chain trigger does (same lock). */
export async function lockExclusions(trx: Transaction<Database>, campaignId: number) {
  await sql`select pg_advisory_xact_lock(hashtext('junheng.exclusion_chain'), ${campaignId})`.execute(
    trx,
  );
}

// A JSON text parameter instead of a bound array: the same on pg and PGlite, and no limit of 65 535 parameters.
const idList = (ids: readonly string[]) => sql`(
  select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;

/** The ids among `ids` that are not responses of this campaign. */
export async function unknownResponseIds(
  db: Kysely<Database>,
  campaignId: number,
  ids: readonly string[],
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from response where campaign_id = ${campaignId} and id in ${idList(ids)}`.execute(db);
  const known = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

/** The ids among `ids` that are excluded now. */
export async function alreadyExcluded(
  db: Kysely<Database>,
  campaignId: number,
  ids: readonly string[],
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select response_id as id from effective_exclusions(${campaignId})
    where response_id in ${idList(ids)}`.execute(db);
  return rows.map((r) => r.id).sort();
}

const recordColumns = sql`e.id::int as id, e.campaign_id as "campaignId", e.kind,
  to_jsonb(e.response_ids) as "responseIds", e.reverses::int as reverses,
  (select r.id::int from exclusion r where r.reverses = e.id) as "reversedBy",
  e.flag_cluster as "flagCluster", e.reason, e.actor_user_id as "actorUserId",
  e.actor_label as "actorLabel", e.at, e.prev_hash as "prevHash", e.hash`;

export async function listExclusions(
  db: Kysely<Database>,
  campaignId: number,
): Promise<ExclusionRecord[]> {
  const { rows } = await sql<ExclusionRecord>`
    select ${recordColumns} from exclusion e
    where e.campaign_id = ${campaignId} order by e.id`.execute(db);
  return rows;
}

export async function findExclusion(
  db: Kysely<Database>,
  id: number,
): Promise<ExclusionRecord | undefined> {
  const { rows } = await sql<ExclusionRecord>`
    select ${recordColumns} from exclusion e where e.id = ${id}`.execute(db);
  return rows[0];
}

export interface NewExclusion {
  campaignId: number;
  responseIds: readonly string[];
  flagCluster: { id: string; kind: string } | null;
  reason: string;
  actor: ExclusionActor;
}

/** Appends an exclusion; the ids are stored sorted and without repeats. */
export async function insertExclusion(
  db: Kysely<Database>,
  e: NewExclusion,
): Promise<ExclusionRecord> {
  const ids = [...new Set(e.responseIds.map((id) => id.toLowerCase()))].sort();
  const { rows } = await sql<{ id: number }>`
    insert into exclusion (campaign_id, kind, response_ids, flag_cluster, reason,
      actor_user_id, actor_label)
    values (${e.campaignId}, 'exclude',
      array(select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)
        with ordinality order by ordinality),
      ${e.flagCluster === null ? null : JSON.stringify(e.flagCluster)}::jsonb,
      ${e.reason}, ${e.actor.userId}, ${e.actor.label})
    returning id::int as id`.execute(db);
  return (await findExclusion(db, (rows[0] as { id: number }).id)) as ExclusionRecord;
}

export interface NewReversal {
  campaignId: number;
  reverses: number;
  reason: string;
  actor: ExclusionActor;
}

export async function insertReversal(
  db: Kysely<Database>,
  r: NewReversal,
): Promise<ExclusionRecord> {
  const row = await db
    .insertInto("exclusion")
    .values({
      campaign_id: r.campaignId,
      kind: "reverse",
      reverses: r.reverses,
      reason: r.reason,
      actor_user_id: r.actor.userId,
      actor_label: r.actor.label,
    })
    .returning(sql<number>`id::int`.as("id"))
    .executeTakeFirstOrThrow();
  return (await findExclusion(db, row.id)) as ExclusionRecord;
}

/**
 * How the analysis leaves excluded responses out (docs/integrity.md, Exclusions). The database
 * function `effective_exclusions(campaign_id)` (migration 0006) returns the
 * responses excluded now: every 'exclude' record not reversed, one row per
 * response. Use these fragments inside raw SQL over `response r`:
 *
 *   where r.campaign_id = ${id} and not ${responseExcluded(id)}        -- included only
 *   select ${responseExcluded(id)} as excluded … group by … , excluded  -- both, side by side
 *
 * The subquery is uncorrelated, so PostgreSQL runs it once per statement as a
 * hashed subplan, whatever the number of responses.
 */
export function responseExcluded(
  campaignId: number,
  responseId: RawBuilder<unknown> = sql.ref("r.id"),
): RawBuilder<boolean> {
  return sql<boolean>`(${responseId} in (select response_id from effective_exclusions(${campaignId})))`;
}

/** The same set as ids, for code that already holds responses in memory (tests, small exports). */
export async function excludedResponseIds(
  db: Kysely<Database>,
  campaignId: number,
): Promise<Set<string>> {
  const { rows } = await sql<{ id: string }>`
    select response_id as id from effective_exclusions(${campaignId})`.execute(db);
  return new Set(rows.map((r) => r.id));
}
