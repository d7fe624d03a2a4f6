import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

/**
 * Worker-thread entry of pglite-thread.ts: opens PGlite here and answers its statements.
 * Reply id 0 says the database is open (or why it is not).
 */
export interface PGliteThreadInput {
  readonly dataDir: string | undefined;
  readonly loadDataDir: Uint8Array<ArrayBuffer> | undefined;
}

export type PGliteThreadRequest =
  | { readonly id: number; readonly sql: string; readonly params: unknown[] }
  | { readonly id: number; readonly close: true };

export type PGliteThreadReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly rows: unknown[];
      readonly affectedRows?: number;
    }
  | { readonly id: number; readonly ok: false; readonly error: Record<string, unknown> };

// NUMERIC as a number, as create-db.ts does for pg: every figure we read fits a double.
const numericOid = 1700;

/** The error's message and PostgreSQL fields, as plain values a message can carry. */
function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ["string", "number", "boolean"].includes(typeof value))
      fields[key] = value;
  }
  return fields;
}

const port = parentPort;
if (port) {
  const input = workerData as PGliteThreadInput;
  try {
    const pglite = await PGlite.create(input.dataDir, {
      parsers: { [numericOid]: (value: string) => Number(value) },
      ...(input.loadDataDir ? { loadDataDir: new Blob([input.loadDataDir]) } : {}),
    });
    const fail = (id: number) => (error: unknown) =>
      port.postMessage({ id, ok: false, error: errorFields(error) } satisfies PGliteThreadReply);
    port.on("message", (request: PGliteThreadRequest) => {
      if ("close" in request) {
        void pglite
          .close()
          .then(
            () =>
              port.postMessage({ id: request.id, ok: true, rows: [] } satisfies PGliteThreadReply),
            fail(request.id),
          );
        return;
      }
      pglite.query(request.sql, request.params).then(
        (result) =>
          port.postMessage({
            id: request.id,
            ok: true,
            rows: result.rows,
            ...(result.affectedRows === undefined ? {} : { affectedRows: result.affectedRows }),
          } satisfies PGliteThreadReply),
        fail(request.id),
      );
    });
    port.postMessage({ id: 0, ok: true, rows: [] } satisfies PGliteThreadReply);
  } catch (error) {
    port.postMessage({ id: 0, ok: false, error: errorFields(error) } satisfies PGliteThreadReply);
  }
}
