import type { Kysely } from "kysely";

/**
 * A link may be meant for a family's one phone: several people answer on it, one after the
 * other. Off by default, so every existing link keeps "this phone has answered" as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("channel")
    .addColumn("shared_device", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("channel").dropColumn("shared_device").execute();
}
