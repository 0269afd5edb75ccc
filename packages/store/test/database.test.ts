import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import * as protocol from '@paige/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DREYFUS_STAGES,
  FILE_HINT_STYLES,
  HINT_LEVELS,
  HINT_TYPES,
  LINE_HINT_STYLES,
  PHASE_STATUSES,
  SESSION_STATUSES,
  SEVERITIES,
  StoreError,
  WRAP_UP_AGENTS,
  createSession,
  defaultMigrationsFolder,
  getSession,
  openDatabase,
} from '../src/index.js';
import { createFakeClock, makeTempDir } from './helpers.js';

const TABLES = [
  'action_log',
  'action_log_daily',
  'api_call_log',
  'api_call_log_daily',
  'dreyfus_assessments',
  'kata_runs',
  'kata_specs',
  'knowledge_gaps',
  'learning_materials',
  'phase_hints',
  'phases',
  'plans',
  'practice_challenges',
  'progress_events',
  'session_wrap_up_errors',
  'sessions',
  'team_link',
  'team_outbox',
];

describe('Story 2: SQLite State Management (database file)', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    while (cleanups.length > 0) cleanups.pop()?.();
  });
  function tempPath(name = 'paige.db'): string {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    return join(tmp.dir, 'nested', name);
  }

  it('AS-1: a fresh open creates the file, all 12 tables, the team outbox (issue 26) and the two log summaries, in WAL mode with foreign keys on', () => {
    const path = tempPath();
    expect(existsSync(path)).toBe(false);
    const database = openDatabase(path);
    try {
      expect(existsSync(path)).toBe(true);
      const names = (
        database.sqlite
          .prepare(
            `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`,
          )
          .all() as Array<{ name: string }>
      ).map((r) => r.name);
      expect(names).toEqual(TABLES);
      expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(database.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      database.close();
    }
  });

  it('AS-2: reopening an existing database keeps its data and applies no migration twice', () => {
    const path = tempPath();
    const clock = createFakeClock();
    const first = openDatabase(path, { now: clock.now });
    const session = createSession(first, { projectDir: '/p', issueNumber: 7, issueTitle: 'Keep me' });
    first.close();
    const second = openDatabase(path, { now: clock.now });
    try {
      expect(getSession(second, session.id)).toEqual(session);
      const migrations = second.sqlite.prepare(`SELECT COUNT(*) AS n FROM __drizzle_migrations`).get() as {
        n: number;
      };
      // one row per committed migration (drizzle/meta/_journal.json), none applied twice
      const journal = JSON.parse(
        readFileSync(join(defaultMigrationsFolder(), 'meta', '_journal.json'), 'utf8'),
      ) as { entries: unknown[] };
      expect(migrations.n).toBe(journal.entries.length);
    } finally {
      second.close();
    }
  });

  it('refuses a database written by a newer schema with SCHEMA_TOO_NEW and leaves it untouched', () => {
    const path = tempPath();
    const database = openDatabase(path);
    database.sqlite
      .prepare(`INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)`)
      .run('a-migration-from-the-future', Date.parse('2099-01-01T00:00:00Z'));
    database.close();
    let error: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('SCHEMA_TOO_NEW');
    expect((error as StoreError).message).toMatch(/newer Paige/);
  });

  it('EC-06: a corrupted file fails with OPEN_FAILED instead of being overwritten', () => {
    const path = tempPath();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'this is not a sqlite database, just some text that is long enough to have a header');
    expect(() => openDatabase(path)).toThrow(expect.objectContaining({ code: 'OPEN_FAILED' }));
  });

  it('CHECK constraints use exactly the canonical enum values of @paige/protocol', () => {
    expect([...SESSION_STATUSES]).toEqual(protocol.SessionStatusSchema.options);
    expect([...PHASE_STATUSES]).toEqual(protocol.PhaseStatusSchema.options);
    expect([...HINT_LEVELS]).toEqual(protocol.HintLevelSchema.options);
    expect([...HINT_TYPES]).toEqual(protocol.HintTypeSchema.options);
    expect([...FILE_HINT_STYLES]).toEqual(protocol.FileHintStyleSchema.options);
    expect([...LINE_HINT_STYLES]).toEqual(protocol.HighlightStyleSchema.options);
    expect([...DREYFUS_STAGES]).toEqual(protocol.DreyfusStageSchema.options);
    expect([...SEVERITIES]).toEqual(protocol.SeveritySchema.options);
    expect([...WRAP_UP_AGENTS]).toEqual(protocol.WrapUpAgentSchema.options);
  });

  it('the database itself rejects values outside the enums (CHECK), even through raw SQL', () => {
    const path = tempPath();
    const database = openDatabase(path);
    try {
      expect(() =>
        database.sqlite
          .prepare(
            `INSERT INTO sessions (id, project_dir, status, hint_level, started_at) VALUES ('x', '/p', 'paused', 'medium', 'now')`,
          )
          .run(),
      ).toThrow(/CHECK constraint failed/);
      expect(() =>
        database.sqlite
          .prepare(
            `INSERT INTO sessions (id, project_dir, status, hint_level, started_at) VALUES ('x', '/p', 'active', 'extreme', 'now')`,
          )
          .run(),
      ).toThrow(/CHECK constraint failed/);
    } finally {
      database.close();
    }
  });

  it('the committed drizzle/ migrations are up to date with src/schema (drizzle-kit finds nothing to generate)', () => {
    const pkg = fileURLToPath(new URL('..', import.meta.url));
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const out = join(tmp.dir, 'drizzle');
    cpSync(join(pkg, 'drizzle'), out, { recursive: true });
    const before = readdirSync(out).sort();
    // drizzle-kit resolves --out relative to the working directory.
    const run = spawnSync(
      join(pkg, 'node_modules', '.bin', 'drizzle-kit'),
      ['generate', '--dialect', 'sqlite', '--schema', './src/schema/index.ts', '--out', relative(pkg, out)],
      { cwd: pkg, encoding: 'utf8' },
    );
    expect(`${run.stdout}${run.stderr}`).toMatch(/No schema changes/);
    expect(readdirSync(out).sort()).toEqual(before);
  });
});
