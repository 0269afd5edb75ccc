/**
 * Issue 23 in @paige/coaching: the hint-level rule, the wrap-up report built from a real SQLite file, Review My Work's
 * confined references and the manager summary through the Messages-API stand-in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLlmClient, type LlmClient } from '@paige/llm';
import { startMessagesApiStub, textReply, type MessagesApiStub, type StubRequest } from '@paige/llm/testing';
import { serverMessages } from '@paige/protocol';
import {
  createActionLog,
  createKata,
  createPlan,
  createSession,
  endSession,
  logApiCall,
  openDatabase,
  recordKnowledgeGap,
  recordWrapUpError,
  setSessionHintLevel,
  setSessionSummary,
  updatePhaseStatus,
  type PaigeDatabase,
} from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appliedHintLevel,
  buildWrapUpReport,
  chooseHintLevel,
  confineReferences,
  describeHintLevel,
  followSuggestion,
  managerSummaryModule,
  reviewWork,
  writeManagerSummary,
} from '../src/index.js';

describe('Issue 23 item 1: the hint-level rule', () => {
  it('a new session applies medium and follows each phase suggestion until the learner chooses', () => {
    expect(appliedHintLevel(null)).toBe('medium');
    let state = { level: 'medium' as const, chosen: false } as {
      level: 'off' | 'low' | 'medium' | 'high';
      chosen: boolean;
    };
    ({ state } = followSuggestion(state, 'high'));
    expect(state).toEqual({ level: 'high', chosen: false });
    expect(followSuggestion(state, null)).toEqual({ state, changed: false });
    const picked = chooseHintLevel(state, 'low');
    expect(picked).toEqual({ state: { level: 'low', chosen: true }, previousLevel: 'high', changed: true });
    // the learner's choice wins over the next phase's suggestion
    expect(followSuggestion(picked.state, 'high')).toEqual({
      state: { level: 'low', chosen: true },
      changed: false,
    });
    expect(appliedHintLevel(picked.state)).toBe('low');
  });

  it('choosing the level already chosen changes nothing (a request sent twice applies once)', () => {
    expect(chooseHintLevel({ level: 'low', chosen: true }, 'low').changed).toBe(false);
    // picking the suggested level itself is still a choice
    expect(chooseHintLevel({ level: 'low', chosen: false }, 'low')).toMatchObject({
      changed: true,
      state: { chosen: true },
    });
  });

  it('describes the level for Claude Code, with the suggestion when the learner chose another', () => {
    expect(describeHintLevel('low', true, 'high')).toBe(
      'Hint level: low (file hints: relevant files glow in the tree; no line highlights), chosen by the learner; Paige suggests high for this phase.',
    );
    expect(describeHintLevel('off', false)).toMatch(
      /^Hint level: off \(no visual guidance.*Paige's suggestion/,
    );
  });
});

let dir: string;
let db: PaigeDatabase;
let stub: MessagesApiStub;
let llm: LlmClient;

const route = (req: StubRequest) => {
  if (req.systemText.includes('stand-up notes'))
    return textReply({ summary: 'I worked on a sign-in bug. ```js\nconst secret = fix();\n```' });
  if (req.systemText.includes("Paige's work reviewer")) {
    return textReply({
      review: 'You found the effect.',
      phaseGoalMet: false,
      suggestions: ['What does an effect return?'],
      references: [
        { path: 'src/a.ts', startLine: 2, endLine: 9, note: 'The id is never cleared.' },
        { path: '../etc/passwd', startLine: 1, endLine: null, note: 'outside' },
        { path: 'src/missing.ts', startLine: 1, endLine: null, note: 'missing' },
        { path: 'src/a.ts', startLine: 40, endLine: null, note: 'past the end' },
      ],
    });
  }
  return undefined;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paige-i23-'));
  db = openDatabase(join(dir, 'paige.db'));
  stub = await startMessagesApiStub({ handler: route });
  llm = createLlmClient({ apiKey: 'k', baseURL: stub.url, maxRetries: 0 });
});
afterAll(async () => {
  db.close();
  await stub.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Issue 23 item 4: the wrap-up report from the database', () => {
  it('reports phases, hints per level, nudges, reviews, gaps with katas, Dreyfus changes, duration, cost and errors', () => {
    const session = createSession(db, { projectDir: '/p', issueNumber: 42, issueTitle: 'Fix login' });
    setSessionHintLevel(db, session.id, 'low', { chosen: true });
    createPlan(db, {
      sessionId: session.id,
      title: 'Plan',
      phases: [
        { number: 1, title: 'Find it', description: 'd1', hintLevel: 'high', hints: [] },
        { number: 2, title: 'Fix it', description: 'd2', hintLevel: 'medium', hints: [] },
      ],
    });
    updatePhaseStatus(db, { sessionId: session.id, phaseNumber: 1, status: 'active' });
    updatePhaseStatus(db, { sessionId: session.id, phaseNumber: 1, status: 'complete' });
    updatePhaseStatus(db, { sessionId: session.id, phaseNumber: 2, status: 'active' });
    const log = createActionLog({ database: db, groupCommit: false });
    log.logAction({
      sessionId: session.id,
      actionType: 'file_hints_applied',
      data: { paths: ['a'], hintLevel: 'high' },
    });
    log.logAction({
      sessionId: session.id,
      actionType: 'decorations_applied',
      data: { path: 'a', count: 1, hintLevel: 'low' },
    });
    log.logAction({
      sessionId: session.id,
      actionType: 'decorations_applied',
      data: { path: 'a', count: 1 },
    });
    log.logAction({
      sessionId: session.id,
      actionType: 'nudge_sent',
      data: { signal: 'idle', confidence: 0.9 },
    });
    log.logAction({ sessionId: session.id, actionType: 'review_requested', data: {} });
    log.logAction({
      sessionId: session.id,
      actionType: 'dreyfus_stage_changed',
      data: { skillArea: 'React', from: 'novice', to: 'advanced_beginner' },
    });
    log.logAction({
      sessionId: session.id,
      actionType: 'dreyfus_stage_changed',
      data: { skillArea: 'React', from: 'advanced_beginner', to: 'competent' },
    });
    log.logAction({
      sessionId: session.id,
      actionType: 'dreyfus_stage_changed',
      data: { skillArea: 'SQL', from: null, to: 'novice' },
    });
    logApiCall(db, {
      sessionId: session.id,
      callType: 'coach_agent',
      model: 'm',
      inputHash: 'h',
      latencyMs: 1,
      inputTokens: 1,
      outputTokens: 1,
      costEstimate: 0.25,
    });
    logApiCall(db, {
      sessionId: session.id,
      callType: 'explain_this',
      model: 'm',
      inputHash: 'h',
      latencyMs: 1,
      inputTokens: 1,
      outputTokens: 1,
      costEstimate: 0.5,
    });
    logApiCall(db, {
      sessionId: null,
      callType: 'explain_this',
      model: 'm',
      inputHash: 'h',
      latencyMs: 1,
      inputTokens: 1,
      outputTokens: 1,
      costEstimate: 9,
    });
    const gap = recordKnowledgeGap(db, {
      sessionId: session.id,
      topic: 'Effect cleanup',
      severity: 'high',
      evidence: 'took 3 hints',
    });
    const kata = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Timers',
      description: 'd',
      scaffoldingCode: '',
      instructorNotes: '',
    });
    recordWrapUpError(db, {
      sessionId: session.id,
      agentName: 'reflection',
      errorMessage: 'memory is unavailable',
    });
    endSession(db, { sessionId: session.id, status: 'completed_with_errors' });
    setSessionSummary(db, session.id, 'Worked on the login check.');

    const report = buildWrapUpReport(db, session.id, { pending: false });
    expect(serverMessages['session:wrap_up'].safeParse(report).success).toBe(true);
    expect(report).toMatchObject({
      sessionId: session.id,
      status: 'completed_with_errors',
      pending: false,
      issueContext: { number: 42, title: 'Fix login' },
      costUsd: 0.75,
      hintsUsed: { off: 0, low: 2, medium: 0, high: 1 },
      nudges: 1,
      reviews: 1,
      knowledgeGaps: [
        {
          id: gap.id,
          topic: 'Effect cleanup',
          severity: 'high',
          description: 'took 3 hints',
          addressed: false,
        },
      ],
      katas: [{ id: kata.id, title: 'Timers', gapId: gap.id }],
      dreyfusChanges: [
        { skillArea: 'React', from: 'novice', to: 'competent' },
        { skillArea: 'SQL', from: null, to: 'novice' },
      ],
      errors: [{ agent: 'reflection', message: 'memory is unavailable' }],
    });
    expect(report!.phases.map((p) => [p.number, p.status])).toEqual([
      [1, 'complete'],
      [2, 'active'],
    ]);
    expect(report!.summary).toMatch(
      /^Session on issue #42 "Fix login" \(.+\): 1 of 2 phases complete, 3 hints shown, 1 review, 1 knowledge gap found\. Worked on the login check\.$/,
    );
    expect(report!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('an unknown session has no report', () => {
    expect(buildWrapUpReport(db, 'nope', { pending: false })).toBeNull();
  });
});

describe('Issue 23 item 2: Review My Work references', () => {
  const lines = async (path: string) => (path === 'src/a.ts' ? 12 : null);

  it('keeps references into existing project files, clamps them, and drops the others', async () => {
    const result = await reviewWork(llm, {
      issueTitle: 'Fix login',
      phase: { number: 1, title: 'Find it', description: 'd' },
      files: [{ path: 'src/a.ts', content: 'a\nb\nc\n' }],
      assessments: [],
      hintLevel: 'medium',
      lineCount: lines,
    });
    expect(result.payload).toEqual({
      review: 'You found the effect.',
      suggestions: ['What does an effect return?'],
      references: [{ path: 'src/a.ts', startLine: 2, endLine: 9, note: 'The id is never cleared.' }],
      hintLevel: 'medium',
    });
    expect(result.droppedReferences).toBe(3);
    expect(serverMessages['review:response'].safeParse(result.payload).success).toBe(true);
    const sent = stub.requests.at(-1)!;
    expect(JSON.stringify(sent.messages)).toContain('hint_level: medium');
  });

  it('at low only files are pointed at (line 1); at off no reference is kept', async () => {
    const refs = [{ path: './src/a.ts', startLine: 5, endLine: 7, note: 'n' }];
    expect((await confineReferences(refs, 'low', lines)).references).toEqual([
      { path: 'src/a.ts', startLine: 1, note: 'n' },
    ]);
    expect((await confineReferences(refs, 'off', lines)).references).toEqual([]);
    expect((await confineReferences(refs, 'high', lines)).references).toEqual([
      { path: 'src/a.ts', startLine: 5, endLine: 7, note: 'n' },
    ]);
  });
});

describe('Issue 23 item 4: the manager summary (brainstorm API call 10)', () => {
  it('writes one paragraph from the report facts with Haiku, guarded (no code reaches the team lead)', async () => {
    const session = createSession(db, { projectDir: '/q', issueTitle: 'Speed up search' });
    endSession(db, { sessionId: session.id, status: 'completed' });
    const report = buildWrapUpReport(db, session.id, { pending: false })!;
    const result = await writeManagerSummary(llm, report, { sessionId: session.id });
    expect(result.summary).toContain('I worked on a sign-in bug.');
    expect(result.summary).not.toContain('const secret');
    expect(result.solutionGuard).toMatchObject({ source: 'manager_summary' });
    const sent = stub.requests.at(-1)!;
    expect(sent.systemText).toBe(managerSummaryModule.systemPrompt);
    expect(sent.model).toMatch(/haiku/);
    expect(JSON.stringify(sent.messages)).toContain('Speed up search');
  });
});
