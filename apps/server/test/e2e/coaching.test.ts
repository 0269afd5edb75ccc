/**
 * Story 9 (issue 8) end to end, ChromaDB off (`ctx.memory === null`): `paige_run_coaching_pipeline`, the wrap-up
 * run by `paige_end_session`, and `paige_retry_wrap_up`, through the MCP client against the running server with
 * the Messages-API stand-in scripting each agent's reply.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  error,
  startMessagesApiStub,
  textReply,
  type MessagesApiStub,
  type StubReply,
  type StubRequest,
} from '@paige/llm/testing';
import {
  getActivePlan,
  listDreyfusAssessments,
  listKatas,
  listKnowledgeGaps,
  listPlans,
  listWrapUpErrors,
  getSession,
  upsertDreyfusAssessment,
} from '@paige/store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectMcp, eventually, startTestServer, WsClient, type TestServer } from '../support/harness.js';

type Agent = 'filter' | 'coach' | 'gaps' | 'dreyfus' | 'reflection';
const MARKERS: Record<Agent, string> = {
  filter: 'filter memories for relevance',
  coach: "Paige's coaching engine",
  gaps: "Paige's learning analyst",
  dreyfus: "Paige's skill assessor",
  reflection: "Paige's memory curator",
};
const agentOf = (r: StubRequest): Agent | undefined =>
  (Object.keys(MARKERS) as Agent[]).find((a) => r.systemText.includes(MARKERS[a]));
const userText = (r: StubRequest): string => {
  const first = r.messages[0] as { content: unknown } | undefined;
  if (!first) return '';
  if (typeof first.content === 'string') return first.content;
  return (first.content as Array<{ text?: string }>).map((b) => b.text ?? '').join('');
};

const COACH_REPLY = {
  phases: [
    {
      number: 1,
      title: 'Find where the token is checked',
      description:
        'Open the auth middleware and trace how a request token is validated before you change anything.',
      expectedFiles: ['src/auth.ts'],
      hintLevel: 'high',
      hints: [
        { type: 'file', path: 'src/auth.ts', style: 'required', hoverText: 'The check lives here' },
        { type: 'file', path: 'src/token.ts', style: 'suggested', hoverText: null },
        {
          type: 'line',
          path: 'src/auth.ts',
          startLine: 2,
          endLine: 3,
          style: 'hint',
          hoverText: 'What happens when the token is expired?',
        },
        {
          type: 'line',
          path: '../outside.ts',
          startLine: 1,
          endLine: 1,
          style: 'hint',
          hoverText: 'outside the project',
        },
      ],
      knowledgeGapOpportunities: ['JWT expiry'],
    },
    {
      number: 2,
      title: 'Handle the expired token',
      description: 'Make the middleware answer 401 for an expired token and add a test for it.',
      expectedFiles: ['src/auth.ts', 'test/auth.test.ts'],
      hintLevel: 'medium',
      hints: [
        {
          type: 'line',
          path: 'src/token.ts',
          startLine: 1,
          endLine: 2,
          style: 'success',
          hoverText: 'A model to follow',
        },
      ],
      knowledgeGapOpportunities: [],
    },
  ],
  memoryConnection: null,
  estimatedDifficulty: 'intermediate',
};

const GAPS_REPLY = {
  knowledgeGaps: [
    {
      topic: 'JWT expiry handling',
      severity: 'high',
      evidence: 'phase 1 took 24 minutes and 3 hints',
      relatedConcepts: ['jwt'],
    },
    {
      topic: 'Express middleware order',
      severity: 'medium',
      evidence: 'asked twice about next()',
      relatedConcepts: [],
    },
  ],
  addressedGaps: [],
  katas: [
    {
      gapTopic: 'JWT expiry handling',
      title: 'Expiring tickets',
      description: 'Write a checker that rejects expired tickets.',
      scaffoldingCode: 'export function check(ticket) {\n  // your code\n}\n',
      instructorNotes: 'Look for clock injection.',
      testCases: ['rejects a ticket one second past expiry'],
      constraints: [
        { title: 'Inject the clock', description: 'No Date.now inside', minLevel: 5 },
        { title: 'No mutation', description: 'Pure functions only', minLevel: 3 },
      ],
    },
    {
      gapTopic: 'express middleware order',
      title: 'Middleware relay',
      description: 'Chain three middlewares.',
      scaffoldingCode: null,
      instructorNotes: 'Order matters.',
      testCases: [],
      constraints: [],
    },
  ],
  sessionSummary: { phasesCompleted: 1, totalTimeMinutes: 30, hintsUsed: 3, independentCompletions: 0 },
};

const DREYFUS_REPLY = {
  assessments: [
    {
      skillArea: 'debugging',
      stage: 'advanced_beginner',
      previousStage: 'novice',
      confidence: 0.6,
      evidence: 'found the bug alone',
      recommendation: 'directional hints',
    },
    {
      skillArea: 'testing',
      stage: 'novice',
      previousStage: null,
      confidence: 0.5,
      evidence: 'needed help with the test',
      recommendation: 'step by step',
    },
  ],
};

let t: TestServer;
let stub: MessagesApiStub;
let mcp: { client: Client; close(): Promise<void> };
let ws: WsClient;
let script: Partial<Record<Agent, StubReply>> = {};

beforeAll(async () => {
  stub = await startMessagesApiStub({
    handler: (r) => {
      const agent = agentOf(r);
      return agent ? script[agent] : undefined;
    },
  });
  t = await startTestServer({
    files: {
      'src/auth.ts':
        'export function auth(req) {\n  const token = req.headers.token;\n  return verify(token);\n}\n',
      'src/token.ts': 'export function verify(t) {\n  return t.length > 0;\n}\n',
      'test/auth.test.ts': '// tests\n',
    },
    env: { ANTHROPIC_BASE_URL: stub.url },
  });
  mcp = await connectMcp(t.url);
  ws = (await WsClient.hello(t.url)).client;
});
afterAll(async () => {
  await ws.close();
  await mcp.close();
  await t.stop();
  await stub.stop();
});
beforeEach(() => {
  script = {};
  stub.requests.length = 0;
});

const ctx = () => t.server.parts;
async function call(name: string, args: Record<string, unknown>) {
  const res = await mcp.client.callTool({ name, arguments: args });
  const text = (res.content as Array<{ text: string }>)[0]?.text ?? '';
  return {
    isError: res.isError === true,
    structured: res.structuredContent as Record<string, unknown> | undefined,
    text,
  };
}
async function startSession(title = 'Expired tokens are accepted'): Promise<string> {
  const r = await call('paige_start_session', {
    issueNumber: 42,
    issueTitle: title,
    issueSummary: 'The API accepts expired JWTs.',
  });
  expect(r.isError).toBe(false);
  return String(r.structured?.sessionId);
}
async function runPipeline() {
  return call('paige_run_coaching_pipeline', {
    planText:
      'Plan: 1) read src/auth.ts lines 2-3 2) add expiry check in src/token.ts 3) test in test/auth.test.ts',
    issueSummary: 'The API accepts expired JWTs.',
    issueNumber: 42,
  });
}
const count = (table: string): number =>
  (ctx().db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('Story 9: Coaching Pipeline (ChromaDB off)', () => {
  it('AS-1, AS-2, AS-8: stores the plan, broadcasts coaching:plan_ready and applies the first phase hints; the coach sees the assessments and no memories', async () => {
    upsertDreyfusAssessment(ctx().db, {
      skillArea: 'debugging',
      stage: 'novice',
      confidence: 0.8,
      evidence: 'seed',
    });
    const sessionId = await startSession();
    script.coach = textReply(COACH_REPLY);
    const from = ws.received.length;
    const r = await runPipeline();
    expect(r.isError, r.text).toBe(false);
    const planId = String(r.structured?.planId);
    expect(r.structured).toMatchObject({
      estimatedDifficulty: 'intermediate',
      memoryConnection: null,
      phases: [
        { number: 1, title: 'Find where the token is checked', hintLevel: 'high' },
        { number: 2, title: 'Handle the expired token', hintLevel: 'medium' },
      ],
    });

    // Only the coach was called (no memories -> no filter call), with the assessments and a cache-marked system prompt.
    expect(stub.requests.map(agentOf)).toEqual(['coach']);
    const coachReq = stub.requests[0]!;
    expect(userText(coachReq)).toContain('debugging: novice (confidence 0.80)');
    expect(userText(coachReq)).toMatch(/<relevant_memories>\s*None\./);
    expect(JSON.stringify(coachReq.system)).toContain('cache_control');

    const plan = getActivePlan(ctx().db, sessionId);
    expect(plan?.id).toBe(planId);
    expect(plan?.phases.map((p) => p.hints.length)).toEqual([3, 1]); // the hint outside the project was dropped

    const ready = await ws.next('coaching:plan_ready', 5000, from);
    expect(ready.payload).toMatchObject({
      planId,
      estimatedDifficulty: 'intermediate',
      memoryConnection: null,
    });
    expect((ready.payload as { phases: unknown[] }).phases).toHaveLength(2);
    const hl = await ws.next(
      (m) => m.type === 'editor:highlight_lines' && m.payload.path === 'src/auth.ts',
      5000,
      from,
    );
    expect(hl.payload).toMatchObject({
      highlights: [
        { startLine: 2, endLine: 3, style: 'hint', hoverText: 'What happens when the token is expired?' },
      ],
    });
    const files = await ws.next(
      (m) => m.type === 'explorer:hint_files' && m.payload.style === 'required',
      5000,
      from,
    );
    expect(files.payload).toMatchObject({ paths: ['src/auth.ts'] });
    await ws.next((m) => m.type === 'explorer:hint_files' && m.payload.style === 'suggested', 5000, from);

    const logged = ctx().actionLog.recentActions({
      sessionId,
      limit: 50,
      actionType: 'coaching_pipeline_run',
    });
    expect(logged[0]?.data).toMatchObject({
      planId,
      phaseCount: 2,
      hintCount: 4,
      memoriesRetrieved: 0,
      memoryFilter: 'skipped',
      droppedHints: 1,
    });

    // A reconnecting editor gets the hints on resync.
    const late = (await WsClient.hello(t.url)).client;
    await late.next((m) => m.type === 'editor:highlight_lines' && m.payload.path === 'src/auth.ts');
    await late.next('explorer:hint_files');
    await late.close();
  });

  it('AS-1: a second run deactivates the first plan; AS-7: plan, phases and hints are linked by foreign keys', async () => {
    const sessionId = ctx().sessions.active()!.id;
    script.coach = textReply(COACH_REPLY);
    const first = getActivePlan(ctx().db, sessionId)!;
    const r = await runPipeline();
    expect(r.isError, r.text).toBe(false);
    const plans = listPlans(ctx().db, sessionId);
    expect(plans).toHaveLength(2);
    expect(plans.filter((p) => p.isActive).map((p) => p.id)).toEqual([r.structured?.planId]);
    expect(plans.find((p) => p.id === first.id)?.isActive).toBe(false);
    const orphans = ctx()
      .db.prepare(
        `SELECT (SELECT count(*) FROM phases WHERE plan_id NOT IN (SELECT id FROM plans)) +
              (SELECT count(*) FROM phase_hints WHERE phase_id NOT IN (SELECT id FROM phases)) +
              (SELECT count(*) FROM plans WHERE session_id NOT IN (SELECT id FROM sessions)) AS n`,
      )
      .get() as { n: number };
    expect(orphans.n).toBe(0);
    expect(ctx().db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  });

  it('AS-3: coach failure (API error, invalid reply, no phases) is an MCP error and stores nothing', async () => {
    const before = { plans: count('plans'), phases: count('phases'), hints: count('phase_hints') };
    const active = getActivePlan(ctx().db, ctx().sessions.active()!.id)!.id;
    for (const reply of [
      error(400, 'invalid_request_error', { message: 'bad request' }),
      textReply({ phases: 'not a list', memoryConnection: null, estimatedDifficulty: 'hard' }),
      textReply({ phases: [], memoryConnection: null, estimatedDifficulty: 'beginner' }),
    ]) {
      script.coach = reply;
      const r = await runPipeline();
      expect(r.isError).toBe(true);
      expect(r.text.length).toBeGreaterThan(0);
    }
    expect({ plans: count('plans'), phases: count('phases'), hints: count('phase_hints') }).toEqual(before);
    expect(getActivePlan(ctx().db, ctx().sessions.active()!.id)?.id).toBe(active);
  });

  it('AS-5 (ChromaDB down): the end-of-session wrap-up stores gaps, katas and assessments; reflection fails and is recorded', async () => {
    const sessionId = ctx().sessions.active()!.id;
    script = { gaps: textReply(GAPS_REPLY), dreyfus: textReply(DREYFUS_REPLY) };
    const from = ws.received.length;
    const r = await call('paige_end_session', {
      sessionTranscript: 'User: why is the token accepted?\nPaige: look at line 2.',
    });
    expect(r.isError, r.text).toBe(false);
    expect(r.structured).toMatchObject({
      sessionId,
      sessionStatus: 'completed_with_errors',
      knowledgeGaps: 2,
      kataSpecs: 2,
      dreyfusUpdates: 2,
      memoriesStored: 0,
    });
    expect((r.structured?.errors as Array<{ agent: string }>).map((e) => e.agent)).toEqual(['reflection']);
    // The reflection model is not called when there is nowhere to store its memories.
    expect(stub.requests.map(agentOf).sort()).toEqual(['dreyfus', 'gaps']);

    const gaps = listKnowledgeGaps(ctx().db, { sessionId });
    expect(gaps.map((g) => g.topic).sort()).toEqual(['Express middleware order', 'JWT expiry handling']);
    const katas = listKatas(ctx().db);
    const jwt = gaps.find((g) => g.topic === 'JWT expiry handling')!;
    const expiring = katas.find((k) => k.title === 'Expiring tickets')!;
    expect(expiring.knowledgeGapId).toBe(jwt.id);
    expect(expiring.constraints.map((c) => c.minLevel)).toEqual([3, 5]);
    expect(katas.find((k) => k.title === 'Middleware relay')?.knowledgeGapId).toBe(
      gaps.find((g) => g.topic === 'Express middleware order')!.id,
    );
    expect(listDreyfusAssessments(ctx().db).find((a) => a.skillArea === 'debugging')?.stage).toBe(
      'advanced_beginner',
    );
    expect(listWrapUpErrors(ctx().db, sessionId).map((e) => e.agentName)).toEqual(['reflection']);
    expect(
      ctx().actionLog.recentActions({ sessionId, limit: 10, actionType: 'wrap_up_error' })[0]?.data,
    ).toMatchObject({ agent: 'reflection' });
    expect(ctx().db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);

    const done = await ws.next('session:completed', 5000, from);
    expect(done.payload).toMatchObject({
      sessionId,
      status: 'completed_with_errors',
      knowledgeGaps: 2,
      kataSpecs: 2,
      dreyfusUpdates: 2,
      memoriesStored: 0,
    });

    // The inputs came from the real session data: the phases of the active plan and the existing gaps.
    const gapReq = stub.requests.find((q) => agentOf(q) === 'gaps')!;
    expect(userText(gapReq)).toContain('Find where the token is checked');
    expect(userText(gapReq)).toContain('why is the token accepted?');
  });

  it('AS-6: all three agents failing still completes the session with zero counts; retry of a failed agent uses the stored transcript', async () => {
    const sessionId = await startSession('Second issue');
    script = {
      gaps: error(400, 'invalid_request_error'),
      dreyfus: textReply({ assessments: [{ skillArea: 'x', stage: 'wizard' }] }),
    };
    const r = await call('paige_end_session', {
      sessionTranscript: 'TRANSCRIPT-MARKER: the learner fixed it',
    });
    expect(r.structured).toMatchObject({
      sessionStatus: 'completed_with_errors',
      knowledgeGaps: 0,
      kataSpecs: 0,
      dreyfusUpdates: 0,
      memoriesStored: 0,
    });
    expect((r.structured?.errors as Array<{ agent: string }>).map((e) => e.agent)).toEqual([
      'knowledge_gaps',
      'dreyfus',
      'reflection',
    ]);
    expect(getSession(ctx().db, sessionId)?.status).toBe('completed_with_errors');
    expect(listWrapUpErrors(ctx().db, sessionId)).toHaveLength(3);
    expect(ctx().actionLog.countActions({ sessionId, actionType: 'wrap_up_error' })).toBe(3);

    // Retry one named agent: it succeeds, the others stay on record.
    stub.requests.length = 0;
    script = { gaps: textReply(GAPS_REPLY) };
    const from = ws.received.length;
    const retry = await call('paige_retry_wrap_up', { sessionId, agent: 'knowledge_gaps' });
    expect(retry.isError, retry.text).toBe(false);
    expect(retry.structured).toMatchObject({
      sessionId,
      retried: ['knowledge_gaps'],
      sessionStatus: 'completed_with_errors',
      knowledgeGaps: 2,
      kataSpecs: 2,
      dreyfusUpdates: 0,
      memoriesStored: 0,
    });
    expect((retry.structured?.errors as Array<{ agent: string }>).map((e) => e.agent)).toEqual([
      'dreyfus',
      'reflection',
    ]);
    expect(userText(stub.requests[0]!)).toContain('TRANSCRIPT-MARKER');
    // The gaps already on record are sent so they are not duplicated, and a recurring topic bumps the frequency.
    expect(userText(stub.requests[0]!)).toContain('JWT expiry handling (high');
    const jwtRows = listKnowledgeGaps(ctx().db).filter((g) => g.topic === 'JWT expiry handling');
    expect(jwtRows).toHaveLength(1);
    expect(jwtRows[0]?.frequency).toBe(2);
    const done = await ws.next('session:completed', 5000, from);
    expect(done.payload).toMatchObject({ sessionId, status: 'completed_with_errors', knowledgeGaps: 2 });

    // Retry without a name re-runs the failed ones; Dreyfus now succeeds, reflection still cannot store.
    script = { dreyfus: textReply(DREYFUS_REPLY) };
    const again = await call('paige_retry_wrap_up', { sessionId });
    expect(again.structured).toMatchObject({
      retried: ['dreyfus', 'reflection'],
      dreyfusUpdates: 2,
      knowledgeGaps: 0,
      sessionStatus: 'completed_with_errors',
    });
    expect(listWrapUpErrors(ctx().db, sessionId).map((e) => e.agentName)).toEqual(['reflection']);

    const unknown = await call('paige_retry_wrap_up', { sessionId: 'no-such-session' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain('does not exist');
  });

  it('keeps every agent input within its stated bound for a session with 10,000 actions', async () => {
    const sessionId = await startSession('Long session');
    script.coach = textReply(COACH_REPLY);
    expect((await runPipeline()).isError).toBe(false);
    for (let i = 0; i < 10_000; i += 1) {
      ctx().actionLog.logAction({
        sessionId,
        actionType: 'file_open',
        data: { path: `src/file-${i % 300}.ts` },
      });
    }
    ctx().actionLog.flush();
    stub.requests.length = 0;
    script = { gaps: textReply(GAPS_REPLY), dreyfus: textReply(DREYFUS_REPLY) };
    const r = await call('paige_end_session', { sessionTranscript: 'x'.repeat(200_000) });
    expect(r.isError, r.text).toBe(false);
    const gapReq = stub.requests.find((q) => agentOf(q) === 'gaps')!;
    const dreyReq = stub.requests.find((q) => agentOf(q) === 'dreyfus')!;
    expect(userText(gapReq).length).toBeLessThanOrEqual(40_000);
    expect(userText(dreyReq).length).toBeLessThanOrEqual(30_000);
    // Counts cover all actions even though the timeline drops the oldest.
    expect(userText(gapReq)).toMatch(/file_open[^\n]*10[,.]?000|10[,.]?000[^\n]*file_open/);
    await eventually(() => getSession(ctx().db, sessionId)?.status === 'completed_with_errors');
  });
});
