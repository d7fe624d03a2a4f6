import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { zipArchive } from "../../../api/http/zip-archive.ts";
import { handMadeXlsx } from "../../fixtures/hand-made-xlsx.ts";
import { useSeededApp } from "../../helpers/seeded-app.ts";
import type { SignedIn } from "../../helpers/staff-session.ts";
import { availableDbKinds } from "../../helpers/test-db.ts";

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const headings = [
  "学校代码",
  "学校名称",
  "乡镇（街道）",
  "城乡类型",
  "学段",
  "小学在校生数",
  "初中在校生数",
  "高中在校生数",
  "教师数",
  "办学性质",
  "举办者",
  "学校类别",
];

interface RowError {
  line: number;
  column: string | null;
  message: string;
}

async function workbook(fill: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void) {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet("学校"), book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe.each(availableDbKinds())("importing schools from XLSX on %s", (kind) => {
  const ctx = useSeededApp(kind, {
    seed: { schools: 1 },
    accounts: { admin: { role: "admin" }, viewer: { role: "viewer" } },
  });
  const { seeded } = ctx;
  const { admin, viewer } = ctx.accounts;

  const importPath = () => `/api/campaigns/${seeded.campaignId}/schools/import`;
  const upload = (who: SignedIn, body: Uint8Array | string, type = xlsxType) =>
    who.request(importPath(), {
      method: "POST",
      headers: { "content-type": type },
      body: typeof body === "string" ? body : new Uint8Array(body),
    });
  const stored = (code: string) =>
    ctx.db
      .selectFrom("school")
      .select(["name", "town", "area_type", "levels", "enrolment", "teachers"])
      .where("campaign_id", "=", seeded.campaignId)
      .where("code", "=", code)
      .executeTakeFirst();
  const schoolCount = async () =>
    (
      await ctx.db
        .selectFrom("school")
        .select("id")
        .where("campaign_id", "=", seeded.campaignId)
        .execute()
    ).length;
  /** Labels of the school links (kind 'school') of the school with this code. */
  const posterLinks = async (code: string) =>
    (
      await ctx.db
        .selectFrom("channel as ch")
        .innerJoin("school as s", "s.id", "ch.school_id")
        .select("ch.label")
        .where("s.campaign_id", "=", seeded.campaignId)
        .where("s.code", "=", code)
        .where("ch.kind", "=", "school")
        .execute()
    ).map((link) => link.label);
  const errorsOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string; details: RowError[] } }).error;

  it("offers an XLSX template with Chinese headings, an example and a sheet explaining each column", async () => {
    const res = await admin.request("/api/schools/template.xlsx");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(xlsxType);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const bytes = Buffer.from(await res.arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const [list, help] = book.worksheets;
    expect((list?.getRow(1).values as unknown[]).slice(1)).toEqual(headings);
    expect(list?.getCell("A2").value).toBe("DS001");
    expect(list?.getCell("D2").value).toBe("城区");
    // The second sheet: one row per column, each explained in Chinese and in English.
    const explained = new Map<string, [string, string]>();
    help?.eachRow((row, n) => {
      const [first, , zh, en] = (row.values as unknown[]).slice(1) as string[];
      if (n > 1 && first) explained.set(first.split(" ")[0] as string, [zh ?? "", en ?? ""]);
    });
    for (const heading of headings) {
      const [zh, en] = explained.get(heading) ?? ["", ""];
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(en).toMatch(/^[A-Z][a-z-]+\b/);
    }
    // As downloaded, with its example's code changed, it imports as it is.
    list!.getCell("A2").value = "TPL1";
    const edited = Buffer.from(await book.xlsx.writeBuffer());
    const imported = await upload(admin, edited);
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({ inserted: 1, updated: 0, total: 1 });
    expect(await stored("TPL1")).toMatchObject({ name: "示范区实验小学", teachers: 96 });
  });

  it("reads numbers, rich text, formulas with results and empty cells, trimmed", async () => {
    const file = await workbook((sheet, book) => {
      sheet.addRow(headings);
      sheet.addRow([
        "X001",
        { richText: [{ text: "东湖路" }, { font: { bold: true }, text: "学校 " }] },
        "  东湖街道",
        "城区",
        "九年一贯制",
        { formula: "900+60", result: 960 },
        640,
        null,
        { formula: "40*2", result: 80 },
      ]);
      sheet.addRow([]); // an empty row is skipped, like a blank CSV line
      sheet.addRow(["X002", "青山镇石桥村小学", "青山镇", "乡村", "小学", 186]);
      book.addWorksheet("备注").addRow(["这张表不会被读取"]);
    });
    const res = await upload(admin, file);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ inserted: 2, updated: 0, total: 2 });
    expect(await stored("X001")).toEqual({
      name: "东湖路学校",
      town: "东湖街道",
      area_type: "urban",
      levels: ["primary", "junior"],
      enrolment: { primary: 960, junior: 640 },
      teachers: 80,
    });
    expect(await stored("X002")).toMatchObject({ enrolment: { primary: 186 }, teachers: null });
    // Each new school comes with its poster link, as at the campaign's set-up.
    expect(await posterLinks("X001")).toEqual(["校门海报"]);
    expect(await posterLinks("X002")).toEqual(["校门海报"]);
  });

  it("reads a workbook written part by part: shared and inline strings, a zero-padded number, cached formula results", async () => {
    const file = handMadeXlsx({
      1: headings.map((h) => ({ shared: h })),
      // Row 2 left out: errors and imports use the spreadsheet's own row numbers.
      3: [
        { number: 7, zeroPadded: true },
        { rich: ["实验", "中学 "] },
        { inline: "  东湖街道 " },
        { shared: "城区" },
        { formula: '"九年"&"一贯制"', result: "九年一贯制" },
        { formula: "400+560", result: 960 },
        { number: 640 },
        null,
        { number: 88 },
      ],
    });
    const res = await upload(admin, file);
    expect(res.status).toBe(200);
    expect(await stored("007")).toEqual({
      name: "实验中学",
      town: "东湖街道",
      area_type: "urban",
      levels: ["primary", "junior"],
      enrolment: { primary: 960, junior: 640 },
      teachers: 88,
    });
  });

  it("refuses bad rows with the spreadsheet's row numbers and column names, importing nothing", async () => {
    const before = await schoolCount();
    const bad = handMadeXlsx({
      1: headings.map((h) => ({ shared: h })),
      2: [
        { inline: "G001" },
        { inline: "好学校" },
        { inline: "镇" },
        { inline: "城区" },
        { inline: "小学" },
        { number: 10 },
      ],
      4: [
        { inline: "G002" },
        { inline: "坏类型" },
        { inline: "镇" },
        { inline: "市区" },
        { inline: "小学" },
        { number: 10 },
      ],
      7: [
        { inline: "G003" },
        { inline: "小数人数" },
        { inline: "镇" },
        { inline: "乡村" },
        { inline: "小学" },
        { number: 10.5 },
      ],
      9: [
        { inline: "G001" },
        { inline: "重复" },
        { inline: "镇" },
        { inline: "乡村" },
        { inline: "初中" },
        null,
        { number: 5 },
        null,
        { formula: "1/0", result: "#DIV/0!" },
      ],
    });
    const res = await upload(admin, bad);
    expect(res.status).toBe(422);
    const error = await errorsOf(res);
    expect(error.code).toBe("invalid_rows");
    expect(error.details.map((e) => [e.line, e.column])).toEqual([
      [4, "城乡类型"],
      [7, "小学在校生数"],
      [9, "教师数"],
      [9, "学校代码"],
    ]);
    for (const e of error.details) expect(e.message).toMatch(/[\u4e00-\u9fff].* [A-Za-z]/);
    expect(await schoolCount()).toBe(before);

    const extra = await workbook((sheet) => {
      sheet.addRow(headings);
      // One value past the last heading.
      sheet.addRow([
        "G004",
        "多一列",
        "镇",
        "城区",
        "小学",
        1,
        ...headings.slice(6).map(() => null),
        "多余",
      ]);
    });
    const tooWide = await upload(admin, extra);
    expect(tooWide.status).toBe(422);
    expect((await errorsOf(tooWide)).details).toEqual([
      expect.objectContaining({ line: 2, column: null }),
    ]);
    const empty = await workbook((sheet) => sheet.addRow(headings));
    expect((await upload(admin, empty)).status).toBe(422);
    expect(await schoolCount()).toBe(before);
  });

  it("answers 400 invalid_xlsx for anything that is not a readable workbook, never 500", async () => {
    const before = await schoolCount();
    const good = await workbook((sheet) => {
      sheet.addRow(headings);
      sheet.addRow(["C001", "学校", "镇", "城区", "小学", 1]);
    });
    // A ZIP bomb: 200 MB of zeros deflate to about 200 kB.
    const zeros = deflateRawSync(Buffer.alloc(200 * 1024 * 1024));
    const bomb = zipArchive([{ name: "xl/worksheets/sheet1.xml", data: "x" }]);
    const bodies: [string, Buffer][] = [
      ["text", Buffer.from("学校代码,学校名称\r\n")],
      ["empty", Buffer.alloc(0)],
      ["truncated", good.subarray(0, Math.floor(good.length / 2))],
      ["a ZIP without a workbook", zipArchive([{ name: "readme.txt", data: "hello" }])],
      ["flipped bytes", Buffer.from(good.map((b, i) => (i > 200 && i < 400 ? b ^ 0xff : b)))],
      ["a ZIP bomb", withEntry(bomb, zeros, 200 * 1024 * 1024)],
    ];
    for (const [what, body] of bodies) {
      const started = Date.now();
      const res = await upload(admin, body);
      expect(res.status, what).toBe(400);
      expect((await errorsOf(res)).code, what).toBe("invalid_xlsx");
      expect(Date.now() - started, what).toBeLessThan(10_000);
    }
    expect(await schoolCount()).toBe(before);
  });

  it("is for the bureau only, within the size limit, as CSV or XLSX", async () => {
    const file = await workbook((sheet) => {
      sheet.addRow(headings);
      sheet.addRow(["V001", "学校", "镇", "城区", "小学", 1]);
    });
    expect((await upload(viewer, file)).status).toBe(403);
    const anonymous = await ctx.app.request(importPath(), {
      method: "POST",
      headers: { "content-type": xlsxType },
      body: new Uint8Array(file),
    });
    expect(anonymous.status).toBe(401);
    expect((await upload(admin, file, "application/octet-stream")).status).toBe(415);
    expect((await upload(admin, Buffer.alloc(2 * 1024 * 1024 + 1))).status).toBe(413);
    expect(await stored("V001")).toBeUndefined();
  });
});

/**
 * `zip` with its one entry's data replaced by `deflated` (declared honestly
 * as `size` bytes unpacked), so the archive is well-formed but a bomb.
 */
function withEntry(zip: Buffer, deflated: Buffer, size: number): Buffer {
  const nameLength = zip.readUInt16LE(26);
  const name = zip.subarray(30, 30 + nameLength);
  const local = Buffer.alloc(30);
  zip.copy(local, 0, 0, 30);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0, 14); // CRC: never reached, the size check stops first
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(size, 22);
  const central = Buffer.alloc(46);
  const centralAt = zip.readUInt32LE(zip.length - 6);
  zip.copy(central, 0, centralAt, centralAt + 46);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(0, 16);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt32LE(0, 42);
  const directory = Buffer.concat([central, name]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(30 + name.length + deflated.length, 16);
  return Buffer.concat([local, name, deflated, directory, end]);
}
