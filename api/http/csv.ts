import { CsvError, type Options } from "csv-parse";
import { parse } from "csv-parse/sync";

/**
 * CSV as people bring it from Excel and WPS, read with csv-parse: RFC 4180 quoting, CR LF, LF or CR, a leading byte-order mark, blank lines
 * skipped. Rows carry the 1-based line they start on, so errors can name the line a person
 * sees in their spreadsheet.
 */
export interface CsvRow {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const messages: Partial<Record<string, string>> = {
  INVALID_OPENING_QUOTE: "a quote inside an unquoted field",
  CSV_INVALID_CLOSING_QUOTE: "a quoted field is followed by other characters",
  CSV_QUOTE_NOT_CLOSED: "a quoted field is not closed",
};

/**
 * Numbers the records of one text by the line each starts on. csv-parse counts a CR LF
 * inside quotes as two lines, so lines are counted here: one per record, plus the line
 * breaks (LF) inside its quoted fields, plus the blank lines skipped before it.
 */
export class CsvLines {
  #next = 1;
  #emptyLines = 0;

  #start(emptyLines: number): number {
    return this.#next + emptyLines - this.#emptyLines;
  }

  /** The row of a record; undefined for a line holding only `""`, which counts as blank. */
  row(fields: string[], emptyLines: number): CsvRow | undefined {
    const line = this.#start(emptyLines);
    this.#emptyLines = emptyLines;
    this.#next = line + 1;
    for (const field of fields)
      if (field.includes("\n")) this.#next += field.split("\n").length - 1;
    return fields.length > 1 || fields[0] !== "" ? { line, fields } : undefined;
  }

  /** csv-parse's error as ours, on the line of its record (for a stray quote, of the quote). */
  error(error: unknown): unknown {
    if (!(error instanceof CsvError)) return error;
    const line = this.#start(Number(error["empty_lines"]));
    const message = messages[error.code];
    if (error.code === "CSV_QUOTE_NOT_CLOSED" || message === undefined) {
      return new CsvSyntaxError(line, message ?? error.message);
    }
    // The record so far (`raw`), less the blank lines before it: its line breaks are quoted.
    const raw = String(error["raw"]).replace(/^[\r\n]+/, "");
    return new CsvSyntaxError(line + raw.split("\n").length - 1, message);
  }
}

/**
 * csv-parse's options for our dialect, shared with csv-stream.ts: records come out as rows
 * numbered by `lines`; `raw` gives its errors the text of the record they stopped in.
 */
export function csvParseOptions(lines: CsvLines): Options {
  const options: Options<CsvRow, { record: string[] }> = {
    bom: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // Any mix of line endings, as in text a person pasted together.
    record_delimiter: ["\r\n", "\n", "\r"],
    on_record: ({ record }, context) => lines.row(record, context.empty_lines),
  };
  // csv-parse types on_record's output only alongside `columns`; the records are rows.
  return options as unknown as Options;
}

/** Parses CSV text into rows; throws CsvSyntaxError with the line for malformed text. */
export function parseCsv(text: string): CsvRow[] {
  const lines = new CsvLines();
  try {
    return parse(text, csvParseOptions(lines)) as unknown as CsvRow[];
  } catch (error) {
    throw lines.error(error);
  }
}

/**
 * Rows as CSV: quotes only where needed, CR LF after every row (the last one too).
 * Hand-written rather than csv-stringify: the response export writes millions of cells
 * on the API's event loop beside the submissions, and csv-stringify took six times as
 * long for the same bytes (docs/libraries.md).
 */
export function csvRows(rows: readonly (readonly (string | number)[])[]): string {
  let out = "";
  for (const row of rows) {
    out += row.map(csvCell).join(",") + "\r\n";
  }
  return out;
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV file as Excel and WPS read Chinese correctly: a byte-order mark, then the rows. */
export function csvFile(rows: readonly (readonly (string | number)[])[]): string {
  return `\ufeff${csvRows(rows)}`;
}
