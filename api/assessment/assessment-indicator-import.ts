import { loadExcelJs } from "../http/exceljs.ts";
import { standardResources } from "../../analysis/assessment/index.ts";
import { assessmentMessage as text } from "./messages.ts";
import { type CsvRow, CsvSyntaxError, csvFile, parseCsv } from "../http/csv.ts";
import {
  type IndicatorInput,
  type IndicatorRowError,
  isSchoolYear,
  kindWords,
  levelWords,
} from "./assessment-indicator-rows.ts";

/**
 * The school figures sheet (教育事业统计 figures per school part): fixed columns, then one
 * column per resource key. Headings: the template's Chinese one, or the English key.
 */
const fixed = {
  schoolCode: ["学校代码", "code"],
  schoolYear: ["学年", "school_year"],
  level: ["学段", "level"],
  kind: ["学校类别", "kind"],
  students: ["在校生数", "students"],
  source: ["数据来源", "source"],
} as const;
type Fixed = keyof typeof fixed;
const required: Fixed[] = ["schoolCode", "schoolYear", "level"];
export const maxIndicatorRows = 5000;

/** "教学及辅助用房面积 (m²)" stays; "平均班额 (direct)" → "平均班额". */
function resourceHeading(key: keyof typeof standardResources): string {
  return standardResources[key].replace(/\s*\((?:[^)]*, )?direct\)$/, "");
}

const resourceKeys = Object.keys(standardResources) as (keyof typeof standardResources)[];

export function fixedHeading(field: Fixed): string {
  return fixed[field][0];
}

/** Headings per column key: fixed fields, then every resource the scheme reads. */
function headings(resources: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [field, names] of Object.entries(fixed)) map.set(field, [...names]);
  for (const key of resources) {
    const known = (resourceKeys as string[]).includes(key);
    map.set(
      `r:${key}`,
      known ? [resourceHeading(key as keyof typeof standardResources), key] : [key],
    );
  }
  return map;
}

const number = /^\d+(?:\.\d+)?$/;

/**
 * Parses rows of text under the template's headings into figures; checks formats only
 * (schools and levels are checked by `checkIndicatorRows`). Any problem refuses the file.
 */
export function parseIndicatorSheet(
  rows: readonly CsvRow[],
  resources: readonly string[],
): { ok: true; rows: IndicatorInput[] } | { ok: false; errors: IndicatorRowError[] } {
  const [header, ...body] = rows;
  if (!header) return { ok: false, errors: [{ line: 1, column: null, message: text("empty") }] };
  const names = headings(resources);
  const index = new Map<string, number>();
  header.fields.forEach((heading, i) => {
    const h = heading.trim();
    for (const [key, accepted] of names) {
      if (!index.has(key) && accepted.some((a) => a === h || a.toLowerCase() === h.toLowerCase()))
        index.set(key, i);
    }
  });
  const errors: IndicatorRowError[] = [];
  for (const key of required) {
    if (!index.has(key))
      errors.push({
        line: header.line,
        column: fixed[key][0],
        message: text("missingColumn", { column: fixed[key][0] }),
      });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (body.length === 0)
    return { ok: false, errors: [{ line: header.line, column: null, message: text("empty") }] };
  if (body.length > maxIndicatorRows) {
    return {
      ok: false,
      errors: [
        {
          line: header.line,
          column: null,
          message: text("tooManyRows", { max: maxIndicatorRows }),
        },
      ],
    };
  }
  const parsed: IndicatorInput[] = [];
  for (const row of body) {
    const before = errors.length;
    const fail = (column: string | null, message: string) =>
      errors.push({ line: row.line, column, message });
    if (row.fields.length !== header.fields.length) {
      fail(null, text("columns", { count: row.fields.length, expected: header.fields.length }));
      continue;
    }
    const value = (key: string) => {
      const i = index.get(key);
      return i === undefined ? "" : (row.fields[i] ?? "").trim();
    };
    for (const key of required) {
      if (value(key) === "") fail(fixed[key][0], text("required", { column: fixed[key][0] }));
    }
    const year = value("schoolYear");
    if (year !== "" && !isSchoolYear(year)) fail(fixed.schoolYear[0], text("schoolYear"));
    const level = levelWords[value("level")] ?? levelWords[value("level").toLowerCase()];
    if (value("level") !== "" && !level) fail(fixed.level[0], text("level"));
    const kindRaw = value("kind");
    const kind =
      kindRaw === "" ? "regular" : (kindWords[kindRaw] ?? kindWords[kindRaw.toLowerCase()]);
    if (!kind) fail(fixed.kind[0], text("kind"));
    const studentsRaw = value("students");
    if (studentsRaw !== "" && !/^\d{1,7}$/.test(studentsRaw))
      fail(fixed.students[0], text("wholeNumber", { column: fixed.students[0] }));
    const source = value("source");
    if (source.length > 200)
      fail(fixed.source[0], text("tooLong", { column: fixed.source[0], max: 200 }));
    if (value("schoolCode").length > 32)
      fail(fixed.schoolCode[0], text("tooLong", { column: fixed.schoolCode[0], max: 32 }));
    const figures: Record<string, number | null> = {};
    for (const key of resources) {
      if (!index.has(`r:${key}`)) continue;
      const raw = value(`r:${key}`).replace(/,/g, "");
      const heading = names.get(`r:${key}`)?.[0] ?? key;
      if (raw === "") continue;
      if (!number.test(raw) || !Number.isFinite(Number(raw)))
        fail(heading, text("number", { column: heading }));
      else figures[key] = Number(raw);
    }
    if (errors.length === before && level && kind) {
      parsed.push({
        line: row.line,
        schoolCode: value("schoolCode"),
        schoolYear: year,
        level,
        kind,
        students: studentsRaw === "" ? null : Number(studentsRaw),
        resources: figures,
        source,
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows: parsed };
}

export function parseIndicatorCsv(csv: string, resources: readonly string[]) {
  let rows: CsvRow[];
  try {
    rows = parseCsv(csv);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return {
      ok: false as const,
      errors: [
        { line: error.line, column: null, message: text("syntax", { detail: error.message }) },
      ],
    };
  }
  return parseIndicatorSheet(rows, resources);
}

const example: Record<string, string | number> = {
  schoolCode: "DS001",
  schoolYear: "2025-2026",
  level: "小学",
  kind: "普通",
  students: 1850,
  source: "教育事业统计 基础基表",
  teaching_auxiliary_floor_area: 9250,
  sports_ground_area: 14800,
  equipment_value: 3_700_000,
  computers: 240,
  books: 46_000,
  multimedia_classrooms: 42,
  school_site_area: 36_000,
  school_building_area: 12_500,
  teachers: 102,
  teachers_above_degree: 81,
  teachers_intermediate_title: 54,
  backbone_teachers: 21,
  pe_art_teachers: 16,
  average_class_size: 43,
  public_funds_per_student: 720,
};

function templateColumns(): { key: string; heading: string }[] {
  return [
    ...(Object.keys(fixed) as Fixed[]).map((key) => ({ key, heading: fixed[key][0] })),
    ...resourceKeys.map((key) => ({ key, heading: resourceHeading(key) })),
  ];
}

/** The CSV template: Chinese headings, one example row, a BOM so Excel reads UTF-8. */
export function indicatorTemplateCsv(): string {
  const cols = templateColumns();
  return csvFile([cols.map((c) => c.heading), cols.map((c) => example[c.key] ?? "")]);
}

/** The XLSX template: the same sheet, codes as text, drop-downs for level and kind. */
export async function indicatorTemplateXlsx(): Promise<Buffer> {
  const workbook = new (await loadExcelJs()).Workbook();
  const sheet = workbook.addWorksheet("学校指标数据", { views: [{ state: "frozen", ySplit: 1 }] });
  const cols = templateColumns();
  sheet.columns = cols.map((c) => ({ header: c.heading, key: c.key, width: 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn("schoolCode").numFmt = "@";
  sheet.getColumn("schoolYear").numFmt = "@";
  sheet.addRow(Object.fromEntries(cols.map((c) => [c.key, example[c.key] ?? ""])));
  const lists: Record<string, string> = {
    level: '"小学,初中,高中,全校"',
    kind: '"普通,教学点,特殊教育"',
  };
  for (const [key, list] of Object.entries(lists)) {
    const column = cols.findIndex((c) => c.key === key) + 1;
    for (let row = 2; row <= 500; row++) {
      sheet.getCell(row, column).dataValidation = {
        type: "list",
        allowBlank: true,
        formulae: [list],
        showErrorMessage: true,
      };
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
