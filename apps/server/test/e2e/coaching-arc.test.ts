/**
 * Issue 23 on the server, end to end: the hint-level rule (choice applies, suggestion sent, the guard uses it, two
 * windows), hints that follow the plan (phase 2 replaces phase 1, resync rebuilds), `paige_mark_problems`, Review My
 * Work's references, the pipeline's progress, the end of a session with its wrap-up report, and the manager summary.
 * A real server, the official MCP client as Claude Code, `ws` clients as two windows of the page, and the
 * Messages-API stand-in scripting the model.
 */
import { join } from 'node:path';
import {
  error,
  slow,
  startMessagesApiStub,
  textReply,
  type MessagesApiStub,
  type StubRequest,
} from '@paige/llm/testing';
import { serverMessages } from '@paige/protocol';
import {
  clearTeamLink,
  listApiCalls,
  listPendingTeamRecords,
  logApiCall,
  openDatabase,
  setTeamLink,
  type PaigeDatabase,
} from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMcp,
  eventually,
  startTestServer,
  WsClient,
  type TestServer,
  type WireMessage,
} from '../support/harness.js';

const FILES = {
  'src/auth.ts':
    'export function check(token) {\n  if (!token) return false;\n  return token.length > 3;\n}\n',
  'src/token.ts': 'export const TTL = 60;\nexport function expired(t) {\n  return t > TTL;\n}\n',
  'test/auth.test.ts': 'test("x", () => {});\n',
};

const COACH_REPLY = {
  phases: [
    {
      number: 1,
      title: 'Find where the token is checked',
      description: 'Open the auth module and trace the check.',
      expectedFiles: ['src/auth.ts'],
      hintLevel: 'high',
      hints: [
        { type: 'file', path: 'src/auth.ts', style: 'required', hoverText: 'The check lives here' },
        {
          type: 'line',
          path: 'src/auth.ts',
          startLine: 2,
          endLine: 3,
          style: 'hint',
          hoverText: 'What if the token expired?',
        },
      ],
      knowledgeGapOpportunities: [],
    },
    {
      number: 2,
      title: 'Handle the expired token',
      description: 'Use the TTL to reject expired tokens.',
      expectedFiles: ['src/token.ts', 'test/auth.test.ts'],
      hintLevel: 'low',
      hints: [
        {
          type: 'line',
          path: 'src/token.ts',
          startLine: 2,
          endLine: 4,
          style: 'success',
          hoverText: 'A model to follow',
        },
      ],
      knowledgeGapOpportunities: [],
    },
  ],
  memoryConnection: null,
  estimatedDifficulty: 'beginner',
};

const REVIEW_REPLY = {
  review: 'You found the check. The expiry is not used yet.',
  phaseGoalMet: false,
  suggestions: ['Where does the TTL come in?'],
  references: [
    { path: 'src/token.ts', startLine: 2, endLine: 3, note: 'This is where expiry is decided.' },
    { path: '../../etc/passwd', startLine: 1, endLine: null, note: 'outside the project' },
    { path: 'src/nope.ts', startLine: 1, endLine: null, note: 'a file that does not exist' },
  ],
};

const is = (marker: string) => (r: StubRequest) => r.systemText.includes(marker);
function route(r: StubRequest) {
  if (is("Paige's coaching engine")(r)) return textReply(COACH_REPLY);
  if (is("Paige's work reviewer")(r)) return textReply(REVIEW_REPLY);
  if (is('stand-up notes')(r))
    return textReply(
      { summary: 'I worked on the login check and practised token expiry.' },
      { usage: { input_tokens: 900, output_tokens: 120 } },
    );
  return undefined;
}

let stub: MessagesApiStub;
let t: TestServer;
let a: WsClient;
let b: WsClient;
let mcp: Awaited<ReturnType<typeof connectMcp>>;
let db: PaigeDatabase;
let sessionId: string;

async function tool(name: string, args: Record<string, unknown> = {}) {
  const res = await mcp.client.callTool({ name, arguments: args });
  const text = (res.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('');
  return {
    isError: res.isError === true,
    structured: res.structuredContent as Record<string, unknown> | undefined,
    text,
  };
}

const actions = (type: string) =>
  (
    db.prepare(`SELECT data FROM action_log WHERE action_type = ? ORDER BY id`).all(type) as Array<{
      data: string | null;
    }>
  ).map((r) => JSON.parse(r.data ?? 'null') as Record<string, unknown>);

/** Messages of `type` that `client` received after index `from`. */
const since = (client: WsClient, from: number, type: string): WireMessage[] =>
  client.received.slice(from).filter((m) => m.type === type);

beforeAll(async () => {
  stub = await startMessagesApiStub({ handler: route });
  t = await startTestServer({ files: FILES, env: { ANTHROPIC_BASE_URL: stub.url } });
  db = openDatabase(join(t.dataDir, 'paige.db'));
  ({ client: a } = await WsClient.hello(t.url));
  ({ client: b } = await WsClient.hello(t.url));
  mcp = await connectMcp(t.url);
});
afterAll(async () => {
  await mcp.close();
  await a.close();
  await b.close();
  db.close();
  await t.stop();
  await stub.stop();
});

describe('issue 23 item 1: the hint-level rule', () => {
  it('a level change without a session is a clear NO_ACTIVE_SESSION error', async () => {
    const res = await a.request(
      'hints:level_change',
      { level: 'high', previousLevel: 'medium' },
      'connection:error',
    );
    expect(res.payload.code).toBe('NO_ACTIVE_SESSION');
  });

  it('session:start from the page: session:started carries the hint state and the pipeline says what to do first', async () => {
    const fromB = b.received.length;
    const started = await a.request(
      'session:start',
      { issueNumber: 42, issueTitle: 'Expired tokens pass' },
      'session:started',
    );
    sessionId = String(started.payload.sessionId);
    expect(started.payload).toMatchObject({
      hintLevel: 'medium',
      suggestedHintLevel: null,
      hintLevelChosen: false,
    });
    const progress = await b.next((m) => m.type === 'coaching:pipeline_progress', 5000, fromB);
    expect(progress.payload).toMatchObject({ sessionId, stage: 'exploring' });
    expect(String(progress.payload.nextStep)).toMatch(/terminal/);
  });

  it('issue 23 item 4: session:end while the coach writes the plan is refused with PIPELINE_RUNNING; then the plan arrives', async () => {
    stub.reply(slow(800, textReply(COACH_REPLY)));
    const fromB = b.received.length;
    const run = tool('paige_run_coaching_pipeline', {
      planText: 'Check the token, then handle expiry.',
      issueSummary: 'Expired tokens pass',
      issueNumber: 42,
    });
    await b.next(
      (m) => m.type === 'coaching:pipeline_progress' && m.payload.stage === 'planning',
      5000,
      fromB,
    );
    const refused = await a.request('session:end', {}, 'connection:error');
    expect(refused.payload.code).toBe('PIPELINE_RUNNING');
    expect(String(refused.payload.message)).toMatch(/wait until the plan is ready/);
    const r = await run;
    expect(r.isError, r.text).toBe(false);
    const done = await b.next(
      (m) => m.type === 'coaching:pipeline_progress' && m.payload.stage === 'coaching',
      5000,
      fromB,
    );
    expect(String(done.payload.nextStep)).toMatch(/Talk to Paige in the terminal/);
    // the first phase's level is the suggestion, and the session follows it (the learner has not chosen)
    const level = await b.next((m) => m.type === 'hints:level_update', 5000, fromB);
    expect(level.payload).toMatchObject({ sessionId, level: 'high', suggestedLevel: 'high', chosen: false });
    // phase 1's hints are shown
    expect(since(b, fromB, 'explorer:hint_files').map((m) => m.payload)).toContainEqual({
      paths: ['src/auth.ts'],
      style: 'required',
    });
    expect(since(b, fromB, 'editor:highlight_lines').map((m) => m.payload.path)).toContain('src/auth.ts');
    const status = await a.request('coaching:pipeline_status', {}, 'coaching:pipeline_progress');
    expect(status.payload.stage).toBe('coaching');
  });

  it('the guard uses the level in force: the suggestion (high) lets an inline snippet through', async () => {
    const fromB = b.received.length;
    const r = await tool('paige_show_message', {
      message: 'Try `const total = count(items);` here.',
      type: 'hint',
    });
    expect(r.isError, r.text).toBe(false);
    const msg = await b.next('coaching:message', 5000, fromB);
    expect(msg.payload.message).toBe('Try `const total = count(items);` here.');
  });

  it("the learner's choice applies in every window, is logged once, and a second identical request changes nothing", async () => {
    const fromB = b.received.length;
    const res = await a.request(
      'hints:level_change',
      { level: 'low', previousLevel: 'high' },
      'hints:level_update',
    );
    expect(res.payload).toEqual({
      sessionId,
      level: 'low',
      previousLevel: 'high',
      suggestedLevel: 'high',
      chosen: true,
    });
    const other = await b.next('hints:level_update', 5000, fromB);
    expect(other.payload).toMatchObject({ level: 'low', chosen: true });
    expect(other.id).toBeUndefined();
    const again = await a.request(
      'hints:level_change',
      { level: 'low', previousLevel: 'low' },
      'hints:level_update',
    );
    expect(again.payload).toMatchObject({ level: 'low', previousLevel: 'low', chosen: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(since(b, fromB, 'hints:level_update')).toHaveLength(1);
    expect(actions('hint_level_change')).toEqual([{ level: 'low', previousLevel: 'high' }]);
  });

  it('the guard now uses the chosen level (low): the same snippet is left out, logged at low', async () => {
    const fromB = b.received.length;
    await tool('paige_show_message', { message: 'Try `const total = count(items);` here.', type: 'hint' });
    const msg = await b.next('coaching:message', 5000, fromB);
    expect(msg.payload.message).not.toContain('count(items)');
    expect(actions('solution_guard_applied').at(-1)).toMatchObject({
      source: 'coaching_message',
      hintLevel: 'low',
    });
  });

  it("Claude Code's session state carries the level, whose it is and the suggestion (the plugin's per-prompt context)", async () => {
    const r = await tool('paige_get_session_state', { include: ['session'] });
    expect(r.structured?.session).toMatchObject({
      hintLevel: 'low',
      hintLevelChosen: true,
      suggestedHintLevel: 'high',
    });
  });
});

describe('issue 23 item 1: hints follow the plan', () => {
  it("phase 2's hints replace phase 1's; its suggestion is sent and the chosen level stays", async () => {
    expect((await tool('paige_update_phase', { phase: 1, status: 'active' })).isError).toBe(false);
    expect((await tool('paige_update_phase', { phase: 1, status: 'complete' })).isError).toBe(false);
    const fromB = b.received.length;
    expect((await tool('paige_update_phase', { phase: 2, status: 'active' })).isError).toBe(false);
    await b.next(
      (m) => m.type === 'editor:highlight_lines' && m.payload.path === 'src/token.ts',
      5000,
      fromB,
    );
    const got = b.received.slice(fromB).map((m) => m.type);
    expect(got.indexOf('explorer:clear_hints')).toBeLessThan(got.indexOf('explorer:hint_files'));
    expect(got.indexOf('editor:clear_highlights')).toBeLessThan(got.indexOf('editor:highlight_lines'));
    expect(since(b, fromB, 'editor:highlight_lines').map((m) => m.payload.path)).toEqual(['src/token.ts']);
    expect(since(b, fromB, 'explorer:hint_files').map((m) => m.payload)).toEqual([
      { paths: ['src/token.ts', 'test/auth.test.ts'], style: 'suggested' },
    ]);
    const level = since(b, fromB, 'hints:level_update').at(-1)!;
    expect(level.payload).toMatchObject({ level: 'low', suggestedLevel: 'low', chosen: true });
  });

  it("a reconnecting window gets phase 2's hints (not phase 1's) and the hint state in session:resumed", async () => {
    const { client: c } = await WsClient.hello(t.url);
    try {
      const resumed = await c.next('session:resumed');
      expect(resumed.payload).toMatchObject({
        hintLevel: 'low',
        hintLevelChosen: true,
        suggestedHintLevel: 'low',
      });
      await c.next('explorer:hint_files');
      const lines = c.received.filter((m) => m.type === 'editor:highlight_lines').map((m) => m.payload.path);
      expect(lines).toEqual(['src/token.ts']);
    } finally {
      await c.close();
    }
  });
});

describe('issue 23 item 1: problems Paige identified (paige_mark_problems)', () => {
  const range = { startLine: 3, startColumn: 10, endLine: 3, endColumn: 19 };
  it('sends editor:decorations (style error, hover text) to every window, kept for resync, cleared by the clear tool', async () => {
    const fromA = a.received.length;
    const r = await tool('paige_mark_problems', {
      path: 'src/auth.ts',
      problems: [{ range, message: 'Length is not expiry' }],
    });
    expect(r.structured).toEqual({ success: true, path: 'src/auth.ts', count: 1 });
    const deco = await a.next('editor:decorations', 5000, fromA);
    expect(deco.payload).toEqual({
      path: 'src/auth.ts',
      decorations: [{ range, style: 'error', hoverText: 'Length is not expiry' }],
    });
    await b.next('editor:decorations');
    // logged like every MCP UI tool (the mcp_tool_call row is written off the request path)
    await eventually(() =>
      expect(actions('mcp_tool_call').some((d) => d.toolName === 'paige_mark_problems')).toBe(true),
    );
    expect(actions('decorations_applied').at(-1)).toMatchObject({
      path: 'src/auth.ts',
      count: 1,
      kind: 'problems',
    });

    const { client: c } = await WsClient.hello(t.url);
    await c.next('editor:decorations');
    await c.close();

    await tool('paige_clear_highlights', {});
    const cleared = await a.next('editor:clear_decorations', 5000, fromA);
    expect(cleared.payload).toEqual({});
    const { client: d } = await WsClient.hello(t.url);
    await d.next('session:resumed');
    await new Promise((res) => setTimeout(res, 100));
    expect(d.count('editor:decorations')).toBe(0);
    await d.close();
  });
});

describe('issue 23 item 2: Review my work', () => {
  it('answers with references confined to existing project files, written at the level in force', async () => {
    await a.request('hints:level_change', { level: 'medium', previousLevel: 'low' }, 'hints:level_update');
    const res = await a.request('user:review', {}, 'review:response');
    expect(serverMessages['review:response'].safeParse(res.payload).success).toBe(true);
    expect(res.payload).toMatchObject({
      review: REVIEW_REPLY.review,
      hintLevel: 'medium',
      references: [
        { path: 'src/token.ts', startLine: 2, endLine: 3, note: 'This is where expiry is decided.' },
      ],
    });
    const sent = stub.requests.filter(is("Paige's work reviewer")).at(-1)!;
    expect(JSON.stringify(sent.messages)).toContain('hint_level: medium');
  });

  it('a second review while one is pending is refused ALREADY_IN_PROGRESS; the first still answers', async () => {
    stub.reply(slow(600, textReply(REVIEW_REPLY)));
    const first = a.request('user:review', {}, 'review:response', 8000);
    await new Promise((r) => setTimeout(r, 100));
    const second = await b.request('user:review', {}, 'review:error');
    expect(second.payload.code).toBe('ALREADY_IN_PROGRESS');
    expect((await first).payload.review).toBe(REVIEW_REPLY.review);
  });

  it('a model failure answers review:error and the session stays active', async () => {
    stub.reply(
      error(500, 'api_error'),
      error(500, 'api_error'),
      error(500, 'api_error'),
      error(500, 'api_error'),
    );
    const res = await a.request('user:review', {}, 'review:error', 30_000);
    expect(String(res.payload.error)).toMatch(/Could not review your work/);
    const state = await tool('paige_get_session_state', { include: ['session'] });
    expect(state.structured?.session).toMatchObject({ id: sessionId, status: 'active' });
  }, 40_000);
});

describe('issue 23 item 4: the end of the session, its wrap-up report and the manager summary', () => {
  it('session:end broadcasts session:wrap_up pending, then complete; a second session:end says there is no session', async () => {
    const fromB = b.received.length;
    await a.request('session:end', {}, 'session:ended');
    const pending = await b.next('session:wrap_up', 5000, fromB);
    expect(pending.payload).toMatchObject({ sessionId, pending: true, issueContext: { number: 42 } });
    const done = await b.next(
      (m) => m.type === 'session:wrap_up' && m.payload.pending === false,
      30_000,
      fromB,
    );
    expect(serverMessages['session:wrap_up'].safeParse(done.payload).success).toBe(true);
    expect(done.payload).toMatchObject({
      sessionId,
      reviews: 4,
      phases: [
        { number: 1, status: 'complete' },
        { number: 2, status: 'active' },
      ],
    });
    expect(Number(done.payload.costUsd)).toBeGreaterThan(0);
    expect((done.payload.hintsUsed as Record<string, number>).low).toBeGreaterThan(0);
    const again = await a.request('session:end', {}, 'connection:error');
    expect(again.payload.code).toBe('NO_ACTIVE_SESSION');
  }, 40_000);

  it('session:wrap_up_request rebuilds the report after a reconnect; an unknown id is SESSION_NOT_FOUND', async () => {
    const { client: c } = await WsClient.hello(t.url);
    try {
      const res = await c.request('session:wrap_up_request', { sessionId }, 'session:wrap_up');
      expect(res.payload).toMatchObject({ sessionId, pending: false });
      expect(['completed', 'completed_with_errors']).toContain(res.payload.status);
      const missing = await c.request(
        'session:wrap_up_request',
        { sessionId: '00000000-0000-4000-8000-000000000000' },
        'connection:error',
      );
      expect(missing.payload.code).toBe('SESSION_NOT_FOUND');
    } finally {
      await c.close();
    }
  });

  it('the manager summary: Haiku, from the report facts, logged with its cost; the same request twice answers once', async () => {
    stub.reply(
      slow(
        500,
        textReply(
          { summary: 'I worked on the login check and practised token expiry.' },
          { usage: { input_tokens: 900, output_tokens: 120 } },
        ),
      ),
    );
    const first = a.request(
      'session:manager_summary_request',
      { sessionId },
      'session:manager_summary',
      8000,
    );
    await new Promise((r) => setTimeout(r, 100));
    const second = await a.request(
      'session:manager_summary_request',
      { sessionId },
      'session:manager_summary_error',
    );
    expect(second.payload.code).toBe('ALREADY_IN_PROGRESS');
    expect((await first).payload).toEqual({
      sessionId,
      summary: 'I worked on the login check and practised token expiry.',
    });
    const sent = stub.requests.filter(is('stand-up notes')).at(-1)!;
    expect(sent.model).toMatch(/haiku/);
    expect(JSON.stringify(sent.messages)).not.toContain('token.length');
    await eventually(() =>
      expect(
        listApiCalls(db, { sessionId }).some((c) => c.callType === 'manager_summary' && c.costEstimate > 0),
      ).toBe(true),
    );
  });

  it('issue 26 item 5: the manager summary goes to the team outbox only when the learner shares it', async () => {
    setTeamLink(db, {
      teamUrl: 'http://127.0.0.1:9',
      learnerId: '3b1f0a4e-6f1c-4c57-9d4b-2d7f1f0c9a11',
      teamName: 'Cohort 7',
    });
    try {
      const summaries = () => listPendingTeamRecords(db, 1000).filter((r) => r.kind === 'manager_summary');
      stub.reply(textReply({ summary: 'I fixed the login check.' }));
      const kept = await a.request(
        'session:manager_summary_request',
        { sessionId },
        'session:manager_summary',
      );
      expect(kept.payload).toEqual({ sessionId, summary: 'I fixed the login check.' });
      expect(summaries()).toEqual([]);
      stub.reply(textReply({ summary: 'I fixed the login check and tested it.' }));
      const shared = await a.request(
        'session:manager_summary_request',
        { sessionId, share: true },
        'session:manager_summary',
      );
      expect(shared.payload).toEqual({
        sessionId,
        summary: 'I fixed the login check and tested it.',
        shared: true,
      });
      expect(summaries()).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({ sessionId, summary: 'I fixed the login check and tested it.' }),
        }),
      ]);
      // the page's sharing status: the summary waits in the outbox (no token here, so not joined: nothing is sent)
      const status = await a.request('team:status_request', {}, 'team:status');
      expect(status.payload).toMatchObject({ joined: false, teamName: 'Cohort 7', lastError: null });
      expect(status.payload.waiting).toBeGreaterThanOrEqual(1);
    } finally {
      clearTeamLink(db);
    }
    const after = await a.request('team:status_request', {}, 'team:status');
    expect(after.payload).toEqual({
      joined: false,
      teamName: null,
      teamUrl: null,
      lastDeliveredAt: null,
      waiting: 0,
      lastError: null,
    });
  });

  it('an unknown session answers session:manager_summary_error SESSION_NOT_FOUND', async () => {
    const res = await a.request(
      'session:manager_summary_request',
      { sessionId: '00000000-0000-4000-8000-000000000000' },
      'session:manager_summary_error',
    );
    expect(res.payload.code).toBe('SESSION_NOT_FOUND');
  });

  it('with the daily budget spent the manager summary is refused BUDGET_EXCEEDED and no call reaches the model', async () => {
    const budgeted = await startTestServer({
      files: FILES,
      env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_DAILY_BUDGET_USD: '1' },
    });
    const bdb = openDatabase(join(budgeted.dataDir, 'paige.db'));
    const { client: c } = await WsClient.hello(budgeted.url);
    try {
      const started = await c.request('session:start', { issueNumber: 7 }, 'session:started');
      const id = String(started.payload.sessionId);
      await c.request('session:end', {}, 'session:ended');
      await c.next((m) => m.type === 'session:wrap_up' && m.payload.pending === false, 30_000);
      logApiCall(bdb, {
        sessionId: null,
        callType: 'coach_agent',
        model: 'claude-sonnet-4-6',
        inputHash: 'seed',
        latencyMs: 1,
        inputTokens: 1,
        outputTokens: 1,
        costEstimate: 2,
      });
      const before = stub.requests.length;
      const res = await c.request(
        'session:manager_summary_request',
        { sessionId: id },
        'session:manager_summary_error',
      );
      expect(res.payload.code).toBe('BUDGET_EXCEEDED');
      expect(stub.requests.length).toBe(before);
    } finally {
      await c.close();
      bdb.close();
      await budgeted.stop();
    }
  }, 40_000);
});

describe('issue 23 item 2: after a server restart the resync rebuilds the current phase hints', () => {
  it("a window connecting to the restarted server gets phase 2's hints from the stored plan", async () => {
    const first = await startTestServer({ files: FILES, env: { ANTHROPIC_BASE_URL: stub.url } });
    const { projectDir, dataDir } = first;
    const m = await connectMcp(first.url);
    const call = async (name: string, args: Record<string, unknown>) => {
      const res = await m.client.callTool({ name, arguments: args });
      expect(res.isError, JSON.stringify(res.content)).not.toBe(true);
    };
    await call('paige_start_session', { issueNumber: 42 });
    await call('paige_run_coaching_pipeline', {
      planText: 'Check, then expiry.',
      issueSummary: 'Expired tokens pass',
    });
    await call('paige_update_phase', { phase: 1, status: 'active' });
    await call('paige_update_phase', { phase: 1, status: 'complete' });
    await call('paige_update_phase', { phase: 2, status: 'active' });
    await m.close();
    await first.server.stop();

    const second = await startTestServer({ projectDir, dataDir, env: { ANTHROPIC_BASE_URL: stub.url } });
    try {
      const { client: c } = await WsClient.hello(second.url);
      await c.next('session:resumed');
      await c.next('explorer:hint_files');
      expect(
        c.received.filter((x) => x.type === 'editor:highlight_lines').map((x) => x.payload.path),
      ).toEqual(['src/token.ts']);
      expect(c.received.filter((x) => x.type === 'explorer:hint_files').map((x) => x.payload)).toEqual([
        { paths: ['src/token.ts', 'test/auth.test.ts'], style: 'suggested' },
      ]);
      await c.close();
    } finally {
      await second.stop();
      await first.stop().catch(() => undefined);
    }
  }, 40_000);
});
