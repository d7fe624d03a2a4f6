import type {
  AreaType,
  Enrolment,
  SchoolKind,
  SchoolOperator,
  SchoolOwnership,
} from "../db/database.ts";
import { bilingualMessages } from "../http/messages.ts";
import strings from "./school-import.json" with { type: "json" };
import { type CsvRow, CsvSyntaxError, parseCsv } from "../http/csv.ts";

type Level = "primary" | "junior" | "senior";

export interface ImportedSchool {
  line: number;
  code: string;
  name: string;
  town: string;
  areaType: AreaType;
  levels: Level[];
  enrolment: Enrolment;
  /** null: the cell is empty; undefined: the file has no teachers column (keep what is stored). */
  teachers: number | null | undefined;
  /** undefined: the file has no such column (keep what is stored); an empty cell: the default. */
  ownership: SchoolOwnership | undefined;
  operator: SchoolOperator | undefined;
  kind: SchoolKind | undefined;
}

export interface RowError {
  line: number;
  column: string | null;
  message: string;
}

export type SchoolImport =
  { ok: true; schools: ImportedSchool[] } | { ok: false; errors: RowError[] };

/** One row of a sheet as text, with the line (row number) a person sees in their spreadsheet. */
export type SheetRow = CsvRow;

/** Column keys with the headings accepted for them (the template's Chinese one first). */
export const columns = {
  code: ["学校代码", "code"],
  name: ["学校名称", "name"],
  town: ["乡镇（街道）", "乡镇街道", "乡镇", "town"],
  areaType: ["城乡类型", "area_type"],
  levels: ["学段", "levels"],
  primary: ["小学在校生数", "primary"],
  junior: ["初中在校生数", "junior"],
  senior: ["高中在校生数", "senior"],
  teachers: ["教师数", "teachers"],
  ownership: ["办学性质", "ownership"],
  operator: ["举办者", "operator"],
  kind: ["学校类别", "kind"],
} as const;
export type Column = keyof typeof columns;
const required: Column[] = ["code", "name", "town", "areaType", "levels"];
const levelColumns: Record<Level, Column> = {
  primary: "primary",
  junior: "junior",
  senior: "senior",
};
const levelNames: Record<Level, { zh: string; en: string }> = {
  primary: { zh: "小学", en: "primary" },
  junior: { zh: "初中", en: "junior secondary" },
  senior: { zh: "高中", en: "senior secondary" },
};

const areaTypes: Record<string, AreaType> = {
  城区: "urban",
  镇区: "town",
  乡村: "rural",
  urban: "urban",
  town: "town",
  rural: "rural",
};

/**
 * The kind columns' words (Chinese as the template's drop-downs give them, a few short forms, the
 * English keys); an empty cell is the first value: public, county-run, regular.
 */
export const kindColumnWords = {
  ownership: { 公办: "public", 民办: "private", public: "public", private: "private" },
  operator: {
    "县（区）属": "county",
    县属: "county",
    区属: "county",
    县级: "county",
    省属: "province",
    市属: "city",
    高校附属: "university",
    高校: "university",
    企业办: "enterprise",
    企业: "enterprise",
    county: "county",
    province: "province",
    city: "city",
    university: "university",
    enterprise: "enterprise",
  },
  kind: {
    普通学校: "regular",
    普通: "regular",
    教学点: "teaching_point",
    特殊教育学校: "special_education",
    特殊教育: "special_education",
    职业学校: "vocational",
    regular: "regular",
    teaching_point: "teaching_point",
    special_education: "special_education",
    vocational: "vocational",
  },
} as const satisfies {
  ownership: Record<string, SchoolOwnership>;
  operator: Record<string, SchoolOperator>;
  kind: Record<string, SchoolKind>;
};
type KindColumn = keyof typeof kindColumnWords;
const kindDefaults = { ownership: "public", operator: "county", kind: "regular" } as const;

// A nine-year school is a primary and a junior part (docs/assessment.md, Multi-level schools), and
// so on.
const levelWords: Record<string, Level[]> = {
  小学: ["primary"],
  初中: ["junior"],
  高中: ["senior"],
  九年一贯制: ["primary", "junior"],
  完全中学: ["junior", "senior"],
  十二年一贯制: ["primary", "junior", "senior"],
  primary: ["primary"],
  junior: ["junior"],
  senior: ["senior"],
};

/** An import message, Chinese first, then English. */
export const { message: text } = bilingualMessages<keyof typeof strings>(strings);

function parseLevels(raw: string): Level[] | undefined {
  const levels = new Set<Level>();
  for (const word of raw.split(/[;；,，、/\s]+/).filter(Boolean)) {
    const found = levelWords[word];
    if (!found) return undefined;
    for (const l of found) levels.add(l);
  }
  return levels.size > 0
    ? (["primary", "junior", "senior"] as Level[]).filter((l) => levels.has(l))
    : undefined;
}

/** Parses and checks a CSV school list (see `validateSchoolRows`). */
export function importSchoolsCsv(csv: string): SchoolImport {
  let rows: SheetRow[];
  try {
    rows = parseCsv(csv);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return {
      ok: false,
      errors: [
        { line: error.line, column: null, message: text("syntax", { detail: error.message }) },
      ],
    };
  }
  return validateSchoolRows(rows);
}

/**
 * Checks a school list (rows of text under the template's headings, from CSV
 * or a spreadsheet) row by row. Any error refuses the whole file, each error
 * naming its line and column in Chinese and English, so a bureau fixes the
 * spreadsheet and imports again.
 */
export function validateSchoolRows(rows: readonly SheetRow[]): SchoolImport {
  const [header, ...body] = rows;
  if (!header) return { ok: false, errors: [{ line: 1, column: null, message: text("empty") }] };
  const index = new Map<Column, number>();
  header.fields.forEach((heading, i) => {
    // English headings in any case ("Code", "CODE"); Chinese ones as written.
    const name = heading.trim().toLowerCase();
    const key = (Object.keys(columns) as Column[]).find((k) =>
      (columns[k] as readonly string[]).includes(name),
    );
    if (key && !index.has(key)) index.set(key, i);
  });
  const errors: RowError[] = [];
  for (const key of required) {
    if (!index.has(key))
      errors.push({
        line: header.line,
        column: columns[key][0],
        message: text("missingColumn", { column: columns[key][0] }),
      });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (body.length === 0)
    return { ok: false, errors: [{ line: header.line, column: null, message: text("empty") }] };

  const schools: ImportedSchool[] = [];
  const seen = new Map<string, number>();
  for (const row of body) {
    const before = errors.length;
    const fail = (column: Column | null, message: string) =>
      errors.push({ line: row.line, column: column ? columns[column][0] : null, message });
    if (row.fields.length !== header.fields.length) {
      fail(null, text("columns", { count: row.fields.length, expected: header.fields.length }));
      continue;
    }
    const value = (k: Column) => {
      const i = index.get(k);
      return i === undefined ? "" : (row.fields[i] ?? "").trim();
    };
    for (const key of required) {
      if (value(key) === "") fail(key, text("required", { column: columns[key][0] }));
    }
    for (const [key, max] of [
      ["code", 32],
      ["name", 100],
      ["town", 100],
    ] as const) {
      if (value(key).length > max) fail(key, text("tooLong", { column: columns[key][0], max }));
    }
    const areaType = areaTypes[value("areaType")] ?? areaTypes[value("areaType").toLowerCase()];
    if (value("areaType") !== "" && !areaType) fail("areaType", text("areaType"));
    const levels = value("levels") === "" ? undefined : parseLevels(value("levels"));
    if (value("levels") !== "" && !levels)
      fail("levels", text("levels", { value: value("levels") }));
    const enrolment: Enrolment = {};
    for (const level of ["primary", "junior", "senior"] as Level[]) {
      const column = levelColumns[level];
      const raw = value(column);
      const name = levelNames[level];
      if (raw !== "" && !/^\d{1,7}$/.test(raw)) {
        fail(column, text("enrolment", { column: columns[column][0] }));
        continue;
      }
      const students = raw === "" ? undefined : Number(raw);
      if (levels?.includes(level)) {
        if (students === undefined)
          fail(
            column,
            text("enrolmentMissing", {
              level: `${name.zh}/${name.en}`,
              column: columns[column][0],
            }),
          );
        else enrolment[level] = students;
      } else if (levels && students !== undefined && students > 0) {
        fail(
          column,
          text("enrolmentUnexpected", {
            level: `${name.zh}/${name.en}`,
            column: columns[column][0],
          }),
        );
      }
    }
    const teachersRaw = value("teachers");
    if (teachersRaw !== "" && !/^\d{1,7}$/.test(teachersRaw))
      fail("teachers", text("enrolment", { column: columns.teachers[0] }));
    const teachers = !index.has("teachers")
      ? undefined
      : teachersRaw === ""
        ? null
        : Number(teachersRaw);
    const kinds: Partial<Record<KindColumn, string>> = {};
    for (const key of Object.keys(kindColumnWords) as KindColumn[]) {
      if (!index.has(key)) continue;
      const raw = value(key);
      const words: Readonly<Record<string, string>> = kindColumnWords[key];
      const found = raw === "" ? kindDefaults[key] : (words[raw] ?? words[raw.toLowerCase()]);
      if (found === undefined) fail(key, text(key, { value: raw }));
      else kinds[key] = found;
    }
    const code = value("code");
    const other = seen.get(code);
    if (code !== "" && other !== undefined) fail("code", text("duplicate", { code, other }));
    if (code !== "") seen.set(code, row.line);
    if (errors.length === before && areaType && levels) {
      schools.push({
        line: row.line,
        code,
        name: value("name"),
        town: value("town"),
        areaType,
        levels,
        enrolment,
        teachers,
        ownership: kinds.ownership as SchoolOwnership | undefined,
        operator: kinds.operator as SchoolOperator | undefined,
        kind: kinds.kind as SchoolKind | undefined,
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, schools };
}

/** "第 3 行 line 3: …", for the one-line summary of a refused file. */
export function describeRowError(error: RowError): string {
  return `${text("line", { line: error.line })}: ${error.message}`;
}
