import { PassThrough, Readable } from "node:stream";
import { loadExcelJs } from "../http/exceljs.ts";
import type { Kysely } from "kysely";
import { type Database, answerModes } from "../db/database.ts";
import { analysisText } from "./messages.ts";
import { type ExportRow, responseExportRows } from "./export-repository.ts";
import { csvFile, csvRows } from "../http/csv.ts";
import { spreadsheetSafe } from "../http/spreadsheet-safe.ts";
import type { QuestionInfo } from "../questionnaires/index.ts";
import { channelLabel } from "../channels/index.ts";

/**
 * The raw export (its format kept stable): one row per response with
 *
 *   response_id, respondent_group, school_code, town, area_type, channel_id, channel_label,
 *   completed_at, received_at, duration_s, excluded, mode, interviewer_code, paper_sheet,
 *   questionnaire_key, questionnaire_version,
 *
 * then one column per question of the campaign's questionnaires (every version, in
 * questionnaire order, each name once), named by the question's name and holding the
 * option's machine value; a multiple-choice answer is its values joined with `;`; a question's
 * "other, please specify" text follows it as `<name>-Comment`. `completed_at` is the time the
 * browser reported (empty when it sent none) and `received_at` the time the server stored
 * it, both ISO 8601 in China Standard Time to the microsecond (`…T23:05:09.123456+08:00`);
 * the analysis days a response by completed_at, else received_at. `excluded` is 1 for a
 * response staff have excluded (the report leaves it out), else 0. `mode` is how the response
 * arrived (its link's: online, interviewer, telephone or paper); `interviewer_code` the code of
 * the interviewer who collected it (their staff label may name a person, the code does not);
 * `paper_sheet` the number of the paper sheet it was typed from; both empty otherwise.
 * `questionnaire_key` and `questionnaire_version` name the version the respondent answered:
 * the question columns combine every version by name, and a question that version lacks is
 * empty for its respondents.
 *
 * CSV: UTF-8 with a byte-order mark (Excel and WPS then read Chinese correctly), CRLF, the
 * machine names as the only header row. Free-text cells starting with = + - @ (or a tab or
 * CR) get a leading apostrophe, so a spreadsheet never runs them as a formula.
 * XLSX: the same columns on sheet "responses", with a row of Chinese labels ABOVE the row of
 * machine names (row 1 Chinese, row 2 names, data from row 3); sheet "codebook" lists each
 * column and each option with its Chinese and English wording.
 */
export interface ExportColumn {
  readonly name: string;
  readonly zh: string;
  readonly en: string;
  readonly freeText: boolean;
  readonly cell: (row: ExportRow) => string | number;
}

const fixedColumns: ExportColumn[] = [
  fixed("response_id", (r) => r.id),
  fixed("respondent_group", (r) => r.respondentGroup),
  fixed("school_code", (r) => r.schoolCode ?? ""),
  fixed("town", (r) => r.town ?? ""),
  fixed("area_type", (r) => r.areaType ?? ""),
  fixed("channel_id", (r) => r.channelId),
  fixed("channel_label", (r) => channelLabel(r.channelLabel, r.channelSchoolName)),
  fixed("completed_at", (r) => r.completedAt ?? ""),
  fixed("received_at", (r) => r.receivedAt),
  fixed("duration_s", (r) => r.durationSeconds ?? ""),
  fixed("excluded", (r) => (r.excluded ? 1 : 0)),
  fixed("mode", (r) => r.mode),
  fixed("interviewer_code", (r) => r.interviewerCode ?? ""),
  fixed("paper_sheet", (r) => r.paperSheet ?? ""),
  fixed("questionnaire_key", (r) => r.questionnaireKey),
  fixed("questionnaire_version", (r) => r.questionnaireVersion),
];

type FixedColumn =
  | "response_id"
  | "respondent_group"
  | "school_code"
  | "town"
  | "area_type"
  | "channel_id"
  | "channel_label"
  | "completed_at"
  | "received_at"
  | "duration_s"
  | "excluded"
  | "mode"
  | "interviewer_code"
  | "paper_sheet"
  | "questionnaire_key"
  | "questionnaire_version";

function fixed(name: FixedColumn, cell: (row: ExportRow) => string | number): ExportColumn {
  const key = `column_${name}` as const;
  return {
    name,
    zh: analysisText(key, "zh"),
    en: analysisText(key, "en"),
    // Typed in by staff (a sheet number may start with "-"): never run as a formula.
    freeText: name === "channel_label" || name === "town" || name === "paper_sheet",
    cell,
  };
}

/** An answer as text: option values as they are, a list joined with `;`, nothing as "". */
export function answerText(answer: unknown): string {
  if (answer === null || answer === undefined) return "";
  if (typeof answer === "string") return answer;
  if (typeof answer === "number" || typeof answer === "boolean") return String(answer);
  if (Array.isArray(answer)) return answer.map(answerText).join(";");
  return JSON.stringify(answer);
}

/** The export's columns: the fixed ones, then every question (and its companion text). */
export function exportColumns(questions: readonly QuestionInfo[]): ExportColumn[] {
  const columns = [...fixedColumns];
  for (const q of questions) {
    columns.push({
      name: q.name,
      zh: q.zh,
      en: q.en,
      freeText: q.freeText,
      cell: (row) => answerText(row.answers[q.name]),
    });
    if (q.companion !== null) {
      const key = q.companion;
      columns.push({
        name: key,
        zh: `${q.zh}（其他，请注明）`,
        en: `${q.en} (other, please specify)`,
        freeText: true,
        cell: (row) => answerText(row.answers[key]),
      });
    }
  }
  return columns;
}

function csvCells(columns: readonly ExportColumn[], row: ExportRow): (string | number)[] {
  return columns.map((column) => {
    const value = column.cell(row);
    return column.freeText && typeof value === "string" ? spreadsheetSafe(value) : value;
  });
}

export interface ExportSource {
  db: Kysely<Database>;
  campaignId: number;
  questions: readonly QuestionInfo[];
  /** Rows per query (keyset page). */
  batchSize: number;
}

/** The CSV export as a stream: one query per batch, pulled as the client reads. */
export function responsesCsv(source: ExportSource): ReadableStream<Uint8Array> {
  const columns = exportColumns(source.questions);
  const batches = responseExportRows(source.db, source.campaignId, source.batchSize);
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvFile([columns.map((c) => c.name)])));
        return;
      }
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(csvRows(next.value.map((row) => csvCells(columns, row)))));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

/** The rows of the codebook sheet: each column, then each of its options. */
export function codebookRows(questions: readonly QuestionInfo[]): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const column of fixedColumns) {
    rows.push([column.name, column.zh, column.en, "", "", ""]);
    if (column.name !== "mode") continue;
    for (const mode of answerModes) {
      const key = `mode_${mode}` as const;
      rows.push(["mode", "", "", mode, analysisText(key, "zh"), analysisText(key, "en")]);
    }
  }
  for (const q of questions) {
    rows.push([q.name, q.zh, q.en, "", "", ""]);
    for (const o of q.options) rows.push([q.name, "", "", o.value, o.zh, o.en]);
    if (q.companion !== null) rows.push([q.companion, `${q.zh}（其他，请注明）`, q.en, "", "", ""]);
  }
  return rows;
}

const bufferLimit = 1 << 20;

/** Waits while the client is behind, so rows do not pile up in memory. */
async function room(stream: PassThrough): Promise<void> {
  while (!stream.destroyed && (stream.readableLength > bufferLimit || stream.writableNeedDrain)) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The XLSX export through exceljs's streaming writer, batch by batch. */
export function responsesXlsx(source: ExportSource): ReadableStream<Uint8Array> {
  const stream = new PassThrough({ highWaterMark: bufferLimit });
  const write = async () => {
    const workbook = new (await loadExcelJs()).stream.xlsx.WorkbookWriter({
      stream,
      useStyles: false,
      useSharedStrings: false,
    });
    const columns = exportColumns(source.questions);
    const sheet = workbook.addWorksheet("responses", {
      views: [{ state: "frozen", ySplit: 2 }],
    });
    sheet.addRow(columns.map((c) => c.zh)).commit();
    sheet.addRow(columns.map((c) => c.name)).commit();
    for await (const batch of responseExportRows(source.db, source.campaignId, source.batchSize)) {
      if (stream.destroyed) return;
      for (const row of batch) sheet.addRow(columns.map((c) => c.cell(row))).commit();
      await room(stream);
    }
    sheet.commit();
    const codebook = workbook.addWorksheet("codebook");
    codebook
      .addRow(["name", "中文题目", "English title", "option value", "中文标签", "English label"])
      .commit();
    for (const row of codebookRows(source.questions)) codebook.addRow(row).commit();
    codebook.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => stream.destroy(error as Error));
  return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
}
