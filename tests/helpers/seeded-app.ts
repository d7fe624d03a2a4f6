import type { Hono } from "hono";
import type { Kysely } from "kysely";
import { afterAll, beforeAll } from "vitest";
import { createApp } from "../../api/app.ts";
import { type Config, testConfig } from "../../api/config.ts";
import type { DbHandle, DbKind } from "../../api/db/create-db.ts";
import type { Database, StaffRole } from "../../api/db/database.ts";
import { type SeedOptions, type SeededCampaign, seedCampaign } from "./seed.ts";
import { type SignedIn, signedIn } from "./staff-session.ts";
import { createTestDb } from "./test-db.ts";

/**
 * A staff account to sign in. Every role but admin belongs to the seeded campaign; a school
 * account to its school number `school` (an index into `seeded.schoolCodes`).
 */
export type AccountSpec = { username?: string; displayName?: string } & (
  { role: Exclude<StaffRole, "school"> } | { role: "school"; school: number }
);

export interface SeededAppOptions<Name extends string> {
  /** Fields that differ from `testConfig()`. */
  config?: Partial<Config>;
  /** The app's clock; the system clock by default. */
  now?: () => Date;
  /** What `seedCampaign` is given (its defaults by default); `false`: no campaign. */
  seed?: SeedOptions | false;
  /** Accounts signed in through the login endpoint, by name (also the username by default). */
  accounts?: Record<Name, AccountSpec>;
}

export interface SeededApp<Name extends string> {
  readonly handle: DbHandle;
  readonly db: Kysely<Database>;
  readonly app: Hono;
  readonly seeded: SeededCampaign;
  readonly accounts: Readonly<Record<Name, SignedIn>>;
}

/**
 * The setup most API test files share, for one describe block: a fresh database of `kind`,
 * the app on it, a seeded campaign and signed-in accounts, made in that order by a `beforeAll`
 * registered here, and the database closed by an `afterAll`. Hooks the file registers after
 * this call run after the setup and before the close.
 *
 * `handle`, `db` and `app` exist only once the `beforeAll` has run, so read them inside tests
 * and hooks (`ctx.app`). `seeded` and each account are filled in place, so they may be
 * destructured where the fixture is made.
 */
export function useSeededApp<Name extends string = never>(
  kind: DbKind,
  options: SeededAppOptions<Name> = {},
): SeededApp<Name> {
  const { config, now, seed = {} } = options;
  const specs = Object.entries(options.accounts ?? {}) as [Name, AccountSpec][];
  let made: { handle: DbHandle; app: Hono } | undefined;
  const seeded = {} as SeededCampaign;
  const accounts = Object.fromEntries(specs.map(([name]) => [name, {}])) as Record<Name, SignedIn>;

  beforeAll(async () => {
    const handle = await createTestDb(kind);
    const app = createApp({ db: handle.db, dbKind: handle.kind, config: testConfig(config), now });
    made = { handle, app };
    if (seed) Object.assign(seeded, await seedCampaign(handle.db, seed));
    for (const [name, spec] of specs) {
      if (spec.role !== "admin" && !seed) throw new Error(`account ${name} needs a campaign`);
      const account = await signedIn(app, handle.db, {
        username: spec.username ?? name,
        role: spec.role,
        ...(spec.displayName ? { displayName: spec.displayName } : {}),
        ...(spec.role === "admin" ? {} : { campaignId: seeded.campaignId }),
        ...(spec.role === "school" ? { schoolCode: seeded.schoolCodes[spec.school] } : {}),
      });
      Object.assign(accounts[name], account);
    }
  });
  afterAll(async () => made?.handle.close());

  const ready = () => {
    if (!made) throw new Error("useSeededApp: handle, db and app are made in beforeAll");
    return made;
  };
  return {
    get handle() {
      return ready().handle;
    },
    get db() {
      return ready().handle.db;
    },
    get app() {
      return ready().app;
    },
    get seeded() {
      if (!seed) throw new Error("useSeededApp: no campaign seeded (seed: false)");
      return seeded;
    },
    accounts,
  };
}
