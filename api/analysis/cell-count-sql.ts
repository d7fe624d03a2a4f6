import { type Kysely, type RawBuilder, sql } from "kysely";
import { type AnalysisConfig, definitionScale } from "../../analysis/analysis-config.ts";
import type { Database } from "../db/database.ts";
import { responseExcluded } from "../integrity/index.ts";

/**
 * The SQL of cell-count-repository.ts: one query per counting pass, built from bound parameters
 * (question names and option values are never spliced into the text), nested so each answer
 * is pulled out of the jsonb once per row (see cell-count-repository.ts for why).
 */
export type Mode = "text" | "exact";

export interface CellPlan {
  readonly campaignId: number;
  readonly config: AnalysisConfig;
  readonly items: readonly string[];
  readonly options: Readonly<Record<string, readonly string[]>>;
  readonly sources: readonly string[];
  /** The source options are every option in the data: no check for others needed. */
  readonly exactSources: boolean;
  readonly mode: Mode;
  /** Count excluded responses in cells of their own, marked by `excluded`. */
  readonly splitExcluded: boolean;
  /** Only responses received in [from, before); null: unbounded. */
  readonly received: { readonly from: Date | null; readonly before: Date | null };
}

export type CellRow = Record<string, unknown>;

/**
 * A 0/1 value is carried as a tally, 1 + 2^26 · value, so one sum gives both its count and
 * its sum (S mod 2^26 and ⌊S / 2^26⌋, exact in a double for any cell under 2^26 people):
 * half the aggregate calls.
 * Other values (scores, shares) get count, avg and var_pop.
 */
export const tallyUnit = 2 ** 26;
const tally = (value: 0 | 1) => 1 + tallyUnit * value;

export function isBinary(kind: "y" | "item", config: AnalysisConfig): boolean {
  const scale = definitionScale(config.definition);
  if (kind === "item") return scale === "proportion";
  return config.definition === "overall_item" || config.definition === "respondent_satisfied";
}

export async function countCells(
  db: Kysely<Database>,
  plan: CellPlan,
  partition: [number, number] | null,
): Promise<CellRow[]> {
  const { config, items, sources } = plan;
  const scale = definitionScale(config.definition);
  const overallSeparate =
    config.definition === "overall_item" && !items.includes(config.overallItem);
  const valued = overallSeparate ? [...items, config.overallItem] : [...items];
  const source = config.awarenessSourceItem;
  const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
  const id = (prefix: string, k: number) => sql.id(`${prefix}${k}`);
  const float = (n: number) => sql`${n}::float8`;
  const text = plan.mode === "text";

  // Level 1: each answer out of the jsonb once (as text, or as jsonb for the exact form).
  const pull = (name: string) =>
    text ? sql`r.answers ->> ${name}::text` : sql`r.answers -> ${name}::text`;
  const extracted = [
    ...valued.map((name, k) => sql`${pull(name)} as ${id("a", k)}`),
    sql`${pull(config.awarenessItem)} as aw`,
    source === null ? sql`null::jsonb as js` : sql`r.answers -> ${source}::text as js`,
  ];

  // Level 2: values.
  const itemValue = (name: string, k: number) => {
    const a = sql`${id("a", k)}`;
    if (text) return sql`${textCase(a, itemCases(name, plan, scale))} as ${id("v", k)}`;
    const t = sql`(${a} #>> '{}')`;
    const given =
      scale === "score"
        ? sql`coalesce((${json(config.scores)} ->> ${t})::float8, 'NaN'::float8)`
        : sql`case when ${json(config.favourable)} ? ${t} then ${float(tally(1))}
            else ${float(tally(0))} end`;
    return sql`case when jsonb_typeof(${a}) = 'string' and ${t} <> ''
      and not (${json(config.excluded)} ? ${t}) then ${given} end as ${id("v", k)}`;
  };
  const awareValue = text
    ? sql`${textCase(sql`aw`, awareCases(plan))} as w`
    : sql`case when jsonb_typeof(aw) = 'string' and (aw #>> '{}') <> ''
        then case when ${json(config.aware)} ? (aw #>> '{}') then ${float(tally(1))}
          else ${float(tally(0))} end
        end as w`;
  const answered =
    sources.length === 0
      ? sql`false`
      : sql`(jsonb_typeof(js) = 'array'
          and js ?| array[${sql.join(sources.map((o) => sql`${o}::text`))}])`;
  const valuesLevel = [
    ...valued.map(itemValue),
    awareValue,
    sql`${answered} as answered`,
    ...sources.map((o, k) => sql`js ? ${o}::text as ${id("c", k)}`),
    plan.exactSources
      ? sql`false as unknown_source`
      : sql`(jsonb_typeof(js) = 'array' and not (js <@ ${json(sources)})) as unknown_source`,
  ];

  // Level 3: the respondent's satisfaction value y, and the source values. Favourable
  // items are the tallies above 1.
  const itemVars = items.map((_, k) => sql`${id("v", k)}`);
  const total = sql.join(
    itemVars.map((v) =>
      scale === "score"
        ? sql`coalesce(${v}, 0.0::float8)`
        : sql`case when ${v} > 1 then 1.0::float8 else 0.0::float8 end`,
    ),
    sql` + `,
  );
  const answeredItems = sql`num_nonnulls(${sql.join(itemVars.length > 0 ? itemVars : [sql`null`])})`;
  const y =
    config.definition === "overall_item"
      ? sql`${id("v", valued.indexOf(config.overallItem))}`
      : items.length === 0
        ? sql`null::float8`
        : config.definition === "respondent_satisfied"
          ? sql`case when ${answeredItems} = 0 then null
              when ${total} + ${float(1e-9)} >= ${float(config.satisfiedShare)} * ${answeredItems}
              then ${float(tally(1))} else ${float(tally(0))} end`
          : sql`(${total}) / nullif(${answeredItems}, 0)::float8`;
  const respondentLevel = [
    sql`${y} as y`,
    ...items.map((_, k) => sql`${id("v", k)}`),
    sql`w`,
    ...sources.map(
      (_, k) =>
        sql`case when answered then case when ${id("c", k)} then ${float(tally(1))}
          else ${float(tally(0))} end end as ${id("s", k)}`,
    ),
    sql`unknown_source`,
  ];

  // Level 4: the cells.
  const stats = (v: RawBuilder<unknown>, prefix: string, binary: boolean) =>
    binary
      ? sql`sum(${v}) as ${sql.id(`${prefix}_tally`)}`
      : sql`count(${v})::int as ${sql.id(`${prefix}_n`)}, avg(${v}) as ${sql.id(`${prefix}_mean`)},
          var_pop(${v}) as ${sql.id(`${prefix}_var`)}`;
  const aggregates = [
    stats(sql`y`, "y", isBinary("y", config)),
    stats(sql`w`, "w", true),
    ...items.map((_, k) => stats(sql`${id("v", k)}`, `v${k}`, isBinary("item", config))),
    ...sources.map((_, k) => stats(sql`${id("s", k)}`, `s${k}`, true)),
  ];
  const inPartition =
    partition === null ? sql`true` : sql`r.channel_id % ${partition[0]} = ${partition[1]}`;
  const { from, before } = plan.received;
  const inRange = sql.join(
    [
      from === null ? sql`true` : sql`r.received_at >= ${from}`,
      before === null ? sql`true` : sql`r.received_at < ${before}`,
    ],
    sql` and `,
  );
  const excluded = plan.splitExcluded ? responseExcluded(plan.campaignId) : sql`false`;

  const count = async (trx: Kysely<Database>) => {
    // Days by a fixed UTC+8 offset from UTC (no time zone database needed); no JIT (seconds
    // of compiling for a query that runs once); room for the groups without spilling.
    await sql`set local time zone 'UTC'`.execute(trx);
    await sql`set local jit = off`.execute(trx);
    await sql`set local work_mem = '64MB'`.execute(trx);
    const { rows } = await sql<CellRow>`
      select grp, school_id, channel_id, to_char(day, 'YYYY-MM-DD') as day, excluded,
        count(*)::int as rows, ${sql.join(aggregates)},
        count(*) filter (where unknown_source)::int as unknown_sources
      from (
        select grp, school_id, channel_id, day, excluded, ${sql.join(respondentLevel)}
        from (
          select grp, school_id, channel_id, day, excluded, ${sql.join(valuesLevel)}
          from (
            select r.respondent_group as grp, r.school_id, r.channel_id,
              (coalesce(r.completed_at, r.received_at) + interval '8 hours')::date as day,
              ${excluded} as excluded,
              ${sql.join(extracted)}
            from response r
            where r.campaign_id = ${plan.campaignId} and ${inPartition} and ${inRange}
            offset 0
          ) extracted
          offset 0
        ) valued
        offset 0
      ) respondents
      group by grp, school_id, channel_id, day, excluded`.execute(trx);
    return rows;
  };
  // Inside a caller's transaction (one snapshot for several passes) the settings last to its end.
  return db.isTransaction ? count(db) : db.transaction().execute(count);
}

type Case = readonly [option: string, value: number | null];

/**
 * `case coalesce(text, '') when … else 'NaN'`: a blank or "" is no value, a known option its
 * value, anything else NaN (then the exact form runs). First match wins: excluded first.
 */
function textCase(answer: RawBuilder<unknown>, cases: readonly Case[]): RawBuilder<unknown> {
  const seen = new Set<string>([""]);
  const whens = [sql`when '' then null::float8`];
  for (const [option, value] of cases) {
    if (seen.has(option)) continue;
    seen.add(option);
    whens.push(
      value === null
        ? sql`when ${option}::text then null::float8`
        : sql`when ${option}::text then ${value}::float8`,
    );
  }
  return sql`case coalesce(${answer}, '') ${sql.join(whens, sql` `)} else 'NaN'::float8 end`;
}

function itemCases(item: string, plan: CellPlan, scale: "proportion" | "score"): Case[] {
  const { config } = plan;
  const known = [
    ...(plan.options[item] ?? []),
    ...config.favourable,
    ...Object.keys(config.scores),
  ];
  const cases: Case[] = config.excluded.map((o) => [o, null]);
  for (const option of known) {
    if (scale === "proportion") {
      cases.push([option, tally(config.favourable.includes(option) ? 1 : 0)]);
    } else if (config.scores[option] !== undefined) {
      cases.push([option, config.scores[option]!]);
    }
  }
  return cases;
}

function awareCases(plan: CellPlan): Case[] {
  const { config } = plan;
  return [
    ...config.aware.map((o): Case => [o, tally(1)]),
    ...(plan.options[config.awarenessItem] ?? []).map((o): Case => [o, tally(0)]),
  ];
}

/** Every non-empty string chosen in the source answers of the campaign, in code-unit order. */
export async function sourceOptionsInData(
  db: Kysely<Database>,
  campaignId: number,
  source: string,
): Promise<string[]> {
  const { rows } = await sql<{ option: string }>`
    select distinct e #>> '{}' as option
    from response r
    cross join lateral jsonb_array_elements(
      case when jsonb_typeof(r.answers -> ${source}::text) = 'array'
        then r.answers -> ${source}::text else '[]'::jsonb end) as e
    where r.campaign_id = ${campaignId} and jsonb_typeof(e) = 'string' and e #>> '{}' <> ''`.execute(
    db,
  );
  return rows.map((row) => row.option).sort(compareText);
}

/** Code-unit order, as cells-from-respondents.ts sorts. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
