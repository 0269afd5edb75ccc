/**
 * Opening the team database (DESIGN section 5 "Team database"): a real Postgres through `pg` when a URL is given,
 * else an embedded PGlite with its data in a folder. One Drizzle schema and one set of SQL migrations serve both.
 *
 * Migrations run under a Postgres advisory lock, so several team servers starting at once against one database
 * migrate it once (the others wait, then find nothing to do).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

export { schema };

/** The Drizzle database, whichever driver is underneath. */
export type TeamDb = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Where the migrations live: the package's `drizzle/` folder (shipped with it; tsup does not copy `.sql`). */
export const MIGRATIONS_FOLDER = [
  new URL('../drizzle', import.meta.url),
  new URL('../../drizzle', import.meta.url),
]
  .map((u) => fileURLToPath(u))
  .find((dir) => existsSync(`${dir}/meta/_journal.json`)) as string; // dist/ (built) or src/db/ (tests)

/** Arbitrary, fixed key of the advisory lock held while migrating ("paige-team" in ASCII, truncated). */
const MIGRATION_LOCK_KEY = 7_061_696_765;

/** An open team database. */
export interface TeamDatabase {
  readonly db: TeamDb;
  /** `postgres` (DATABASE_URL) or `pglite` (embedded). */
  readonly driver: 'postgres' | 'pglite';
  /** Applies pending migrations (under an advisory lock). */
  migrate(): Promise<void>;
  /** Round trip to the database; rejects when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link openTeamDatabase}: `url` (a `postgres://` URL) or `dataDir` (PGlite's folder is `dataDir/pglite`). */
export interface OpenTeamDatabaseOptions {
  url?: string | undefined;
  dataDir?: string | undefined;
  /** Largest pool size for Postgres (default 20). */
  poolSize?: number;
  /** Called when an idle pooled connection fails (a Postgres restart); the pool replaces it. */
  onPoolError?: (err: Error) => void;
}

/**
 * Opens the database (does not migrate: call `migrate()`).
 * @throws Error when neither `url` nor `dataDir` is given, or PGlite cannot open its folder.
 */
export async function openTeamDatabase(opts: OpenTeamDatabaseOptions): Promise<TeamDatabase> {
  if (opts.url) {
    const [{ default: pg }, { drizzle }, { migrate }] = await Promise.all([
      import('pg'),
      import('drizzle-orm/node-postgres'),
      import('drizzle-orm/node-postgres/migrator'),
    ]);
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 20,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client dying (Postgres restarted) must not crash the process; the pool makes a new one on demand.
    pool.on('error', (err) => opts.onPoolError?.(err));
    const db = drizzle(pool, { schema }) as unknown as TeamDb;
    return {
      db,
      driver: 'postgres',
      async migrate() {
        const client = await pool.connect();
        try {
          await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
          try {
            await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
          } finally {
            await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
          }
        } finally {
          client.release();
        }
      },
      async ping() {
        await pool.query('SELECT 1');
      },
      async close() {
        await pool.end();
      },
    };
  }
  if (!opts.dataDir) throw new Error('openTeamDatabase: give url (DATABASE_URL) or dataDir');
  const dir = `${opts.dataDir}/pglite`;
  mkdirSync(dir, { recursive: true });
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const client = await PGlite.create(dir);
  const db = drizzle(client, { schema }) as unknown as TeamDb;
  return {
    db,
    driver: 'pglite',
    async migrate() {
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async ping() {
      await client.query('SELECT 1');
    },
    async close() {
      await client.close();
    },
  };
}

/** Runs a raw query and returns its rows (both drivers' results carry `rows`). */
export async function queryRows<T>(
  db: TeamDb | Parameters<Parameters<TeamDb['transaction']>[0]>[0],
  query: SQL,
): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export { sql };
