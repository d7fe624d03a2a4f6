import { Readable, pipeline } from "node:stream";
import { parse } from "csv-parse";
import { type CsvRow, CsvLines, csvParseOptions } from "./csv.ts";

/**
 * CSV records from a stream of text chunks, one at a time: parseCsv's dialect and line
 * numbers through csv-parse's streaming parser, for files too large to hold as one string
 * (a million-row export). Throws CsvSyntaxError like parseCsv.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRow> {
  const lines = new CsvLines();
  // pipeline destroys the parser when reading the chunks fails, so the loop below throws.
  const rows = pipeline(Readable.from(chunks), parse(csvParseOptions(lines)), () => {});
  try {
    yield* rows as AsyncIterable<CsvRow>;
  } catch (error) {
    throw lines.error(error);
  }
}
