import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addProgressEvent,
  appendKataAttempt,
  createActionLog,
  createKata,
  createPlan,
  createSession,
  endSession,
  getDashboardState,
  getLearningMaterials,
  listActiveKatas,
  markKnowledgeGapAddressed,
  putLearningMaterials,
  logApiCall,
  recordKnowledgeGap,
  setKnowledgeGapAddressed,
  upsertDreyfusAssessment,
} from '../src/index.js';
import { seedBenchmarkData } from '../src/testing.js';
import type { PaigeDatabase } from '../src/index.js';
import { countRows, openTempDatabase } from './helpers.js';
import type { FakeClock } from './helpers.js';

const DAY = 86_400_000;

describe('Story 12: Dashboard Data Assembly (SQLite part of dashboard:state)', () => {
  let database: PaigeDatabase;
  let clock: FakeClock;
  let cleanup: () => void;
  beforeEach(() => {
    ({ database, clock, cleanup } = openTempDatabase());
  });
  afterEach(() => cleanup());

  it('AS-12: a fresh install gives zero stats and empty arrays', () => {
    for (const period of ['7d', '30d', 'all'] as const) {
      expect(getDashboardState(database, period)).toEqual({
        dreyfus: [],
        stats: {
          period,
          sessionsCompleted: 0,
          totalCoachingMinutes: 0,
          issuesWorkedOn: 0,
          knowledgeGapsIdentified: 0,
          knowledgeGapsAddressed: 0,
          hintsUsed: 0,
          apiCostTotal: 0,
          apiCallCount: 0,
          apiCallsFailed: 0,
          averageLatencyMs: null,
          costByModel: [],
          actionsLogged: 0,
        },
        inProgress: [],
      });
    }
    expect(listActiveKatas(database)).toEqual([]);
  });

  it('AS-2 / AS-3: stats are filtered by period (7d, 30d, all); in-progress sessions and Dreyfus are listed', () => {
    const log = createActionLog({ database });
    const work = (issueNumber: number, minutes: number, hints: number) => {
      const session = createSession(database, {
        projectDir: '/p',
        issueNumber,
        issueTitle: `Issue ${issueNumber}`,
      });
      const plan = createPlan(database, {
        sessionId: session.id,
        phases: [{ number: 1, title: 't', description: 'd' }],
      });
      for (let i = 0; i < hints; i += 1)
        addProgressEvent(database, { phaseId: plan.phases[0]?.id ?? '', eventType: 'hint_used' });
      addProgressEvent(database, { phaseId: plan.phases[0]?.id ?? '', eventType: 'review_requested' });
      log.logAction({ sessionId: session.id, actionType: 'file_open', data: { path: 'a.ts' } });
      logApiCall(database, {
        sessionId: session.id,
        callType: 'coach_agent',
        model: 'm',
        inputHash: 'h',
        latencyMs: 10,
        inputTokens: 1,
        outputTokens: 1,
        costEstimate: 0.25,
      });
      recordKnowledgeGap(database, {
        sessionId: session.id,
        topic: `gap ${issueNumber}`,
        severity: 'low',
        evidence: 'e',
      });
      clock.advance(minutes * 60_000);
      endSession(database, {
        sessionId: session.id,
        status: issueNumber === 2 ? 'completed_with_errors' : 'completed',
      });
      return session;
    };
    work(1, 30, 1); // day 0
    clock.advance(20 * DAY);
    work(2, 60, 2); // day 20
    work(2, 15, 0); // same issue again
    clock.advance(15 * DAY);
    const gap = recordKnowledgeGap(database, {
      sessionId: null,
      topic: 'recent',
      severity: 'high',
      evidence: 'e',
    });
    setKnowledgeGapAddressed(database, gap.id, true);
    const left = createSession(database, { projectDir: '/p', issueTitle: 'Left behind' });
    endSession(database, { sessionId: left.id, status: 'abandoned' });
    const elsewhere = createSession(database, { projectDir: '/other', issueTitle: 'Other project' });
    endSession(database, { sessionId: elsewhere.id, status: 'abandoned' });
    clock.advance(1000);
    const open = createSession(database, { projectDir: '/p', issueNumber: 3, issueTitle: 'Still going' });
    upsertDreyfusAssessment(database, {
      skillArea: 'React',
      stage: 'novice',
      confidence: 0.7,
      evidence: 'e',
    });
    log.logAction({ sessionId: null, actionType: 'dashboard_loaded', data: {} });
    clock.advance(DAY); // now = day 36

    const week = getDashboardState(database, '7d');
    expect(week.stats).toMatchObject({
      sessionsCompleted: 0,
      issuesWorkedOn: 1,
      knowledgeGapsIdentified: 1,
      knowledgeGapsAddressed: 1,
      hintsUsed: 0,
      apiCallCount: 0,
      actionsLogged: 1,
    });
    // issue 20 item 4: sessions in progress are the ones that can be continued: active and abandoned, newest first
    expect(getDashboardState(database, '7d', { projectDir: '/p' }).inProgress).toEqual([
      { id: open.id, issueNumber: 3, issueTitle: 'Still going', startedAt: open.startedAt, status: 'active' },
      {
        id: left.id,
        issueNumber: null,
        issueTitle: 'Left behind',
        startedAt: left.startedAt,
        status: 'abandoned',
      },
    ]);
    expect(week.inProgress.map((s) => s.id).sort()).toEqual([open.id, left.id, elsewhere.id].sort());
    expect(week.dreyfus.map((d) => d.skillArea)).toEqual(['React']);

    const month = getDashboardState(database, '30d');
    expect(month.stats).toMatchObject({
      sessionsCompleted: 2,
      issuesWorkedOn: 2,
      hintsUsed: 2,
      apiCallCount: 2,
      actionsLogged: 3,
      knowledgeGapsIdentified: 3,
    });
    expect(month.stats.totalCoachingMinutes).toBeCloseTo(75, 6);
    expect(month.stats.apiCostTotal).toBeCloseTo(0.5, 10);

    const all = getDashboardState(database, 'all');
    expect(all.stats).toMatchObject({
      sessionsCompleted: 3,
      issuesWorkedOn: 3,
      hintsUsed: 3,
      apiCallCount: 3,
      actionsLogged: 4,
      knowledgeGapsIdentified: 4,
    });
    expect(all.stats.totalCoachingMinutes).toBeCloseTo(105, 6);
  });

  it('Story 4 AS-6: cost by model and average latency (over successful calls) are computed for the period; failures count in cost', () => {
    const call = (model: string, latencyMs: number, costEstimate: number) =>
      logApiCall(database, {
        sessionId: null,
        callType: 'c',
        model,
        inputHash: 'h',
        latencyMs,
        inputTokens: 1,
        outputTokens: 1,
        costEstimate,
      });
    call('claude-haiku-4-5', 100, 0.01);
    call('claude-haiku-4-5', 300, 0.01);
    clock.advance(10 * DAY);
    call('claude-opus-4-6', 1_000, 0.5);
    call('claude-opus-4-6', -1, 0.2); // a refusal that was paid for
    const all = getDashboardState(database, 'all').stats;
    expect(all).toMatchObject({ apiCallCount: 4, apiCallsFailed: 1 });
    expect(all.apiCostTotal).toBeCloseTo(0.72, 10);
    expect(all.averageLatencyMs).toBeCloseTo((100 + 300 + 1_000) / 3, 10);
    expect(all.costByModel).toEqual([
      { model: 'claude-opus-4-6', callCount: 2, costUsd: expect.closeTo(0.7, 10), averageLatencyMs: 1_000 },
      { model: 'claude-haiku-4-5', callCount: 2, costUsd: expect.closeTo(0.02, 10), averageLatencyMs: 200 },
    ]);
    const week = getDashboardState(database, '7d').stats;
    expect(week.costByModel.map((m) => m.model)).toEqual(['claude-opus-4-6']);
    expect(week.averageLatencyMs).toBe(1_000);
  });

  it('Story 12: knowledgeGapsAddressed counts gaps addressed in the period (addressed_at), every addressed gap for all', () => {
    const old = recordKnowledgeGap(database, {
      sessionId: null,
      topic: 'closures',
      severity: 'medium',
      evidence: 'e',
    });
    const fresh = recordKnowledgeGap(database, {
      sessionId: null,
      topic: 'promises',
      severity: 'high',
      evidence: 'e',
    });
    setKnowledgeGapAddressed(database, old.id, true);
    clock.advance(20 * DAY);
    const marked = markKnowledgeGapAddressed(database, fresh.id);
    expect(marked.changed).toBe(true);
    expect(marked.gap.addressedAt).toBe(clock.now().toISOString());
    expect(markKnowledgeGapAddressed(database, fresh.id).changed).toBe(false);
    clock.advance(DAY);
    expect(getDashboardState(database, '7d').stats).toMatchObject({
      knowledgeGapsIdentified: 0,
      knowledgeGapsAddressed: 1,
    });
    expect(getDashboardState(database, 'all').stats).toMatchObject({
      knowledgeGapsIdentified: 2,
      knowledgeGapsAddressed: 2,
    });
    expect(setKnowledgeGapAddressed(database, fresh.id, false).addressedAt).toBeNull();
    expect(getDashboardState(database, 'all').stats.knowledgeGapsAddressed).toBe(1);
  });

  it('issue 20: learning materials are cached per gap, replaced on put, filtered by age and deleted with the gap', () => {
    const gap = recordKnowledgeGap(database, {
      sessionId: null,
      topic: 'closures',
      severity: 'medium',
      evidence: 'e',
    });
    const other = recordKnowledgeGap(database, {
      sessionId: null,
      topic: 'streams',
      severity: 'low',
      evidence: 'e',
    });
    putLearningMaterials(database, gap.id, { knowledgeGap: 'closures', resources: [] });
    const t0 = clock.now().toISOString();
    clock.advance(DAY);
    putLearningMaterials(database, other.id, {
      knowledgeGap: 'streams',
      resources: [{ url: 'https://nodejs.org/api/stream.html' }],
    });
    const both = getLearningMaterials(database, [gap.id, other.id, 'missing']);
    expect([...both.keys()].sort()).toEqual([gap.id, other.id].sort());
    expect(both.get(gap.id)).toEqual({
      knowledgeGapId: gap.id,
      materials: { knowledgeGap: 'closures', resources: [] },
      createdAt: t0,
    });
    expect([
      ...getLearningMaterials(database, [gap.id, other.id], { since: clock.now().toISOString() }).keys(),
    ]).toEqual([other.id]);
    putLearningMaterials(database, gap.id, {
      knowledgeGap: 'closures',
      resources: [{ url: 'https://example.com' }],
    });
    expect(getLearningMaterials(database, [gap.id]).get(gap.id)?.materials).toEqual({
      knowledgeGap: 'closures',
      resources: [{ url: 'https://example.com' }],
    });
    expect(() => putLearningMaterials(database, 'no-such-gap', {})).toThrow();
    database.sqlite.prepare('DELETE FROM knowledge_gaps WHERE id = ?').run(gap.id);
    expect(getLearningMaterials(database, [gap.id]).size).toBe(0);
  });

  it('katas are listed with their gap topic, attempts count, best level and constraint count; passed ones are hidden by default', () => {
    const gap = recordKnowledgeGap(database, {
      sessionId: null,
      topic: 'closures',
      severity: 'medium',
      evidence: 'e',
    });
    const k1 = createKata(database, {
      knowledgeGapId: gap.id,
      title: 'Counter',
      description: 'd',
      scaffoldingCode: '',
      instructorNotes: '',
      constraints: [{ title: 'c', description: 'd', minLevel: 2 }],
    });
    clock.advance(1000);
    const k2 = createKata(database, {
      knowledgeGapId: gap.id,
      title: 'Memo',
      description: 'd',
      scaffoldingCode: '',
      instructorNotes: '',
    });
    appendKataAttempt(database, k1.id, { code: 'a', level: 3 });
    appendKataAttempt(database, k1.id, { code: 'b', level: 5 });
    appendKataAttempt(database, k2.id, { code: 'x', level: 9, passed: true });
    expect(listActiveKatas(database)).toEqual([
      {
        id: k1.id,
        title: 'Counter',
        topic: 'closures',
        attemptsCount: 2,
        bestLevel: 5,
        constraintCount: 1,
        passed: false,
      },
    ]);
    expect(listActiveKatas(database, { includePassed: true }).map((k) => k.title)).toEqual([
      'Memo',
      'Counter',
    ]);
  });

  it('seedBenchmarkData writes the requested volumes, spread over time, with valid foreign keys', () => {
    const result = seedBenchmarkData(database, {
      actions: 5000,
      apiCalls: 500,
      sessions: 20,
      batchSize: 1000,
    });
    expect(result.sessionIds).toHaveLength(20);
    expect(countRows(database, 'action_log')).toBe(5000);
    expect(countRows(database, 'api_call_log')).toBe(500);
    expect(database.sqlite.pragma('foreign_key_check')).toEqual([]);
    const week = getDashboardState(database, '7d');
    const all = getDashboardState(database, 'all');
    expect(all.stats.actionsLogged).toBe(5000);
    expect(week.stats.actionsLogged).toBeGreaterThan(0);
    expect(week.stats.actionsLogged).toBeLessThan(1000);
    expect(all.inProgress.filter((s) => s.status === 'active')).toHaveLength(3);
  });
});
