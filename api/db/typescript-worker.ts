import { Worker, type WorkerOptions } from "node:worker_threads";

// The ESM entry: its CommonJS twin cannot register the hooks from a module worker.
const tsxApiUrl = import.meta.resolve("tsx/esm/api");

/**
 * A worker thread running a TypeScript entry file like the rest of the app. Node does not
 * apply the parent's `--import tsx` hooks to a worker's own entry file (measured: under `tsx`
 * and `node --import tsx` alike it fails with "Unknown file extension .ts"), so a two-line
 * bootstrap registers tsx in the worker and then imports the entry. The same works under
 * vitest, whose module runner a worker does not share either. Start-up costs ≈ 0.4 s.
 */
export function typescriptWorker(entry: URL, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  const bootstrap = `import(${JSON.stringify(tsxApiUrl)})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { execArgv: [], ...options, eval: true });
}
