/**
 * The public surface of the analysis: pure functions, numbers in, numbers out.
 * Nothing here imports I/O, the database or the web framework.
 */
export { type SampleScheme, type SampleTarget, sampleTarget } from "./sample-size.ts";
