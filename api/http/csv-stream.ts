import { type CsvRow, CsvSyntaxError } from "./csv.ts";

/**
 * CSV records from a stream of text chunks, one at a time: the same dialect as parseCsv in
 * csv.ts (RFC 4180 quoting, CRLF or LF, a leading byte-order mark, blank lines skipped, each
 * record with the 1-based line it starts on), for files too large to hold as one string
 * (a million-row export). Throws CsvSyntaxError like parseCsv.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRow> {
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  /** The previous chunk ended on a quote inside a quoted field: escaped or closing? */
  let pendingQuote = false;
  let pendingCr = false;
  let first = true;
  let line = 1;
  let rowLine = 1;
  const endRow = (): CsvRow | undefined => {
    fields.push(field);
    const row = fields.length > 1 || fields[0] !== "" ? { line: rowLine, fields } : undefined;
    fields = [];
    field = "";
    return row;
  };

  for await (let chunk of chunks) {
    if (first) {
      if (chunk.startsWith("\ufeff")) chunk = chunk.slice(1);
      if (chunk.length > 0) first = false;
    }
    const ready: CsvRow[] = [];
    let start = 0;
    let i = 0;
    if (pendingCr) {
      pendingCr = false;
      if (chunk[0] === "\n") i = start = 1;
    }
    if (pendingQuote) {
      pendingQuote = false;
      if (chunk[0] === '"') {
        field += '"';
        i = start = 1;
      } else {
        quoted = false;
      }
    }
    for (; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (quoted) {
        if (ch === '"') {
          field += chunk.slice(start, i);
          if (i + 1 === chunk.length) {
            pendingQuote = true;
            start = i + 1;
            continue;
          }
          if (chunk[i + 1] === '"') {
            field += '"';
            i += 1;
          } else {
            quoted = false;
          }
          start = i + 1;
        } else if (ch === "\n") {
          line += 1;
        }
        continue;
      }
      if (ch === '"') {
        if (field !== "" || i > start) {
          throw new CsvSyntaxError(line, "a quote inside an unquoted field");
        }
        quoted = true;
        start = i + 1;
      } else if (ch === ",") {
        fields.push(field + chunk.slice(start, i));
        field = "";
        start = i + 1;
      } else if (ch === "\n" || ch === "\r") {
        field += chunk.slice(start, i);
        const row = endRow();
        if (row) ready.push(row);
        if (ch === "\r") {
          if (i + 1 === chunk.length) pendingCr = true;
          else if (chunk[i + 1] === "\n") i += 1;
        }
        line += 1;
        rowLine = line;
        start = i + 1;
      }
    }
    field += chunk.slice(start);
    yield* ready;
  }
  if (quoted && !pendingQuote) throw new CsvSyntaxError(rowLine, "a quoted field is not closed");
  const last = endRow();
  if (last) yield last;
}
