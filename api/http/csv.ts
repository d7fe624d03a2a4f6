/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CR LF or LF,
 * a leading byte-order mark as Excel writes it). Returns rows of fields with
 * the 1-based line each row starts on, so errors can name the line a person
 * sees in their spreadsheet. Blank lines are skipped.
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

export function parseCsv(text: string): CsvRow[] {
  const source = text.startsWith("\ufeff") ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== "") rows.push({ line: rowLine, fields });
    fields = [];
    field = "";
  };
  while (i < source.length) {
    const ch = source[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === "\n") line += 1;
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (field !== "") throw new CsvSyntaxError(line, "a quote inside an unquoted field");
      quoted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      endRow();
      if (ch === "\r" && source[i + 1] === "\n") i += 1;
      line += 1;
      rowLine = line;
    } else {
      field += ch;
    }
    i += 1;
  }
  if (quoted) throw new CsvSyntaxError(rowLine, "a quoted field is not closed");
  endRow();
  return rows;
}

/** One CSV line for a value list (quotes where needed), for templates and exports. */
export function csvLine(values: readonly (string | number)[]): string {
  return values
    .map((v) => {
      const text = String(v);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(",");
}
