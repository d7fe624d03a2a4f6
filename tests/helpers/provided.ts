import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** A PostgreSQL server URL for database tests, or null when none answers (skipped). */
    postgresUrl: string | null;
    /** Chromium's executable, or null when it is not installed (browser tests skipped). */
    chromiumPath: string | null;
    /** A migrated empty PGlite database (dumpDataDir tarball) to clone per test file. */
    pgliteTemplate: string;
  }
}

export const provided = {
  postgresUrl: () => inject("postgresUrl"),
  chromiumPath: () => inject("chromiumPath"),
  pgliteTemplate: () => inject("pgliteTemplate"),
};
