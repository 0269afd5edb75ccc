/**
 * Story 11 (issue 10 item 1): Explain This and Review My Work through a real WebSocket client against the running
 * server, with the Messages-API stand-in; plus the daily budget (issue 10 item 4).
 */
import { createPlan, logApiCall, updatePhaseStatus, upsertDreyfusAssessment } from '@paige/store';
import {
  error,
  refusal,
  startMessagesApiStub,
  textReply,
  type MessagesApiStub,
  type StubReply,
  type StubRequest,
} from '@paige/llm/testing';
import { serverMessages, type ActivityEvent } from '@paige/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, startTestServer, WsClient, type TestServer, actionData } from '../support/harness.js';

/** 120 lines; line 1 and line 60 carry markers. */
const AUTH_TS = Array.from({ length: 120 }, (_, i) =>
  i === 0
    ? '// FIRST_LINE_MARKER'
    : i === 59
      ? 'export function verifyToken(token: string) { return DISK_VERSION; }'
      : `const line${i + 1} = ${i + 1};`,
).join('\n');

function userText(req: StubRequest): string {
  return JSON.stringify(req.messages);
}

function explainReply(extra: Partial<Record<string, unknown>> = {}) {
  return textReply({
    explanation: 'verifyToken checks the signature of a token before anything trusts it.',
    keyConcepts: ['JSON Web Tokens', 'signature verification'],
    analogy: 'Like a bouncer checking the stamp on your hand before letting you back in.',
    relatedFiles: ['src/utils/token.ts'],
    phaseConnection: 'This is the check your phase asks you to harden.',
    ...extra,
  });
}

function isExplain(req: StubRequest): boolean {
  return req.systemText.includes('"explain this"');
}

/** Replies by prompt: explain_this, work_review (Review My Work), anything else (observer triage) the default. */
function route(req: StubRequest) {
  if (isExplain(req)) return explainReply();
  if (req.systemText.includes("Paige's work reviewer")) {
    return textReply({
      review: 'Solid progress on the phase.',
      phaseGoalMet: false,
      suggestions: ['What happens when the token is expired?'],
      references: [],
    });
  }
  return undefined;
}

let stub: MessagesApiStub;
let t: TestServer;
let client: WsClient;
const events: ActivityEvent[] = [];

beforeAll(async () => {
  stub = await startMessagesApiStub({ handler: route });
  t = await startTestServer({
    files: {
      'src/auth.ts': AUTH_TS,
      'src/utils/token.ts': 'export const x = 1;\n',
      'assets/logo.png': Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
      ]),
    },
    env: { ANTHROPIC_BASE_URL: stub.url },
  });
  t.server.parts.bus.subscribe((e) => {
    events.push(e);
  });
  ({ client } = await WsClient.hello(t.url));
});
afterAll(async () => {
  await client.close();
  await t.stop();
  await stub.stop();
});
beforeEach(() => {
  stub.setHandler(route);
});

const actions = (type: string) => actionData(t, type);

const SELECTION = {
  path: 'src/auth.ts',
  range: { startLine: 60, startColumn: 1, endLine: 60, endColumn: 70 },
  selectedText: 'export function verifyToken',
};

describe('Story 11: Explain This', () => {
  it('AS-1: explains with the live buffer around the selection, echoing the request id and path; logs the request and completion', async () => {
    const live = AUTH_TS.replace('DISK_VERSION', 'LIVE_BUFFER_MARKER');
    client.send('buffer:update', {
      path: 'src/auth.ts',
      content: live,
      cursorPosition: { line: 60, column: 1 },
    });
    await eventually(async () =>
      (await t.server.parts.workspace.getBuffer('src/auth.ts'))?.content.includes('LIVE_BUFFER_MARKER'),
    );
    const before = stub.requests.length;
    const res = await client.request('user:explain', SELECTION, 'explain:response');
    expect(serverMessages['explain:response'].safeParse(res.payload).success).toBe(true);
    expect(res.payload).toMatchObject({
      path: 'src/auth.ts',
      explanation: expect.stringContaining('verifyToken'),
      keyConcepts: ['JSON Web Tokens', 'signature verification'],
    });
    const sent = stub.requests.slice(before).filter(isExplain);
    expect(sent).toHaveLength(1);
    const text = userText(sent[0]!);
    expect(text).toContain('LIVE_BUFFER_MARKER');
    expect(text).not.toContain('DISK_VERSION');
    expect(text).toContain('const line110'); // 50 lines after the selection
    expect(text).not.toContain('FIRST_LINE_MARKER'); // more than 50 lines before
    expect(text).not.toContain('const line111 ');
    expect(actions('user_explain_request').at(-1)).toMatchObject({
      path: 'src/auth.ts',
      range: SELECTION.range,
    });
    expect(actions('explain_completed').at(-1)).toMatchObject({ path: 'src/auth.ts', success: true });
    expect(events.some((e) => e.type === 'user_explain_request')).toBe(true);
  });

  it('AS-2: with no assessment the learner is treated as a novice and gets an analogy', async () => {
    const before = stub.requests.length;
    const res = await client.request('user:explain', SELECTION, 'explain:response');
    const sent = stub.requests.slice(before).find(isExplain);
    expect(userText(sent!)).toContain('dreyfus_stage: novice');
    expect(sent!.systemText).toMatch(/novice and advanced_beginner: plain language/);
    expect(res.payload.analogy).toEqual(expect.stringContaining('bouncer'));
  });

  it('AS-3: an expert in the relevant skill gets the expert calibration (architecture, trade-offs, edge cases)', async () => {
    upsertDreyfusAssessment(t.server.parts.db, {
      skillArea: 'React',
      stage: 'novice',
      confidence: 0.9,
      evidence: 'x',
    });
    upsertDreyfusAssessment(t.server.parts.db, {
      skillArea: 'TypeScript',
      stage: 'expert',
      confidence: 0.8,
      evidence: 'y',
    });
    const before = stub.requests.length;
    await client.request('user:explain', SELECTION, 'explain:response');
    const sent = stub.requests.slice(before).find(isExplain);
    expect(userText(sent!)).toContain('dreyfus_stage: expert (skill area: TypeScript)');
    expect(sent!.systemText).toMatch(
      /proficient and expert: brief and precise; architecture, trade-offs, edge cases/,
    );
  });

  it('outside a phase, phaseConnection is null even if the model offers one', async () => {
    const res = await client.request('user:explain', SELECTION, 'explain:response');
    expect(res.payload.phaseConnection).toBeNull();
  });

  it('AS-9: a transient API failure is retried and the explanation still arrives', async () => {
    const before = stub.requests.length;
    stub.reply(error(529, 'overloaded_error'));
    const res = await client.request('user:explain', SELECTION, 'explain:response', 10_000);
    expect(res.payload.explanation).toBeTruthy();
    expect(stub.requests.length - before).toBe(2);
  });

  it('discovery Scenario 11.4 + FR-088 (issue 20 item 5): both attempts are logged in api_call_log, with input_hash the SHA-256 of the user message cut to 16 hex', async () => {
    const before = (
      t.server.parts.db.prepare('SELECT COUNT(*) AS n FROM api_call_log').get() as { n: number }
    ).n;
    stub.reply(error(529, 'overloaded_error'));
    await client.request('user:explain', SELECTION, 'explain:response', 10_000);
    const rows = t.server.parts.db
      .prepare(
        'SELECT call_type AS callType, latency_ms AS latencyMs, input_hash AS inputHash FROM api_call_log ORDER BY id DESC LIMIT 2',
      )
      .all() as Array<{ callType: string; latencyMs: number; inputHash: string }>;
    expect(
      (t.server.parts.db.prepare('SELECT COUNT(*) AS n FROM api_call_log').get() as { n: number }).n,
    ).toBe(before + 2);
    expect(rows.map((r) => r.callType)).toEqual(['explain_this', 'explain_this']);
    expect(rows.map((r) => r.latencyMs >= 0).sort()).toEqual([false, true]);
    const sent = stub.requests.filter(isExplain).at(-1)!;
    const userMessage = (sent.messages[0] as { content: string }).content;
    const { createHash } = await import('node:crypto');
    expect(rows[0]!.inputHash).toBe(createHash('sha256').update(userMessage).digest('hex').slice(0, 16));
    expect(rows[1]!.inputHash).toBe(rows[0]!.inputHash);
  });

  it('issue 20 item 7: an explanation that writes new code loses it (the selection quoted back stays) and solution_guard_applied is logged', async () => {
    stub.reply(
      explainReply({
        explanation:
          'Here `export function verifyToken(token: string) { return LIVE_BUFFER_MARKER; }` returns a constant. A real check:\n```ts\nexport function verifyToken(token: string) {\n  const payload = jwt.verify(token, SECRET);\n  if (payload.exp * 1000 < Date.now()) throw new Error("expired");\n  return payload;\n}\n```',
        analogy: 'Like a stamp: `stamp.check(hand);` before entry.',
      }),
    );
    const res = await client.request('user:explain', SELECTION, 'explain:response');
    expect(res.payload.explanation).toContain(
      '`export function verifyToken(token: string) { return LIVE_BUFFER_MARKER; }`',
    );
    expect(res.payload.explanation).not.toContain('jwt.verify');
    expect(res.payload.explanation).toContain('[Paige left a code example out here');
    expect(res.payload.analogy).not.toContain('stamp.check(hand);');
    expect(actions('solution_guard_applied').at(-1)).toMatchObject({
      source: 'explanation',
      hintLevel: 'medium',
      blocksRemoved: 1,
      inlineRemoved: 1,
    });
  });

  it('AS-10: when every retry fails, explain:error carries a user-friendly message and the path', async () => {
    const before = stub.requests.length;
    stub.reply(
      error(500, 'api_error'),
      error(500, 'api_error'),
      error(500, 'api_error'),
      error(500, 'api_error'),
    );
    const res = await client.request('user:explain', SELECTION, 'explain:error', 15_000);
    expect(stub.requests.length - before).toBe(4);
    expect(res.payload).toMatchObject({ path: 'src/auth.ts', code: 'API_SERVER_ERROR' });
    expect(String(res.payload.error)).toMatch(
      /^Could not explain this code: the AI service is having problems/,
    );
    expect(actions('explain_completed').at(-1)).toMatchObject({ success: false, path: 'src/auth.ts' });
  });

  it('EC-74 (issue 20 item 4): an empty or blank selection answers explain:error with a clear message, no model call', async () => {
    for (const selectedText of ['', '   \n\t ']) {
      const before = stub.requests.length;
      const res = await client.request('user:explain', { ...SELECTION, selectedText }, 'explain:error');
      expect(res.payload).toMatchObject({ path: 'src/auth.ts', code: 'INVALID_PAYLOAD' });
      expect(String(res.payload.error)).toMatch(/^Nothing is selected: select the code you want explained/);
      expect(stub.requests.length).toBe(before);
      expect(client.received.some((m) => m.type === 'connection:error' && m.id === res.id)).toBe(false);
    }
    expect(actions('explain_completed').at(-1)).toMatchObject({ success: false, model: 'none' });
  });

  it('EC-75: explaining a binary file answers explain:error "Cannot explain binary files", no model call', async () => {
    const before = stub.requests.length;
    const res = await client.request(
      'user:explain',
      { ...SELECTION, path: 'assets/logo.png', selectedText: 'PNG' },
      'explain:error',
    );
    expect(res.payload).toMatchObject({ path: 'assets/logo.png', code: 'BINARY_FILE' });
    expect(String(res.payload.error)).toMatch(/^Cannot explain binary files/);
    expect(stub.requests.length).toBe(before);
  });

  it('AS-4: with an active phase the phase goes to the model and phaseConnection comes back', async () => {
    const session = await t.server.parts.sessions.start({
      issueNumber: 42,
      issueTitle: 'Harden token checks',
    });
    createPlan(t.server.parts.db, {
      sessionId: session.id,
      phases: [
        {
          number: 1,
          title: 'Validate expiry claims',
          description: 'Reject tokens past their exp claim',
          expectedFiles: ['src/auth.ts'],
        },
      ],
    });
    updatePhaseStatus(t.server.parts.db, { sessionId: session.id, phaseNumber: 1, status: 'active' });
    const before = stub.requests.length;
    const res = await client.request('user:explain', SELECTION, 'explain:response');
    expect(userText(stub.requests.slice(before).find(isExplain)!)).toContain(
      'Phase 1: Validate expiry claims',
    );
    expect(res.payload.phaseConnection).toBe('This is the check your phase asks you to harden.');
  });
});

describe('Story 11: Review My Work (user:review)', () => {
  it('reviews the files of the active phase and answers review:response; logs review_requested and review_completed', async () => {
    const before = stub.requests.length;
    const res = await client.request('user:review', {}, 'review:response');
    expect(res.payload).toEqual({
      review: 'Solid progress on the phase.',
      suggestions: ['What happens when the token is expired?'],
      references: [],
      hintLevel: 'medium',
    });
    const sent = stub.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(userText(sent[0]!)).toContain('Validate expiry claims');
    expect(userText(sent[0]!)).toContain('File: src/auth.ts');
    expect(actions('review_requested').length).toBeGreaterThan(0);
    expect(actions('review_completed').at(-1)).toMatchObject({
      success: true,
      passed: false,
      hintLevel: 'medium',
    });
  });

  it('issue 20 item 7: Review My Work passes the guard at the hint level in force; the learner file quoted back stays', async () => {
    stub.reply(
      textReply({
        review:
          'You return `LIVE_BUFFER_MARKER` for every token. In src/auth.ts:\n```ts\nexport function verifyToken(token: string) { return LIVE_BUFFER_MARKER; }\n```\nShould become:\n```ts\nexport function verifyToken(token: string) {\n  return jwt.verify(token, SECRET);\n}\n```',
        phaseGoalMet: false,
        references: [],
        suggestions: ['Try `const claims = jwt.verify(token, SECRET);` here.'],
      }),
    );
    const res = await client.request('user:review', {}, 'review:response');
    expect(res.payload.review).toContain(
      'export function verifyToken(token: string) { return LIVE_BUFFER_MARKER; }',
    );
    expect(res.payload.review).not.toContain('jwt.verify');
    expect((res.payload.suggestions as string[])[0]).not.toContain('jwt.verify');
    // The phase was created without a hint level: the session's (medium) applies.
    expect(actions('solution_guard_applied').at(-1)).toMatchObject({
      source: 'work_review',
      hintLevel: 'medium',
      blocksRemoved: 1,
      inlineRemoved: 1,
    });
  });

  it('without an active session answers review:error (no model call)', async () => {
    await t.server.parts.sessions.end({ wait: true });
    const before = stub.requests.length;
    const res = await client.request('user:review', {}, 'review:error');
    expect(res.payload.code).toBe('NO_ACTIVE_SESSION');
    expect(stub.requests.length).toBe(before);
  });
});

describe('Issue 10 item 4: daily budget for optional calls', () => {
  let budgeted: TestServer;
  let c2: WsClient;
  beforeAll(async () => {
    budgeted = await startTestServer({
      files: { 'src/auth.ts': AUTH_TS },
      env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_DAILY_BUDGET_USD: '1.5' },
    });
    ({ client: c2 } = await WsClient.hello(budgeted.url));
  });
  afterAll(async () => {
    await c2.close();
    await budgeted.stop();
  });

  it('under the budget explain works; once api_call_log reaches it, explain answers a budget error and no call reaches the model', async () => {
    await c2.request('user:explain', SELECTION, 'explain:response');
    logApiCall(budgeted.server.parts.db, {
      sessionId: null,
      callType: 'coach_agent',
      model: 'claude-sonnet-4-6',
      inputHash: 'seed',
      latencyMs: 1200,
      inputTokens: 100_000,
      outputTokens: 20_000,
      costEstimate: 2,
    });
    const before = stub.requests.length;
    const res = await c2.request('user:explain', SELECTION, 'explain:error');
    expect(res.payload.code).toBe('BUDGET_EXCEEDED');
    expect(String(res.payload.error)).toMatch(/daily budget .* is used up/);
    expect(stub.requests.length).toBe(before);
  });
});

describe('issue 20 item 5: cost that counts everything', () => {
  let budgeted: TestServer;
  let c3: WsClient;
  beforeAll(async () => {
    budgeted = await startTestServer({
      files: { 'src/auth.ts': AUTH_TS },
      env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_DAILY_BUDGET_USD: '0.5' },
    });
    ({ client: c3 } = await WsClient.hello(budgeted.url));
  });
  afterAll(async () => {
    await c3.close();
    await budgeted.stop();
  });

  it('Story 7 AS-5 + FR-089: a refusal is logged with the tokens and cost the API reported, and that spend stops the next optional call at the budget', async () => {
    // Sonnet alias -> claude-opus-4-6 at $5 / $25 per million: 100,000 input tokens are $0.50.
    stub.reply({
      ...refusal('I cannot help with that.'),
      usage: {
        input_tokens: 100_000,
        output_tokens: 40,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    } as StubReply);
    const first = await c3.request('user:explain', SELECTION, 'explain:error');
    expect(first.payload.code).toBe('API_REFUSAL');
    const row = budgeted.server.parts.db
      .prepare(
        'SELECT latency_ms AS latencyMs, input_tokens AS inputTokens, output_tokens AS outputTokens, cost_estimate AS cost FROM api_call_log ORDER BY id DESC LIMIT 1',
      )
      .get() as { latencyMs: number; inputTokens: number; outputTokens: number; cost: number };
    expect(row).toMatchObject({ latencyMs: -1, inputTokens: 100_000, outputTokens: 40 });
    expect(row.cost).toBeCloseTo((100_000 * 5 + 40 * 25) / 1_000_000, 10);
    const before = stub.requests.length;
    const second = await c3.request('user:explain', SELECTION, 'explain:error');
    expect(second.payload.code).toBe('BUDGET_EXCEEDED');
    expect(stub.requests.length).toBe(before);
  });
});
