/**
 * Opening the team database (DESIGN section 5 "Team database"): a real Postgres through `pg` when a URL is given,
 * else an embedded PGlite with its data in a folder. One Drizzle schema and one set of SQL migrations serve both.
 *
 * Migrations run under a Postgres advisory lock, so several team servers starting at once against one database
 * migrate it once (the others wait, then find nothing to do).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * The embedded database's folder is open in another live process (`DATA_DIR/pglite.lock` names it). PGlite serves
 * one process: a second one would work on its own copy, and what it wrote would be lost to the first.
 */
export class DatabaseInUseError extends Error {
  readonly code = 'DATABASE_IN_USE';
  constructor(
    /** The process holding the folder. */
    readonly pid: number,
    lockFile: string,
  ) {
    super(
      `the embedded database is in use by process ${pid} (another paige-team on this data folder; ${lockFile} names it)`,
    );
    this.name = 'DatabaseInUseError';
  }
}

function lockHolder(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `lockFile` for this process (created exclusively, mode 0600, holding the pid); a lock left by a process that
 * is gone is replaced. Returns the release.
 * @throws {DatabaseInUseError} when a live process holds it.
 */
function lockFolder(lockFile: string): () => void {
  for (let attempt = 0; ; attempt += 1) {
    try {
      writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => {
        if (lockHolder(lockFile) === process.pid) rmSync(lockFile, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = lockHolder(lockFile);
      if ((pid !== undefined && isAlive(pid)) || attempt > 0)
        throw new DatabaseInUseError(pid ?? 0, lockFile);
      rmSync(lockFile, { force: true }); // stale: its process is gone (a crash or SIGKILL)
    }
  }
}

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
  // One process per folder: `paige-team invite` run while the server starts must not open a second copy.
  const release = lockFolder(`${opts.dataDir}/pglite.lock`);
  let client: InstanceType<typeof PGlite>;
  try {
    client = await PGlite.create(dir);
  } catch (err) {
    release();
    throw err;
  }
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
      try {
        await client.close();
      } finally {
        release();
      }
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
