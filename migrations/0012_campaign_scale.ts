import { type Kysely, sql } from "kysely";

/**
 * The satisfaction scale is a campaign setting: 3, 4 or 5 points, with or without 不了解.
 *
 * A campaign made before this keeps the questionnaires it stored. It gets the scale all their
 * satisfaction items offer when they agree (a 2012 campaign's social and staff questionnaires:
 * 3 points with 不了解); when they differ (a 2017 campaign's students had 比较满意, the others
 * not) both columns stay null: each questionnaire keeps its own options, and the analysis keeps
 * the defaults it had before scales.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("campaign")
    .addColumn("scale_points", "smallint", (c) => c.check(sql`scale_points in (3, 4, 5)`))
    .addColumn("scale_dont_know", "boolean")
    .execute();
  await sql`
    alter table campaign add constraint campaign_scale_whole
    check ((scale_points is null) = (scale_dont_know is null))`.execute(db);

  const rows = (await db
    .selectFrom("questionnaire")
    .select(["campaign_id", "definition", "item_roles"])
    .orderBy("campaign_id")
    .execute()) as { campaign_id: number; definition: unknown; item_roles: unknown }[];
  const byCampaign = new Map<number, string[][]>();
  for (const row of rows) {
    const lists = byCampaign.get(row.campaign_id) ?? [];
    lists.push(...satisfactionOptions(json(row.definition), json(row.item_roles)));
    byCampaign.set(row.campaign_id, lists);
  }
  for (const [campaignId, lists] of byCampaign) {
    const scale = commonScale(lists);
    if (!scale) continue;
    await db
      .updateTable("campaign")
      .set({ scale_points: scale.points, scale_dont_know: scale.dontKnow })
      .where("id", "=", campaignId)
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("campaign").dropConstraint("campaign_scale_whole").execute();
  await db.schema
    .alterTable("campaign")
    .dropColumn("scale_points")
    .dropColumn("scale_dont_know")
    .execute();
}

// The scales as they stood when this migration was written (a migration imports no app code).
const scales: { points: number; dontKnow: boolean; values: string[] }[] = [];
for (const [points, values] of [
  [3, ["satisfied", "basically_satisfied", "dissatisfied"]],
  [4, ["satisfied", "fairly_satisfied", "basically_satisfied", "dissatisfied"]],
  [
    5,
    ["satisfied", "fairly_satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied"],
  ],
] as const) {
  scales.push({ points, dontKnow: false, values: [...values] });
  scales.push({ points, dontKnow: true, values: [...values, "unknown"] });
}

function json(value: unknown): unknown {
  return typeof value === "string" ? (JSON.parse(value) as unknown) : value;
}

/** The option values of each satisfaction item of one stored version. */
function satisfactionOptions(definition: unknown, roles: unknown): string[][] {
  const names = new Set(
    typeof roles === "object" && roles !== null && Array.isArray((roles as any).satisfaction)
      ? ((roles as any).satisfaction as string[])
      : [],
  );
  const lists: string[][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const element = node as Record<string, any>;
    if (typeof element.type === "string" && names.has(element.name)) {
      const choices: unknown[] = Array.isArray(element.choices) ? element.choices : [];
      lists.push(choices.map((c: any) => String(typeof c === "object" && c ? c.value : c)));
    }
    walk(element.pages);
    walk(element.elements);
  };
  walk(definition);
  return lists;
}

function commonScale(lists: string[][]): { points: number; dontKnow: boolean } | null {
  const distinct = new Set(lists.map((l) => l.join(",")));
  if (distinct.size !== 1) return null;
  const [only] = distinct;
  return scales.find((s) => s.values.join(",") === only) ?? null;
}
