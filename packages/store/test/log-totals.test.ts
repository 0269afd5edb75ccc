/**
 * Issue 20 item 8 (primary Story 12 AS-2, Story 4 AS-6): the daily log summaries that make the dashboard's full-history
 * aggregate fast are exact. Every total read through them equals counting the log rows themselves, for any period
 * start (midnight, mid-day, before and after all rows), after inserts, deletes, updates, and for a database written
 * before the summaries existed (the migration's backfill).
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultMigrationsFolder,
  getApiUsageStats,
  getLogTotals,
  getModelTotals,
  openDatabase,
} from '../src/index.js';
import type { PaigeDatabase } from '../src/index.js';
import { makeTempDir } from './helpers.js';

const MODELS = ['claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-6'];
const TYPES = ['file_open', 'file_save', 'buffer_summary', 'mcp_tool_call'];
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** Deterministic pseudo-random rows over 20 days, written straight into the logs (as a bulk import would). */
function seed(database: PaigeDatabase, rows = 3000): void {
  let x = 42;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  const action = database.sqlite.prepare(
    `INSERT INTO action_log (session_id, action_type, data, created_at) VALUES (NULL, ?, NULL, ?)`,
  );
  const api = database.sqlite.prepare(
    `INSERT INTO api_call_log (session_id, call_type, model, input_hash, latency_ms, input_tokens, output_tokens, cost_estimate, created_at)
     VALUES (NULL, 'c', ?, 'h', ?, ?, ?, ?, ?)`,
  );
  database.sqlite.transaction(() => {
    for (let i = 0; i < rows; i += 1) {
      const at = new Date(T0 + Math.floor(rand() * 20 * 86_400_000)).toISOString();
      action.run(TYPES[i % TYPES.length], at);
      if (i % 3 === 0) {
        const failed = rand() < 0.1;
        api.run(
          MODELS[i % MODELS.length],
          failed ? -1 : Math.floor(rand() * 3000),
          Math.floor(rand() * 900),
          Math.floor(rand() * 300),
          failed ? 0 : rand() / 100,
          at,
        );
      }
    }
  })();
}

/** The same totals by scanning the logs. */
function scan(database: PaigeDatabase, since: string | null) {
  const where = since === null ? '' : ' WHERE created_at >= ?';
  const p = since === null ? [] : [since];
  const a = database.sqlite.prepare(`SELECT COUNT(*) AS n FROM action_log${where}`).get(...p) as {
    n: number;
  };
  const b = database.sqlite
    .prepare(
      `SELECT COUNT(*) AS calls, COALESCE(SUM(latency_ms < 0), 0) AS failed, COALESCE(SUM(cost_estimate), 0) AS cost,
              COALESCE(SUM(max(latency_ms, 0)), 0) AS latencySum, COALESCE(SUM(latency_ms >= 0), 0) AS latencyCount,
              COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens
       FROM api_call_log${where}`,
    )
    .get(...p) as {
    calls: number;
    failed: number;
    cost: number;
    latencySum: number;
    latencyCount: number;
    inputTokens: number;
    outputTokens: number;
  };
  const byModel = database.sqlite
    .prepare(
      `SELECT model, COUNT(*) AS callCount, SUM(cost_estimate) AS totalCost FROM api_call_log${where} GROUP BY model ORDER BY model`,
    )
    .all(...p) as Array<{ model: string; callCount: number; totalCost: number }>;
  return { actions: a.n, ...b, byModel };
}

const STARTS = [
  null,
  '2025-12-01T00:00:00.000Z', // before every row
  '2026-01-01T00:00:00.000Z', // midnight of the first day
  '2026-01-05T13:45:12.345Z', // mid-day
  '2026-01-12T00:00:00.000Z',
  '2026-01-19T23:59:59.999Z', // the last millisecond of the last day
  '2026-03-01T08:00:00.000Z', // after every row
];

function expectExact(database: PaigeDatabase): void {
  for (const since of STARTS) {
    const t = getLogTotals(database, since);
    const s = scan(database, since);
    expect({
      since,
      actions: t.actions,
      calls: t.apiCalls,
      failed: t.apiFailedCalls,
      latencySum: t.apiLatencySum,
      latencyCount: t.apiLatencyCount,
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
    }).toEqual({
      since,
      actions: s.actions,
      calls: s.calls,
      failed: s.failed,
      latencySum: s.latencySum,
      latencyCount: s.latencyCount,
      inputTokens: s.inputTokens,
      outputTokens: s.outputTokens,
    });
    expect(t.apiCost).toBeCloseTo(s.cost, 9);
    const models = getModelTotals(database, since)
      .map((m) => ({ model: m.model, callCount: m.callCount, totalCost: m.totalCost }))
      .sort((a, b) => (a.model < b.model ? -1 : 1));
    expect(models.map((m) => [m.model, m.callCount])).toEqual(s.byModel.map((m) => [m.model, m.callCount]));
    models.forEach((m, i) => expect(m.totalCost).toBeCloseTo(s.byModel[i]?.totalCost ?? 0, 9));
  }
}

describe('Issue 20 item 8: daily log summaries', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    while (cleanups.length > 0) cleanups.pop()?.();
  });
  const temp = () => {
    const t = makeTempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };

  it('totals through the summaries equal a scan of the logs, for every period start', () => {
    const database = openDatabase(join(temp(), 'paige.db'));
    try {
      seed(database);
      expectExact(database);
    } finally {
      database.close();
    }
  });

  it('deleting and re-dating rows keeps the summaries exact', () => {
    const database = openDatabase(join(temp(), 'paige.db'));
    try {
      seed(database);
      database.sqlite.exec(`DELETE FROM action_log WHERE id % 7 = 0`);
      database.sqlite.exec(`DELETE FROM api_call_log WHERE id % 5 = 0`);
      database.sqlite.exec(
        `UPDATE action_log SET created_at = '2026-01-03T10:00:00.000Z', action_type = 'file_close' WHERE id % 11 = 0`,
      );
      database.sqlite.exec(
        `UPDATE api_call_log SET created_at = '2026-01-04T10:00:00.000Z', model = 'other', latency_ms = -1, cost_estimate = 0 WHERE id % 13 = 0`,
      );
      expectExact(database);
    } finally {
      database.close();
    }
  });

  it('a database written before the summaries existed is backfilled by the migration', () => {
    const dir = temp();
    // The migrations folder as it was before this change: 0000 only.
    const oldFolder = join(dir, 'drizzle-0000');
    mkdirSync(join(oldFolder, 'meta'), { recursive: true });
    cpSync(join(defaultMigrationsFolder(), '0000_initial.sql'), join(oldFolder, '0000_initial.sql'));
    cpSync(
      join(defaultMigrationsFolder(), 'meta', '0000_snapshot.json'),
      join(oldFolder, 'meta', '0000_snapshot.json'),
    );
    const journal = JSON.parse(JSON.stringify(requireJournal())) as { entries: unknown[] };
    journal.entries = journal.entries.slice(0, 1);
    writeFileSync(join(oldFolder, 'meta', '_journal.json'), JSON.stringify(journal));

    const path = join(dir, 'paige.db');
    const before = openDatabase(path, { migrationsFolder: oldFolder });
    seed(before, 1500);
    expect(
      before.sqlite.prepare(`SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'action_log_daily'`).get(),
    ).toEqual({ n: 0 });
    before.close();

    const after = openDatabase(path);
    try {
      expectExact(after);
      const week = getApiUsageStats(after, { period: '7d', now: new Date('2026-01-15T12:00:00.000Z') });
      expect(week.callCount).toBe(scan(after, '2026-01-08T12:00:00.000Z').calls);
    } finally {
      after.close();
    }
  });
});

function requireJournal(): unknown {
  return JSON.parse(readFileSync(join(defaultMigrationsFolder(), 'meta', '_journal.json'), 'utf8'));
}
