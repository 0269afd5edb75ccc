import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PhaseTransitionError,
  StoreError,
  addProgressEvent,
  appendKataAttempt,
  clearWrapUpErrors,
  createActionLog,
  createKata,
  createPlan,
  createSession,
  endSession,
  getActivePlan,
  getActiveSession,
  getKata,
  getKataMaxLevel,
  getPhase,
  getPlan,
  getSession,
  getUnlockedConstraints,
  listDreyfusAssessments,
  listKnowledgeGaps,
  listPhaseHints,
  listPlans,
  listProgressEvents,
  listWrapUpErrors,
  reactivateSession,
  recordKnowledgeGap,
  recordWrapUpError,
  setKnowledgeGapAddressed,
  setSessionHintLevel,
  setSessionTranscript,
  sweepStaleSessions,
  updatePhaseStatus,
  upsertDreyfusAssessment,
} from '../src/index.js';
import type { CreatePlanInput, PaigeDatabase } from '../src/index.js';
import { countRows, openTempDatabase } from './helpers.js';
import type { FakeClock } from './helpers.js';

function threePhasePlan(sessionId: string, title = 'Fix the OAuth race'): CreatePlanInput {
  return {
    sessionId,
    title,
    summary: 'Serialise token refresh',
    rawPlanText: '1. read 2. lock 3. test',
    phases: [
      {
        number: 1,
        title: 'Read the refresh flow',
        description: 'Find where tokens are refreshed',
        hintLevel: 'medium',
        expectedFiles: ['src/auth.ts'],
        hints: [
          { type: 'file', path: 'src/auth.ts', style: 'suggested' },
          {
            type: 'line',
            path: 'src/auth.ts',
            lineStart: 10,
            lineEnd: 20,
            style: 'hint',
            hoverText: 'Look here',
          },
        ],
      },
      {
        number: 2,
        title: 'Add a lock',
        description: 'One refresh at a time',
        hints: [{ type: 'file', path: 'src/lock.ts', style: 'required' }],
      },
      { number: 3, title: 'Test it', description: 'Concurrent refresh test' },
    ],
  };
}

describe('Story 2: SQLite State Management (repositories)', () => {
  let database: PaigeDatabase;
  let clock: FakeClock;
  let cleanup: () => void;
  beforeEach(() => {
    ({ database, clock, cleanup } = openTempDatabase());
  });
  afterEach(() => cleanup());

  it('AS-3: a session is stored active with started_at now and read back intact', () => {
    const session = createSession(database, {
      projectDir: '/home/u/proj',
      issueNumber: 42,
      issueTitle: 'Fix OAuth race condition',
      issueSummary: 'Tokens refresh twice',
    });
    expect(session).toMatchObject({
      projectDir: '/home/u/proj',
      issueNumber: 42,
      issueTitle: 'Fix OAuth race condition',
      issueSummary: 'Tokens refresh twice',
      status: 'active',
      hintLevel: 'medium',
      transcript: null,
      startedAt: '2026-02-11T10:00:00.000Z',
      endedAt: null,
    });
    expect(session.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(getSession(database, session.id)).toEqual(session);
    expect(getSession(database, 'missing')).toBeNull();
    expect(getActiveSession(database)).toEqual(session);
  });

  it('AS-3: ending, transcript, hint level and reactivation round-trip', () => {
    const session = createSession(database, { projectDir: '/p', issueNumber: 1 });
    setSessionTranscript(database, session.id, 'user: hi\npaige: hello');
    setSessionHintLevel(database, session.id, 'high');
    clock.advance(90 * 60_000);
    const ended = endSession(database, { sessionId: session.id, status: 'completed_with_errors' });
    expect(ended).toMatchObject({
      status: 'completed_with_errors',
      endedAt: '2026-02-11T11:30:00.000Z',
      hintLevel: 'high',
    });
    expect(ended.transcript).toBe('user: hi\npaige: hello');
    expect(getActiveSession(database)).toBeNull();
    clock.advance(60_000);
    // A successful retry flips the status but keeps the first ended_at.
    expect(endSession(database, { sessionId: session.id, status: 'completed' }).endedAt).toBe(
      '2026-02-11T11:30:00.000Z',
    );
    expect(reactivateSession(database, session.id)).toMatchObject({ status: 'active', endedAt: null });
    expect(() => endSession(database, { sessionId: 'nope', status: 'completed' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => setSessionHintLevel(database, session.id, 'extreme' as 'high')).toThrow(StoreError);
  });

  it('AS-4: a plan and its phases are linked by foreign keys, queryable alone or with the plan, is_active by default', () => {
    const session = createSession(database, { projectDir: '/p' });
    const plan = createPlan(database, threePhasePlan(session.id));
    expect(plan).toMatchObject({ sessionId: session.id, title: 'Fix the OAuth race', isActive: true });
    expect(plan.phases.map((p) => [p.number, p.status])).toEqual([
      [1, 'pending'],
      [2, 'pending'],
      [3, 'pending'],
    ]);
    const phase1 = plan.phases[0];
    expect(phase1).toBeDefined();
    if (!phase1) return;
    expect(getPhase(database, phase1.id)).toMatchObject({
      planId: plan.id,
      expectedFiles: ['src/auth.ts'],
      hintLevel: 'medium',
    });
    expect(getActivePlan(database, session.id)).toEqual(plan);
    expect(getPlan(database, plan.id)).toEqual(plan);
    // A phase pointing at a missing plan is rejected by the database (EC-08).
    expect(() =>
      database.sqlite
        .prepare(
          `INSERT INTO phases (id, plan_id, number, title, description, status) VALUES ('x', 'no-plan', 1, 't', 'd', 'pending')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    // Deleting the plan cascades to phases and hints (discovery Scenario 2.4).
    database.sqlite.prepare(`DELETE FROM plans WHERE id = ?`).run(plan.id);
    expect(countRows(database, 'phases')).toBe(0);
    expect(countRows(database, 'phase_hints')).toBe(0);
  });

  it('AS-4 / Story 9 AS-1: a new plan deactivates the previous one and both versions are kept', () => {
    const session = createSession(database, { projectDir: '/p' });
    const first = createPlan(database, threePhasePlan(session.id, 'v1'));
    clock.advance(1000);
    const second = createPlan(database, threePhasePlan(session.id, 'v2'));
    expect(getActivePlan(database, session.id)?.id).toBe(second.id);
    expect(getPlan(database, first.id)?.isActive).toBe(false);
    expect(listPlans(database, session.id).map((p) => [p.title, p.isActive])).toEqual([
      ['v2', true],
      ['v1', false],
    ]);
    // The database allows only one active plan per session.
    expect(() =>
      database.sqlite.prepare(`UPDATE plans SET is_active = 1 WHERE id = ?`).run(first.id),
    ).toThrow(/UNIQUE/);
  });

  it('a failing statement inside plan creation leaves no plan, phase or hint and keeps the old plan active', () => {
    const session = createSession(database, { projectDir: '/p' });
    const old = createPlan(database, threePhasePlan(session.id, 'old'));
    const before = {
      plans: countRows(database, 'plans'),
      phases: countRows(database, 'phases'),
      hints: countRows(database, 'phase_hints'),
    };
    database.sqlite.exec(`CREATE TEMP TRIGGER fail_hint BEFORE INSERT ON phase_hints WHEN NEW.path = 'boom.ts'
      BEGIN SELECT RAISE(ABORT, 'disk said no'); END`);
    const input = threePhasePlan(session.id, 'new');
    input.phases[1]?.hints?.push({ type: 'file', path: 'boom.ts', style: 'suggested' });
    expect(() => createPlan(database, input)).toThrow(/disk said no/);
    expect({
      plans: countRows(database, 'plans'),
      phases: countRows(database, 'phases'),
      hints: countRows(database, 'phase_hints'),
    }).toEqual(before);
    expect(getActivePlan(database, session.id)?.id).toBe(old.id);
    // An unknown session fails on the foreign key and writes nothing either.
    expect(() => createPlan(database, threePhasePlan('no-such-session'))).toThrow(/FOREIGN KEY/);
    expect(countRows(database, 'plans')).toBe(before.plans);
  });

  it('rejects invalid plan input before writing (bad style, reversed lines, duplicate phase numbers)', () => {
    const session = createSession(database, { projectDir: '/p' });
    const badStyle = threePhasePlan(session.id);
    badStyle.phases[0]?.hints?.push({ type: 'file', path: 'a.ts', style: 'hint' as 'suggested' });
    expect(() => createPlan(database, badStyle)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    const reversed = threePhasePlan(session.id);
    reversed.phases[0]?.hints?.push({ type: 'line', path: 'a.ts', lineStart: 9, lineEnd: 3, style: 'error' });
    expect(() => createPlan(database, reversed)).toThrow(/lineEnd/);
    const dup = threePhasePlan(session.id);
    dup.phases.push({ number: 1, title: 'again', description: 'dup' });
    expect(() => createPlan(database, dup)).toThrow(/unique/);
    expect(countRows(database, 'plans')).toBe(0);
  });

  it('AS-5: file and line hints keep their metadata and can be filtered by type', () => {
    const session = createSession(database, { projectDir: '/p' });
    const plan = createPlan(database, threePhasePlan(session.id));
    const phaseId = plan.phases[0]?.id ?? '';
    expect(listPhaseHints(database, phaseId)).toHaveLength(2);
    expect(listPhaseHints(database, phaseId, { type: 'file' })).toEqual([
      expect.objectContaining({ type: 'file', path: 'src/auth.ts', style: 'suggested', hoverText: null }),
    ]);
    expect(listPhaseHints(database, phaseId, { type: 'line' })).toEqual([
      expect.objectContaining({
        type: 'line',
        path: 'src/auth.ts',
        lineStart: 10,
        lineEnd: 20,
        style: 'hint',
        hoverText: 'Look here',
      }),
    ]);
    expect(listPhaseHints(database, plan.phases[2]?.id ?? '')).toEqual([]);
  });

  describe('Story 6: Phase Status Lifecycle', () => {
    it('pending -> active -> complete sets started_at / completed_at; same status is a no-op (EC-32)', () => {
      const session = createSession(database, { projectDir: '/p' });
      createPlan(database, threePhasePlan(session.id));
      clock.advance(1000);
      const activated = updatePhaseStatus(database, {
        sessionId: session.id,
        phaseNumber: 1,
        status: 'active',
      });
      expect(activated.changed).toBe(true);
      expect(activated.phase).toMatchObject({
        status: 'active',
        startedAt: '2026-02-11T10:00:01.000Z',
        completedAt: null,
      });
      const again = updatePhaseStatus(database, { sessionId: session.id, phaseNumber: 1, status: 'active' });
      expect(again).toEqual({ phase: activated.phase, changed: false });
      clock.advance(1000);
      const done = updatePhaseStatus(database, { sessionId: session.id, phaseNumber: 1, status: 'complete' });
      expect(done.phase).toMatchObject({ status: 'complete', completedAt: '2026-02-11T10:00:02.000Z' });
      expect(
        updatePhaseStatus(database, { sessionId: session.id, phaseNumber: 2, status: 'active' }).changed,
      ).toBe(true);
    });

    it('illegal transitions throw a typed error and write nothing', () => {
      const session = createSession(database, { projectDir: '/p' });
      const plan = createPlan(database, threePhasePlan(session.id));
      const snapshot = () =>
        database.sqlite
          .prepare(`SELECT number, status, started_at, completed_at FROM phases ORDER BY number`)
          .all();
      const expectIllegal = (phaseNumber: number, status: 'pending' | 'active' | 'complete') => {
        const before = snapshot();
        let error: unknown;
        try {
          updatePhaseStatus(database, { planId: plan.id, phaseNumber, status });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(PhaseTransitionError);
        expect((error as PhaseTransitionError).code).toBe('ILLEGAL_PHASE_TRANSITION');
        expect(snapshot()).toEqual(before);
      };
      expectIllegal(1, 'complete'); // skipping
      updatePhaseStatus(database, { planId: plan.id, phaseNumber: 1, status: 'active' });
      expectIllegal(2, 'active'); // two active phases
      expectIllegal(1, 'pending'); // going back
      updatePhaseStatus(database, { planId: plan.id, phaseNumber: 1, status: 'complete' });
      expectIllegal(1, 'active'); // re-activation
      expectIllegal(1, 'pending');
      expect(() =>
        updatePhaseStatus(database, { planId: plan.id, phaseNumber: 9, status: 'active' }),
      ).toThrow(expect.objectContaining({ code: 'PHASE_NOT_FOUND' }));
      const other = createSession(database, { projectDir: '/p' });
      expect(() =>
        updatePhaseStatus(database, { sessionId: other.id, phaseNumber: 1, status: 'active' }),
      ).toThrow(expect.objectContaining({ code: 'NO_ACTIVE_PLAN' }));
    });

    it('phase status is scoped per plan', () => {
      const session = createSession(database, { projectDir: '/p' });
      const v1 = createPlan(database, threePhasePlan(session.id, 'v1'));
      updatePhaseStatus(database, { planId: v1.id, phaseNumber: 1, status: 'active' });
      const v2 = createPlan(database, threePhasePlan(session.id, 'v2'));
      expect(
        updatePhaseStatus(database, { sessionId: session.id, phaseNumber: 1, status: 'active' }).phase.planId,
      ).toBe(v2.id);
      expect(getPlan(database, v1.id)?.phases[0]?.status).toBe('active');
    });
  });

  it('AS-6: Dreyfus assessments upsert by skill area (UNIQUE) and list globally', () => {
    const first = upsertDreyfusAssessment(database, {
      skillArea: 'React state management',
      stage: 'novice',
      confidence: 0.6,
      evidence: 'needed hints for useState',
    });
    expect(first).toMatchObject({ stage: 'novice', confidence: 0.6, assessedAt: '2026-02-11T10:00:00.000Z' });
    clock.advance(86_400_000);
    const second = upsertDreyfusAssessment(database, {
      skillArea: 'React state management',
      stage: 'competent',
      confidence: 0.8,
      evidence: 'lifted state unaided',
    });
    expect(second).toEqual({
      id: first.id,
      skillArea: 'React state management',
      stage: 'competent',
      confidence: 0.8,
      evidence: 'lifted state unaided',
      assessedAt: '2026-02-12T10:00:00.000Z',
    });
    upsertDreyfusAssessment(database, {
      skillArea: 'Node.js',
      stage: 'expert',
      confidence: 1,
      evidence: 'e',
    });
    expect(listDreyfusAssessments(database).map((a) => [a.skillArea, a.stage])).toEqual([
      ['Node.js', 'expert'],
      ['React state management', 'competent'],
    ]);
    expect(() =>
      upsertDreyfusAssessment(database, {
        skillArea: 'x',
        stage: 'guru' as 'expert',
        confidence: 0.5,
        evidence: '',
      }),
    ).toThrow(StoreError);
    expect(() =>
      upsertDreyfusAssessment(database, { skillArea: 'x', stage: 'expert', confidence: 1.5, evidence: '' }),
    ).toThrow(StoreError);
  });

  it('AS-7: knowledge gaps store JSON related concepts and are queried by session or globally with filters', () => {
    const s1 = createSession(database, { projectDir: '/p' });
    const s2 = createSession(database, { projectDir: '/p' });
    const a = recordKnowledgeGap(database, {
      sessionId: s1.id,
      topic: 'closures',
      severity: 'high',
      evidence: 'e1',
      relatedConcepts: ['scope', 'hoisting'],
    });
    clock.advance(1000);
    const b = recordKnowledgeGap(database, {
      sessionId: s1.id,
      topic: 'async',
      severity: 'low',
      evidence: 'e2',
    });
    clock.advance(1000);
    recordKnowledgeGap(database, { sessionId: s2.id, topic: 'types', severity: 'high', evidence: 'e3' });
    expect(a).toMatchObject({ relatedConcepts: ['scope', 'hoisting'], frequency: 1, addressed: false });
    expect(listKnowledgeGaps(database, { sessionId: s1.id }).map((g) => g.topic)).toEqual([
      'async',
      'closures',
    ]);
    expect(listKnowledgeGaps(database, { severity: 'high' }).map((g) => g.topic)).toEqual([
      'types',
      'closures',
    ]);
    setKnowledgeGapAddressed(database, b.id, true);
    expect(listKnowledgeGaps(database, { addressed: true }).map((g) => g.topic)).toEqual(['async']);
    expect(listKnowledgeGaps(database, { addressed: false, severity: 'high' })).toHaveLength(2);
    expect(listKnowledgeGaps(database)).toHaveLength(3);
  });

  it('AS-8 / AS-9: a kata starts with no attempts; attempts append in order and drive max level and unlocked constraints', () => {
    const session = createSession(database, { projectDir: '/p' });
    const gap = recordKnowledgeGap(database, {
      sessionId: session.id,
      topic: 'closures',
      severity: 'medium',
      evidence: 'e',
    });
    const kata = createKata(database, {
      knowledgeGapId: gap.id,
      title: 'Counter factory',
      description: 'Write makeCounter()',
      scaffoldingCode: 'export function makeCounter() {}',
      instructorNotes: 'Look for a closed-over variable',
      constraints: [
        { title: 'No classes', description: 'Use closures only', minLevel: 3 },
        { title: 'One line', description: 'Single expression', minLevel: 7 },
      ],
    });
    expect(kata.userAttempts).toEqual([]);
    expect(getKataMaxLevel(database, kata.id)).toBeNull();
    expect(getUnlockedConstraints(database, kata.id)).toEqual([]);
    appendKataAttempt(database, kata.id, { code: 'v1', review: 'close', level: 4, passed: false });
    appendKataAttempt(database, kata.id, {
      code: 'v2',
      review: 'good',
      level: 3,
      passed: true,
      constraints: [{ title: 'No classes', description: 'Use closures only', minLevel: 3 }],
    });
    const stored = getKata(database, kata.id);
    expect(stored?.userAttempts.map((a) => a.code)).toEqual(['v1', 'v2']);
    expect(stored?.userAttempts[1]?.constraints).toHaveLength(1);
    expect(getKataMaxLevel(database, kata.id)).toBe(4);
    expect(getUnlockedConstraints(database, kata.id).map((c) => c.title)).toEqual(['No classes']);
    expect(() => appendKataAttempt(database, kata.id, { code: 'x', level: 11 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => appendKataAttempt(database, 'missing', { code: 'x' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(getKata(database, kata.id)?.userAttempts).toHaveLength(2);
  });

  it('AS-10: progress events store type, optional JSON data, created_at, and list in chronological order', () => {
    const session = createSession(database, { projectDir: '/p' });
    const plan = createPlan(database, threePhasePlan(session.id));
    const phaseId = plan.phases[0]?.id ?? '';
    for (const eventType of ['hint_used', 'hint_escalated', 'review_requested', 'review_passed']) {
      addProgressEvent(database, {
        phaseId,
        eventType,
        data: eventType === 'hint_used' ? { level: 'low' } : null,
      });
      clock.advance(eventType === 'hint_escalated' ? 0 : 500);
    }
    const events = listProgressEvents(database, phaseId);
    expect(events.map((e) => e.eventType)).toEqual([
      'hint_used',
      'hint_escalated',
      'review_requested',
      'review_passed',
    ]);
    expect(events[0]).toMatchObject({ data: { level: 'low' }, createdAt: '2026-02-11T10:00:00.000Z' });
    expect(events[1]?.data).toBeNull();
    expect(() => addProgressEvent(database, { phaseId: 'missing', eventType: 'hint_used' })).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('Independent Test: the full lifecycle round-trips with foreign keys intact', () => {
    const session = createSession(database, { projectDir: '/p', issueNumber: 5, issueTitle: 'Lifecycle' });
    const plan = createPlan(database, threePhasePlan(session.id));
    const phase = plan.phases[0];
    if (!phase) throw new Error('no phase');
    addProgressEvent(database, { phaseId: phase.id, eventType: 'hint_used' });
    const gap = recordKnowledgeGap(database, {
      sessionId: session.id,
      topic: 't',
      severity: 'low',
      evidence: 'e',
    });
    const kata = createKata(database, {
      knowledgeGapId: gap.id,
      title: 'k',
      description: 'd',
      scaffoldingCode: '',
      instructorNotes: '',
    });
    endSession(database, { sessionId: session.id, status: 'completed' });
    expect(database.sqlite.pragma('foreign_key_check')).toEqual([]);
    const chain = database.sqlite
      .prepare(
        `SELECT s.issue_title AS title, COUNT(DISTINCT ph.id) AS phases, COUNT(DISTINCT h.id) AS hints, COUNT(DISTINCT pe.id) AS events
         FROM sessions s JOIN plans p ON p.session_id = s.id JOIN phases ph ON ph.plan_id = p.id
         LEFT JOIN phase_hints h ON h.phase_id = ph.id LEFT JOIN progress_events pe ON pe.phase_id = ph.id WHERE s.id = ?`,
      )
      .get(session.id);
    expect(chain).toEqual({ title: 'Lifecycle', phases: 3, hints: 3, events: 1 });
    expect(getKata(database, kata.id)?.knowledgeGapId).toBe(gap.id);
  });

  it('Story 9: wrap-up errors are recorded, listed per session and cleared after a retry', () => {
    const session = createSession(database, { projectDir: '/p' });
    recordWrapUpError(database, {
      sessionId: session.id,
      agentName: 'knowledge_gaps',
      errorMessage: 'rate limited',
    });
    clock.advance(10);
    recordWrapUpError(database, { sessionId: session.id, agentName: 'dreyfus', errorMessage: 'bad schema' });
    expect(listWrapUpErrors(database, session.id).map((e) => [e.agentName, e.errorMessage])).toEqual([
      ['knowledge_gaps', 'rate limited'],
      ['dreyfus', 'bad schema'],
    ]);
    expect(() =>
      recordWrapUpError(database, {
        sessionId: session.id,
        agentName: 'coach' as 'dreyfus',
        errorMessage: 'x',
      }),
    ).toThrow(StoreError);
    expect(clearWrapUpErrors(database, { sessionId: session.id, agentName: 'dreyfus' })).toBe(1);
    expect(listWrapUpErrors(database, session.id)).toHaveLength(1);
  });

  it('stale sweep: abandons active sessions of another project or with no recent action, keeps recent ones', () => {
    const log = createActionLog({ database });
    const recent = createSession(database, { projectDir: '/p' });
    const otherProject = createSession(database, { projectDir: '/elsewhere' });
    const quiet = createSession(database, { projectDir: '/p' });
    const done = createSession(database, { projectDir: '/p' });
    endSession(database, { sessionId: done.id, status: 'completed' });
    clock.advance(11 * 3_600_000);
    log.logAction({ sessionId: recent.id, actionType: 'file_open', data: { path: 'a.ts' } });
    clock.advance(2 * 3_600_000);
    const abandoned = sweepStaleSessions(database, { projectDir: '/p', maxAgeMs: 12 * 3_600_000 });
    expect(abandoned.sort()).toEqual([otherProject.id, quiet.id].sort());
    expect(getSession(database, quiet.id)).toMatchObject({
      status: 'abandoned',
      endedAt: '2026-02-11T23:00:00.000Z',
    });
    expect(getSession(database, recent.id)?.status).toBe('active');
    expect(getSession(database, done.id)?.status).toBe('completed');
    expect(getActiveSession(database, { projectDir: '/p' })?.id).toBe(recent.id);
  });
});
