import type { ActivityEvent } from '@paige/protocol';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createPlan,
  StoreError,
  createActionLog,
  createActivityBus,
  createSession,
  getApiCostSince,
  getApiUsageStats,
  listApiCalls,
  logApiCall,
} from '../src/index.js';
import type { PaigeDatabase } from '../src/index.js';
import { countRows, openTempDatabase } from './helpers.js';
import type { FakeClock } from './helpers.js';

describe('Story 4: Action Logging & Observability', () => {
  let database: PaigeDatabase;
  let clock: FakeClock;
  let cleanup: () => void;
  beforeEach(() => {
    ({ database, clock, cleanup } = openTempDatabase());
  });
  afterEach(() => cleanup());

  describe('group commit', () => {
    const committedCount = (path: string) => {
      const reader = new Database(path, { readonly: true });
      try {
        return (reader.prepare(`SELECT COUNT(*) AS n FROM action_log`).get() as { n: number }).n;
      } finally {
        reader.close();
      }
    };

    it('rows of one event-loop turn are committed together at the end of the turn', async () => {
      const log = createActionLog({ database });
      for (let i = 0; i < 10; i += 1) log.logAction({ sessionId: null, actionType: 'idle_end' });
      expect(log.pendingRows).toBe(10);
      expect(countRows(database, 'action_log')).toBe(10); // same connection sees them at once
      expect(committedCount(database.path)).toBe(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(log.pendingRows).toBe(0);
      expect(committedCount(database.path)).toBe(10);
    });

    it('commits at once when maxRows are pending, and on flush()', () => {
      const scheduled: Array<() => void> = [];
      const log = createActionLog({
        database,
        groupCommit: { maxRows: 3, schedule: (commit) => scheduled.push(commit) },
      });
      for (let i = 0; i < 4; i += 1) log.logAction({ sessionId: null, actionType: 'idle_end' });
      expect(committedCount(database.path)).toBe(3);
      expect(log.pendingRows).toBe(1);
      log.flush();
      expect(committedCount(database.path)).toBe(4);
      for (const commit of scheduled) commit(); // late scheduled commits are harmless
      expect(committedCount(database.path)).toBe(4);
    });

    it('groupCommit: false makes every row durable before logAction returns', () => {
      const log = createActionLog({ database, groupCommit: false });
      log.logAction({ sessionId: null, actionType: 'idle_end' });
      expect(log.pendingRows).toBe(0);
      expect(committedCount(database.path)).toBe(1);
    });

    it('a failing transaction inside an open batch rolls back only itself', () => {
      const session = createSession(database, { projectDir: '/p' });
      const log = createActionLog({ database, groupCommit: { schedule: () => undefined } });
      log.logAction({ sessionId: session.id, actionType: 'file_open', data: { path: 'a.ts' } });
      expect(() => createPlan(database, { sessionId: 'ghost', phases: [] })).toThrow(/FOREIGN KEY/);
      log.logAction({ sessionId: session.id, actionType: 'file_close', data: { path: 'a.ts' } });
      log.flush();
      expect(committedCount(database.path)).toBe(2);
      expect(countRows(database, 'plans')).toBe(0);
    });
  });

  it('AS-1: a loggable action inserts a row with session_id, action_type, JSON data and an ISO 8601 timestamp', () => {
    const session = createSession(database, { projectDir: '/p' });
    const log = createActionLog({ database });
    const row = log.logAction({ sessionId: session.id, actionType: 'file_open', data: { path: 'src/a.ts' } });
    expect(row).toEqual({
      id: 1,
      sessionId: session.id,
      actionType: 'file_open',
      data: { path: 'src/a.ts' },
      createdAt: '2026-02-11T10:00:00.000Z',
    });
    const raw = database.sqlite
      .prepare(`SELECT session_id, action_type, data, created_at FROM action_log`)
      .get();
    expect(raw).toEqual({
      session_id: session.id,
      action_type: 'file_open',
      data: '{"path":"src/a.ts"}',
      created_at: '2026-02-11T10:00:00.000Z',
    });
  });

  it('logs actions outside a session (session_id NULL) and rejects unknown types, bad data and unknown sessions', () => {
    const log = createActionLog({ database });
    expect(
      log.logAction({ sessionId: null, actionType: 'dashboard_loaded', data: { flows: {} } }).sessionId,
    ).toBeNull();
    expect(() => log.logAction({ sessionId: null, actionType: 'file_teleport' as 'file_open' })).toThrow(
      StoreError,
    );
    expect(() =>
      log.logAction({
        sessionId: null,
        actionType: 'file_open',
        data: [1, 2] as unknown as Record<string, unknown>,
      }),
    ).toThrow(StoreError);
    expect(() => log.logAction({ sessionId: 'ghost', actionType: 'file_open' })).toThrow(/FOREIGN KEY/);
    expect(log.countActions({ sessionId: null })).toBe(1);
  });

  it('every row written is published on the activity bus; a throwing listener breaks neither others nor the logger', () => {
    const errors: unknown[] = [];
    const bus = createActivityBus({ onListenerError: (e) => errors.push(e) });
    const seen: ActivityEvent[] = [];
    bus.subscribe(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = bus.subscribe((e) => seen.push(e));
    const session = createSession(database, { projectDir: '/p' });
    const log = createActionLog({ database, bus });
    const row = log.logAction({
      sessionId: session.id,
      actionType: 'file_save',
      data: { path: 'a.ts', charCount: 10 },
    });
    expect(seen).toEqual([
      {
        type: 'file_save',
        sessionId: session.id,
        data: { path: 'a.ts', charCount: 10 },
        createdAt: row.createdAt,
        actionId: row.id,
      },
    ]);
    expect(errors).toHaveLength(1);
    bus.publish({
      type: 'buffer_update',
      sessionId: session.id,
      data: { path: 'a.ts' },
      createdAt: row.createdAt,
    });
    expect(seen.map((e) => e.type)).toEqual(['file_save', 'buffer_update']);
    unsubscribe();
    unsubscribe();
    log.logAction({ sessionId: session.id, actionType: 'file_close', data: { path: 'a.ts' } });
    expect(seen).toHaveLength(2);
    expect(bus.listenerCount).toBe(1);
    expect(log.countActions({ sessionId: session.id })).toBe(2);
  });

  it('AS-5: the Observer gets the last N actions by session, filters by type, and computes time since last', () => {
    const a = createSession(database, { projectDir: '/p' });
    const b = createSession(database, { projectDir: '/p' });
    const log = createActionLog({ database });
    const types = ['file_open', 'buffer_summary', 'file_save', 'editor_tab_switch', 'file_save'] as const;
    for (const actionType of types) {
      log.logAction({ sessionId: a.id, actionType, data: { path: 'x.ts' } });
      log.logAction({ sessionId: b.id, actionType: 'idle_start' });
      clock.advance(1000);
    }
    expect(log.recentActions({ sessionId: a.id, limit: 3 }).map((r) => r.actionType)).toEqual([
      'file_save',
      'editor_tab_switch',
      'file_save',
    ]);
    expect(
      log.recentActions({ sessionId: a.id, limit: 10, actionType: 'file_save' }).map((r) => r.createdAt),
    ).toEqual(['2026-02-11T10:00:04.000Z', '2026-02-11T10:00:02.000Z']);
    expect(log.timeSinceLast({ sessionId: a.id, actionType: 'file_open' })).toBe(5000);
    expect(log.timeSinceLast({ sessionId: a.id })).toBe(1000);
    expect(log.timeSinceLast({ sessionId: a.id, actionType: 'nudge_sent' })).toBeNull();
    expect(
      log.actionsSince({ sessionId: a.id, since: '2026-02-11T10:00:03.000Z' }).map((r) => r.actionType),
    ).toEqual(['editor_tab_switch', 'file_save']);
    expect(log.countActions({ sessionId: b.id, actionType: 'idle_start' })).toBe(5);
  });

  it('EC-21: rapid-fire actions are each logged individually, in order', () => {
    const session = createSession(database, { projectDir: '/p' });
    const log = createActionLog({ database });
    for (let i = 0; i < 50; i += 1)
      log.logAction({ sessionId: session.id, actionType: 'editor_tab_switch', data: { i } });
    const rows = log.recentActions({ sessionId: session.id, limit: 100 });
    expect(rows).toHaveLength(50);
    expect(rows.map((r) => r.data?.['i'])).toEqual(Array.from({ length: 50 }, (_, i) => 49 - i));
  });

  it('AS-4 / EC-19: API calls are logged with all metadata; a final failure has latency -1 and zero tokens and cost', () => {
    const session = createSession(database, { projectDir: '/p' });
    const ok = logApiCall(database, {
      sessionId: session.id,
      callType: 'coach_agent',
      model: 'claude-sonnet-4-6',
      inputHash: 'abc',
      latencyMs: 1200,
      inputTokens: 1000,
      outputTokens: 500,
      costEstimate: 0.0105,
    });
    expect(ok).toMatchObject({ id: 1, createdAt: '2026-02-11T10:00:00.000Z', costEstimate: 0.0105 });
    logApiCall(database, {
      sessionId: null,
      callType: 'explain_this',
      model: 'claude-haiku-4-5',
      inputHash: 'def',
      latencyMs: -1,
      inputTokens: 0,
      outputTokens: 0,
      costEstimate: 0,
    });
    expect(listApiCalls(database, { sessionId: session.id })).toEqual([ok]);
    expect(listApiCalls(database, { sessionId: null })[0]).toMatchObject({
      latencyMs: -1,
      inputTokens: 0,
      costEstimate: 0,
    });
    expect(() =>
      logApiCall(database, {
        sessionId: null,
        callType: 'x',
        model: 'm',
        inputHash: '',
        latencyMs: -5,
        inputTokens: 0,
        outputTokens: 0,
        costEstimate: 0,
      }),
    ).toThrow(StoreError);
  });

  it('AS-6: total cost, cost by model, average latency and counts are SQL aggregations filtered by period', () => {
    const session = createSession(database, { projectDir: '/p' });
    const call = (model: string, latencyMs: number, costEstimate: number) =>
      logApiCall(database, {
        sessionId: session.id,
        callType: 'c',
        model,
        inputHash: 'h',
        latencyMs,
        inputTokens: 10,
        outputTokens: 5,
        costEstimate,
      });
    call('claude-haiku-4-5', 100, 0.001); // 40 days ago
    clock.advance(20 * 86_400_000);
    call('claude-sonnet-4-6', 1000, 0.02); // 20 days ago
    clock.advance(17 * 86_400_000);
    call('claude-sonnet-4-6', 2000, 0.03); // 3 days ago
    call('claude-sonnet-4-6', -1, 0); // failure, 3 days ago
    clock.advance(3 * 86_400_000);
    const week = getApiUsageStats(database, { period: '7d' });
    expect(week).toMatchObject({
      callCount: 2,
      failedCallCount: 1,
      averageLatencyMs: 2000,
      inputTokens: 20,
      outputTokens: 10,
    });
    expect(week.totalCost).toBeCloseTo(0.03, 10);
    const month = getApiUsageStats(database, { period: '30d' });
    expect(month.callCount).toBe(3);
    expect(month.totalCost).toBeCloseTo(0.05, 10);
    const all = getApiUsageStats(database, { period: 'all', sessionId: session.id });
    expect(all.callCount).toBe(4);
    expect(all.averageLatencyMs).toBeCloseTo((100 + 1000 + 2000) / 3, 10);
    expect(all.byModel.map((m) => [m.model, m.callCount])).toEqual([
      ['claude-sonnet-4-6', 3],
      ['claude-haiku-4-5', 1],
    ]);
    expect(all.byModel[0]?.totalCost).toBeCloseTo(0.05, 10);
    expect(all.byModel[1]?.averageLatencyMs).toBe(100);
    expect(getApiCostSince(database, '2026-03-01T00:00:00.000Z')).toBeCloseTo(0.02 + 0.03, 10);
    expect(getApiUsageStats(database, { period: 'all', sessionId: 'nobody' })).toMatchObject({
      callCount: 0,
      totalCost: 0,
      averageLatencyMs: null,
      byModel: [],
    });
  });
});
