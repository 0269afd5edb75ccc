import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/index.js';
import type { PaigeDatabase } from '../src/index.js';

/** A settable clock starting at `start`. */
export interface FakeClock {
  now(): Date;
  ms(): number;
  advance(ms: number): void;
  set(iso: string): void;
}

export function createFakeClock(start = '2026-02-11T10:00:00.000Z'): FakeClock {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    ms: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (iso) => {
      t = Date.parse(iso);
    },
  };
}

/** Fake interval timers bound to a fake clock: `advance(ms)` fires due callbacks in time order. */
export function createFakeTimers(clock: FakeClock) {
  let nextId = 1;
  const intervals = new Map<number, { callback: () => void; ms: number; due: number }>();
  return {
    setInterval(callback: () => void, ms: number): unknown {
      const id = nextId++;
      intervals.set(id, { callback, ms, due: clock.ms() + ms });
      return id;
    },
    clearInterval(handle: unknown): void {
      intervals.delete(handle as number);
    },
    get active(): number {
      return intervals.size;
    },
    advance(ms: number): void {
      const end = clock.ms() + ms;
      for (;;) {
        let next: { id: number; due: number } | null = null;
        for (const [id, entry] of intervals) {
          if (entry.due <= end && (next === null || entry.due < next.due)) next = { id, due: entry.due };
        }
        if (next === null) break;
        const entry = intervals.get(next.id);
        if (!entry) break;
        clock.advance(next.due - clock.ms());
        entry.due += entry.ms;
        entry.callback();
      }
      clock.advance(end - clock.ms());
    },
  };
}

/** A fresh temp directory, removed by the returned cleanup. */
export function makeTempDir(prefix = 'paige-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens a fresh database file in a temp dir with a fake clock. */
export function openTempDatabase(clock: FakeClock = createFakeClock()): {
  database: PaigeDatabase;
  path: string;
  clock: FakeClock;
  cleanup: () => void;
} {
  const tmp = makeTempDir();
  const path = join(tmp.dir, 'paige.db');
  const database = openDatabase(path, { now: clock.now });
  return {
    database,
    path,
    clock,
    cleanup: () => {
      database.close();
      tmp.cleanup();
    },
  };
}

/** Row count of a table. */
export function countRows(database: PaigeDatabase, table: string): number {
  return (database.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}
