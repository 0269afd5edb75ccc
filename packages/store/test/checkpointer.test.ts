/**
 * Background WAL checkpoints (issue 11 hardening): with `backgroundCheckpointMs` the main connection never
 * checkpoints inside a commit; a worker thread copies the WAL into the database file on its own.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createActionLog, createSession, openDatabase } from '../src/index.js';
import { makeTempDir } from './helpers.js';

describe('background WAL checkpoints', () => {
  it('turns the automatic checkpoint off and checkpoints from a worker; data and integrity survive close/reopen', async () => {
    const tmp = makeTempDir();
    const path = join(tmp.dir, 'paige.db');
    const database = openDatabase(path, { backgroundCheckpointMs: 50 });
    expect(database.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const session = createSession(database, { projectDir: '/p' });
    const log = createActionLog({ database, groupCommit: false });
    const before = statSync(path).size;
    const insert = database.sqlite.transaction(() => {
      for (let i = 0; i < 20_000; i++)
        log.logAction({ sessionId: session.id, actionType: 'file_open', data: { path: `f${i}.ts` } });
    });
    insert();
    // rows are in the WAL; the worker copies them into the main file without any checkpoint on this thread
    await expect
      .poll(() => statSync(path).size, { timeout: 5_000, interval: 50 })
      .toBeGreaterThan(before + 500_000);
    database.close();
    const again = openDatabase(path);
    expect(again.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(again.sqlite.prepare('SELECT COUNT(*) AS n FROM action_log').get()).toEqual({ n: 20_000 });
    again.close();
    tmp.cleanup();
  });
});
