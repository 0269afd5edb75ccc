import { afterEach, describe, expect, it } from 'vitest';
import {
  appendKataAttempt,
  clearTeamLink,
  createKata,
  createPlan,
  createSession,
  endSession,
  enqueueManagerSummary,
  getTeamOutboxStatus,
  listPendingTeamRecords,
  logApiCall,
  markTeamRecordsDelivered,
  recordKnowledgeGap,
  setKnowledgeGapAddressed,
  setTeamLink,
  addProgressEvent,
  updatePhaseStatus,
  upsertDreyfusAssessment,
  type PaigeDatabase,
} from '../src/index.js';
import { openTempDatabase } from './helpers.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function open(): PaigeDatabase {
  const t = openTempDatabase();
  cleanup = t.cleanup;
  return t.database;
}

const link = {
  teamUrl: 'http://127.0.0.1:3100',
  learnerId: '3b1f0a4e-6f1c-4c57-9d4b-2d7f1f0c9a11',
  teamName: 'Cohort 7',
};

describe('issue 26 item 3: the team outbox', () => {
  it('queues nothing while no team is joined', () => {
    const database = open();
    const session = createSession(database, { projectDir: '/p', issueNumber: 3, issueTitle: 'Fix it' });
    endSession(database, { sessionId: session.id, status: 'completed' });
    upsertDreyfusAssessment(database, {
      skillArea: 'testing',
      stage: 'novice',
      confidence: 0.5,
      evidence: 'x',
    });
    expect(listPendingTeamRecords(database)).toEqual([]);
  });

  it('queues a manager summary only when asked and a team is joined, as one line (item 5)', () => {
    const database = open();
    expect(enqueueManagerSummary(database, 's-1', 'Not shared: no team.')).toBeNull();
    setTeamLink(database, link);
    const seq = enqueueManagerSummary(database, 's-1', 'Ana fixed the redirect.\n\nShe asked  for one hint.');
    expect(seq).not.toBeNull();
    const [record] = listPendingTeamRecords(database);
    expect(record).toMatchObject({
      seq,
      kind: 'manager_summary',
      data: { sessionId: 's-1', summary: 'Ana fixed the redirect. She asked for one hint.' },
    });
    expect(typeof record?.data.generatedAt).toBe('string');
  });

  it('queues a session summary with cost, gaps, stages and practice results in the same transaction as the change', () => {
    const database = open();
    setTeamLink(database, link);
    const session = createSession(database, {
      projectDir: '/home/ana/p',
      issueNumber: 7,
      issueTitle: 'Retry the upload',
    });
    const plan = createPlan(database, {
      sessionId: session.id,
      title: 'Plan',
      summary: 's',
      rawPlanText: 'r',
      phases: [
        { number: 1, title: 'one', description: 'd' },
        { number: 2, title: 'two', description: 'd' },
      ],
    });
    updatePhaseStatus(database, { planId: plan.id, phaseNumber: 1, status: 'active' });
    updatePhaseStatus(database, { planId: plan.id, phaseNumber: 1, status: 'complete' });
    addProgressEvent(database, {
      phaseId: plan.phases[0]!.id,
      eventType: 'hint_used',
      data: { level: 'high' },
    });
    addProgressEvent(database, { phaseId: plan.phases[0]!.id, eventType: 'hint_used', data: {} });
    logApiCall(database, {
      sessionId: session.id,
      callType: 'coach',
      model: 'claude-sonnet-4-6',
      inputHash: 'h',
      latencyMs: 5,
      inputTokens: 100,
      outputTokens: 50,
      costEstimate: 0.01,
    });
    const gap = recordKnowledgeGap(database, {
      sessionId: session.id,
      topic: 'Promises',
      severity: 'high',
      evidence: 'secret code here',
    });
    upsertDreyfusAssessment(database, {
      skillArea: 'async',
      stage: 'advanced_beginner',
      confidence: 0.6,
      evidence: 'evidence text',
    });
    endSession(database, { sessionId: session.id, status: 'completed' });
    setKnowledgeGapAddressed(database, gap.id, true);
    const kata = createKata(database, {
      knowledgeGapId: gap.id,
      title: 'Promise chains',
      description: 'd',
      scaffoldingCode: 'code',
      instructorNotes: 'n',
    });
    appendKataAttempt(database, kata.id, { code: 'function f() { return 1; }', passed: true, level: 2 });

    const records = listPendingTeamRecords(database);
    expect(records.map((r) => r.kind)).toEqual([
      'knowledge_gap',
      'dreyfus_stage',
      'session_summary',
      'model_cost',
      'knowledge_gap',
      'practice_result',
    ]);
    expect(records.map((r) => r.seq)).toEqual([...records.map((r) => r.seq)].sort((a, b) => a - b));
    const summary = records.find((r) => r.kind === 'session_summary')!.data;
    expect(summary).toMatchObject({
      issueNumber: 7,
      issueTitle: 'Retry the upload',
      status: 'completed',
      phasesCompleted: 1,
      phasesTotal: 2,
      hintsByLevel: { off: 0, low: 0, medium: 1, high: 1 },
      costUsd: 0.01,
    });
    const all = JSON.stringify(records);
    for (const secret of ['/home/ana', 'secret code', 'evidence text', 'function f'])
      expect(all).not.toContain(secret);
    expect(records[4]!.data).toMatchObject({ gapId: gap.id, addressed: true });
    expect(records[5]!.data).toMatchObject({ title: 'Promise chains', passed: true, level: 2 });

    markTeamRecordsDelivered(
      database,
      records.slice(0, 2).map((r) => r.seq),
    );
    expect(getTeamOutboxStatus(database)).toMatchObject({
      pending: 4,
      delivered: 2,
      linked: { teamName: 'Cohort 7' },
    });
    clearTeamLink(database);
    expect(getTeamOutboxStatus(database)).toMatchObject({ pending: 0, delivered: 2, linked: null });
  });

  it('writes nothing to the outbox when the change fails', () => {
    const database = open();
    setTeamLink(database, link);
    expect(() => endSession(database, { sessionId: 'missing', status: 'completed' })).toThrow();
    expect(() =>
      recordKnowledgeGap(database, { sessionId: 'missing', topic: 't', severity: 'low', evidence: '' }),
    ).toThrow();
    expect(listPendingTeamRecords(database)).toEqual([]);
  });
});
