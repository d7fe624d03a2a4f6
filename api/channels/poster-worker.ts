import { parentPort, workerData } from "node:worker_threads";
import { type PosterBundleOptions, type PosterChannel, posterBundle } from "./poster-bundle.ts";

/**
 * Worker-thread entry (see poster-bundle-worker.ts): builds the poster ZIP
 * from `workerData` and posts `{ zip }`, or `{ error }` when it fails.
 */
export interface PosterWorkerInput {
  channels: PosterChannel[];
  options: PosterBundleOptions;
}

const input = workerData as PosterWorkerInput;
try {
  const zip = await posterBundle(input.channels, input.options);
  parentPort?.postMessage({ zip });
} catch (error) {
  parentPort?.postMessage({
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
}
