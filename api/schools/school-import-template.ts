import { loadExcelJs } from "../http/exceljs.ts";
import help from "./school-template.json" with { type: "json" };
import { csvFile } from "../http/csv.ts";
import { type Column, columns } from "./school-import.ts";

const order = Object.keys(columns) as Column[];
const required = new Set<Column>(["code", "name", "town", "areaType", "levels"]);
const example: Record<Column, string | number> = {
  code: "DS001",
  name: "示范区实验小学",
  town: "城关街道",
  areaType: "城区",
  levels: "小学",
  primary: 1850,
  junior: "",
  senior: "",
  teachers: 96,
  ownership: "公办",
  operator: "县（区）属",
  kind: "普通学校",
};

/** The downloadable CSV template: Chinese headings, one example row, a BOM so Excel reads UTF-8. */
export function schoolTemplateCsv(): string {
  return csvFile([order.map((k) => columns[k][0]), order.map((k) => example[k])]);
}

/** Rows of the first sheet that get the text format and drop-down lists. */
const preparedRows = 500;

/**
 * The XLSX template: the school list (Chinese headings, one example row, codes
 * formatted as text so 001 keeps its zeros, drop-downs for area type and
 * levels) and a second sheet explaining each column in Chinese and English.
 */
export async function schoolTemplateXlsx(): Promise<Buffer> {
  const workbook = new (await loadExcelJs()).Workbook();
  const sheet = workbook.addWorksheet(help.sheets.schools, {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = order.map((key) => ({
    header: columns[key][0],
    key,
    width: key === "name" ? 28 : key === "levels" ? 16 : 14,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn("code").numFmt = "@";
  sheet.addRow(example);
  const lists: Partial<Record<Column, string>> = {
    areaType: '"城区,镇区,乡村"',
    levels: '"小学,初中,高中,九年一贯制,完全中学,十二年一贯制"',
    ownership: '"公办,民办"',
    operator: '"县（区）属,省属,市属,高校附属,企业办"',
    kind: '"普通学校,教学点,特殊教育学校,职业学校"',
  };
  for (const [key, list] of Object.entries(lists) as [Column, string][]) {
    const column = order.indexOf(key) + 1;
    for (let row = 2; row <= preparedRows; row++) {
      sheet.getCell(row, column).dataValidation = {
        type: "list",
        allowBlank: true,
        formulae: [list],
        showErrorMessage: key !== "levels",
      };
    }
  }

  const about = workbook.addWorksheet(help.sheets.help);
  about.columns = [{ width: 22 }, { width: 16 }, { width: 60 }, { width: 70 }];
  about.addRow(help.helpHeader).font = { bold: true };
  for (const key of order) {
    const [zh, ...aliases] = columns[key];
    about.addRow([
      `${zh} (${aliases.join(", ")})`,
      required.has(key) ? help.required.yes : help.required.no,
      help.columns[key].zh,
      help.columns[key].en,
    ]);
  }
  about.addRow([]);
  for (const note of help.notes) about.addRow(["", "", note.zh, note.en]);
  about.eachRow((row) => {
    row.alignment = { wrapText: true, vertical: "top" };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
