/**
 * Story 10 through the running server (issue 9): the Observer starts and stops with the session, five
 * `buffer:update` messages over WebSocket produce exactly one triage request at the Messages-API stand-in
 * and one `observer:nudge` broadcast, and `observer:mute` silences it.
 */
import { startMessagesApiStub, textReply, type MessagesApiStub, type StubRequest } from '@paige/llm/testing';
import { createPlan } from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, startTestServer, WsClient, type TestServer } from '../support/harness.js';

const isTriage = (r: StubRequest) => JSON.stringify(r.schema ?? {}).includes('should_nudge');

let stub: MessagesApiStub;
let t: TestServer;
let ws: WsClient;
let mcp: Awaited<ReturnType<typeof connectMcp>>;

beforeAll(async () => {
  stub = await startMessagesApiStub({
    handler: (req) =>
      isTriage(req)
        ? textReply({
            should_nudge: true,
            confidence: 0.86,
            signal: 'stuck_on_implementation',
            reasoning: 'Five edits to auth.ts without a save; the phase expects a failing test first.',
            suggested_context: {
              current_file: 'src/auth.ts',
              expected_file: 'test/auth.test.ts',
              time_in_file: '4m',
              phase_description: 'Write a failing test',
            },
          })
        : undefined,
  });
  t = await startTestServer({
    files: { 'src/auth.ts': 'export const login = () => true;\n', 'test/auth.test.ts': '' },
    env: { ANTHROPIC_BASE_URL: stub.url },
  });
  ws = (await WsClient.hello(t.url)).client;
  mcp = await connectMcp(t.url);
});

afterAll(async () => {
  await ws.close();
  await mcp.close();
  await t.stop();
  await stub.stop();
});

const edit = (n: number) =>
  ws.send('buffer:update', {
    path: 'src/auth.ts',
    content: `export const login = () => ${n % 2 === 0};\n`,
    cursorPosition: { line: 1, column: 20 + n },
  });

describe('Story 10: the Observer in the running server', () => {
  it('AS-1: starts with the session and broadcasts observer:status { active: true, muted: false }', async () => {
    const r = await mcp.client.callTool({
      name: 'paige_start_session',
      arguments: { issueTitle: 'Login accepts empty users' },
    });
    const sessionId = (r.structuredContent as { sessionId: string }).sessionId;
    createPlan(t.server.parts.db, {
      sessionId,
      title: 'Login',
      phases: [
        {
          number: 1,
          title: 'Write a failing test',
          description: 'Cover the empty user case',
          expectedFiles: ['test/auth.test.ts'],
          hints: [],
        },
      ],
    });
    await mcp.client.callTool({ name: 'paige_update_phase', arguments: { phase: 1, status: 'active' } });
    const status = await ws.next((m) => m.type === 'observer:status' && m.payload.active === true);
    expect(status.payload).toMatchObject({ active: true, muted: false });
  });

  it('AS-3/AS-4/AS-11: five buffer updates -> one triage request (haiku) -> one observer:nudge', async () => {
    const before = stub.requests.filter(isTriage).length;
    for (let i = 0; i < 5; i++) edit(i);
    const nudge = await ws.next('observer:nudge', 10_000);
    expect(nudge.payload).toMatchObject({
      signal: 'stuck_on_implementation',
      confidence: 0.86,
      context: { current_file: 'src/auth.ts' },
    });
    const triage = stub.requests.filter(isTriage).slice(before);
    expect(triage).toHaveLength(1);
    expect(triage[0]?.model).toBe('claude-haiku-4-5-20251001');
    const snapshot = JSON.stringify(triage[0]?.messages);
    expect(snapshot).toContain('Write a failing test');
    expect(snapshot).toContain('test/auth.test.ts');
    const sid = t.server.parts.sessions.active()?.id ?? null;
    expect(t.server.parts.actionLog.countActions({ sessionId: sid, actionType: 'nudge_sent' })).toBe(1);
    expect(t.server.parts.actionLog.countActions({ sessionId: sid, actionType: 'observer_triage' })).toBe(1);
  });

  it('AS-7: observer:mute suppresses evaluation (no model call, no nudge), and unmuting resumes', async () => {
    ws.send('observer:mute', { muted: true });
    await ws.next((m) => m.type === 'observer:status' && m.payload.muted === true);
    const before = stub.requests.filter(isTriage).length;
    for (let i = 0; i < 5; i++) edit(i + 10);
    const sid = t.server.parts.sessions.active()?.id ?? null;
    await expect
      .poll(() =>
        t.server.parts.actionLog
          .recentActions({ sessionId: sid, limit: 5, actionType: 'nudge_suppressed' })
          .some((r) => r.data?.reason === 'muted'),
      )
      .toBe(true);
    expect(stub.requests.filter(isTriage).length).toBe(before);
    ws.send('observer:mute', { muted: false });
    await ws.next(
      (m) => m.type === 'observer:status' && m.payload.muted === false && m.payload.active === true,
    );
  });

  it('issue 17: the face reports each nudge delivered or dropped; the rows carry the signal and never wake the Observer', async () => {
    const sid = t.server.parts.sessions.active()?.id ?? null;
    const triageBefore = stub.requests.filter(isTriage).length;
    ws.send('observer:nudge_delivered', { signal: 'stuck_on_implementation', delivered: true });
    ws.send('observer:nudge_delivered', {
      signal: 'wrong_file',
      delivered: false,
      reason: 'not_claude_code',
    });
    const bad = await ws.request(
      'observer:nudge_delivered',
      { signal: 'wrong_file', delivered: false },
      'connection:error',
    );
    expect(bad.payload).toMatchObject({ code: 'INVALID_PAYLOAD' });
    const delivered = t.server.parts.actionLog.recentActions({
      sessionId: sid,
      limit: 5,
      actionType: 'nudge_delivered',
    });
    const dropped = t.server.parts.actionLog.recentActions({
      sessionId: sid,
      limit: 5,
      actionType: 'nudge_dropped',
    });
    expect(delivered.map((r) => r.data)).toEqual([{ signal: 'stuck_on_implementation' }]);
    expect(dropped.map((r) => r.data)).toEqual([{ signal: 'wrong_file', reason: 'not_claude_code' }]);
    expect(stub.requests.filter(isTriage).length).toBe(triageBefore);
  });

  it('AS-2: paige_end_session stops it and broadcasts observer:status { active: false }', async () => {
    await mcp.client.callTool({
      name: 'paige_end_session',
      arguments: { sessionTranscript: 'short', wait: false },
    });
    const status = await ws.next((m) => m.type === 'observer:status' && m.payload.active === false, 10_000);
    expect(status.payload.active).toBe(false);
    const before = stub.requests.filter(isTriage).length;
    for (let i = 0; i < 5; i++) edit(i + 20);
    await ws.request(
      'connection:hello',
      { version: '1', platform: 'linux', windowSize: { width: 1, height: 1 } },
      'connection:init',
    );
    expect(stub.requests.filter(isTriage).length).toBe(before);
    await t.server.parts.sessions.drain();
  });
});
