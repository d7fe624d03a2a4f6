type Fn = (...args: never[]) => unknown;

/**
 * A value as it arrives after `c.json(...)` and `JSON.parse`: a Date becomes its ISO string
 * (Date#toJSON), functions and function-valued keys are dropped, everything else keeps its
 * shape, recursively. The features' `types.ts` name their answers with it, so the staff
 * pages read the server's own types (`import type` only: nothing of the server is bundled).
 */
export type Jsonified<T> = T extends Date
  ? string
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends Fn
      ? never
      : T extends readonly unknown[]
        ? { [K in keyof T]: Jsonified<T[K]> }
        : { [K in keyof T as T[K] extends Fn ? never : K]: Jsonified<T[K]> };
