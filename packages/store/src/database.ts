/** Opening the Paige SQLite database: pragmas, migrations, and the newer-schema guard (Story 2). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { StoreError } from './errors.js';
import * as schema from './schema/index.js';

/** The Drizzle schema object (the 11 tables and the two daily log summaries). */
export { schema };

/** Drizzle's migrations bookkeeping table. */
const MIGRATIONS_TABLE = '__drizzle_migrations';

/** Page cache of a connection, KiB (16 MiB); see {@link OpenDatabaseOptions.cacheSizeKiB}. */
export const DEFAULT_CACHE_SIZE_KIB = 16_384;

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Clock for every timestamp the repositories write (ISO 8601 from this). Default: `() => new Date()`. */
  now?: () => Date;
  /** `PRAGMA busy_timeout`, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * Page cache size in KiB (`PRAGMA cache_size = -N`). Default {@link DEFAULT_CACHE_SIZE_KIB} (16 MiB): reads go
   * through mmap ({@link OpenDatabaseOptions.mmapSizeBytes}), and the hardening soak showed a larger cache (SQLite's
   * 64 MiB) filling with log pages as the server's RSS growth.
   */
  cacheSizeKiB?: number;
  /** Memory-mapped I/O size in bytes (`PRAGMA mmap_size`). Default 268,435,456 (256 MiB); 0 disables. */
  mmapSizeBytes?: number;
  /**
   * Checkpoint the WAL from a worker thread every this many ms instead of SQLite's automatic checkpoint inside
   * commits (which blocks the caller's thread; see `checkpointer.ts`). Default: off (automatic checkpoints).
   * The server sets it so no commit ever stalls its event loop.
   */
  backgroundCheckpointMs?: number;
  /** Called with a background checkpoint failure (retried at the next tick). */
  onCheckpointError?: (message: string) => void;
  /** Folder of drizzle-kit SQL migrations. Default: the package's own `drizzle/` folder. */
  migrationsFolder?: string;
}

/** An open Paige database. Pass it to every repository function. */
export interface PaigeDatabase {
  /** Typed Drizzle handle over the tables. */
  readonly db: BetterSQLite3Database<typeof schema>;
  /** The underlying better-sqlite3 connection (for raw prepared statements and pragmas). */
  readonly sqlite: BetterSqlite3.Database;
  /** Path of the database file as given. */
  readonly path: string;
  /** The clock passed to {@link openDatabase}. */
  readonly now: () => Date;
  /** A prepared statement for `sql`, cached for the life of this connection. */
  prepare(sql: string): BetterSqlite3.Statement;
  /** Commits a pending action-log batch and closes the connection (checkpointing the WAL). Idempotent. */
  close(): void;
}

/** The migrations folder shipped with the package (`packages/store/drizzle`), from src or dist. */
export function defaultMigrationsFolder(): string {
  return fileURLToPath(new URL('../drizzle', import.meta.url));
}

/**
 * Opens (creating if missing) the SQLite database at `path`, sets WAL, `foreign_keys=ON`,
 * `busy_timeout`, `synchronous=NORMAL` (durable against a process crash; an OS crash may lose the last
 * commits), a 64 MiB page cache, memory-mapped reads and `temp_store=MEMORY`, and applies pending migrations in one
 * transaction.
 * Existing data is kept (Story 2 AS-1, AS-2; FR-012).
 *
 * @param path file path, e.g. `DATA_DIR/paige.db` (FR-010); parent folders are created. `:memory:` works too.
 * @throws {StoreError} `SCHEMA_TOO_NEW` when the file holds migrations this version does not know
 *   (written by a newer Paige; never downgraded); `OPEN_FAILED` when the file is not a usable database (EC-06).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): PaigeDatabase {
  const now = options.now ?? (() => new Date());
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });

  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new Database(path);
    sqlite.pragma('journal_mode = WAL');
  } catch (cause) {
    throw new StoreError('OPEN_FAILED', `cannot open database ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
  try {
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`cache_size = -${Math.max(0, Math.floor(options.cacheSizeKiB ?? DEFAULT_CACHE_SIZE_KIB))}`);
    sqlite.pragma(`mmap_size = ${Math.max(0, Math.floor(options.mmapSizeBytes ?? 268_435_456))}`);
    // Statement journals in memory: every insert into the logs fires the summary triggers (migration 0002), and a
    // statement with triggers inside a transaction keeps a statement journal; in a temp file that cost ~55 µs per row
    // (a 1M-row seed took 5x longer), in memory ~5 µs.
    sqlite.pragma('temp_store = MEMORY');

    const migrations = readMigrationFiles({ migrationsFolder });
    assertNotNewer(sqlite, path, migrations);
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder, migrationsTable: MIGRATIONS_TABLE });

    const statements = new Map<string, BetterSqlite3.Statement>();
    let checkpointer: Checkpointer | undefined;
    if (options.backgroundCheckpointMs && path !== ':memory:') {
      sqlite.pragma('wal_autocheckpoint = 0');
      checkpointer = startCheckpointer(path, options.backgroundCheckpointMs, options.onCheckpointError);
    }
    let closed = false;
    return {
      db,
      sqlite,
      path,
      now,
      prepare(sql: string) {
        let stmt = statements.get(sql);
        if (!stmt) {
          stmt = sqlite.prepare(sql);
          statements.set(sql, stmt);
        }
        return stmt;
      },
      close() {
        if (closed) return;
        closed = true;
        statements.clear();
        // Commit a pending group-commit batch of the action log rather than lose it.
        if (sqlite.inTransaction) sqlite.exec('COMMIT');
        checkpointer?.stop();
        if (checkpointer) sqlite.pragma('wal_checkpoint(TRUNCATE)');
        sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError('OPEN_FAILED', `cannot initialise database ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function assertNotNewer(
  sqlite: BetterSqlite3.Database,
  path: string,
  migrations: ReturnType<typeof readMigrationFiles>,
): void {
  const exists = sqlite
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`)
    .get(MIGRATIONS_TABLE);
  if (!exists) return;
  const applied = sqlite
    .prepare(`SELECT hash, created_at AS createdAt FROM "${MIGRATIONS_TABLE}"`)
    .all() as Array<{
    hash: string;
    createdAt: number | string;
  }>;
  const known = new Set(migrations.map((m) => m.hash));
  const latestKnown = Math.max(0, ...migrations.map((m) => m.folderMillis));
  const unknown = applied.filter((row) => !known.has(row.hash) || Number(row.createdAt) > latestKnown);
  if (unknown.length > 0) {
    throw new StoreError(
      'SCHEMA_TOO_NEW',
      `database ${path} was written by a newer Paige (${unknown.length} unknown migration(s)); ` +
        'upgrade Paige or point DATA_DIR elsewhere. It is never downgraded.',
    );
  }
}
