/**
 * Issue 20 item 6: the wiring between the handlers and the store that no other test held. Each test fails when its
 * call is removed: the buffer-logging policy in the file handlers (Story 4 AS-2/AS-3: a significant change is logged
 * at once, small edits as a summary), the `session_started` / `session_ended` rows of both doors (Story 4 AS-1), the
 * per-connection metadata store (Story 5 AS-1, AS-10, EC-25), and the `file_hints_applied` and `coaching_message`
 * rows (discovery Scenarios 6.11 and 6.15).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, startTestServer, WsClient, type TestServer } from '../support/harness.js';

const SOURCE = Array.from({ length: 40 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';

let t: TestServer;
let ws: WsClient;
let mcp: Awaited<ReturnType<typeof connectMcp>>;

beforeAll(async () => {
  t = await startTestServer({ files: { 'src/values.ts': SOURCE, 'src/other.ts': 'export {};\n' } });
  ws = (await WsClient.hello(t.url)).client;
  mcp = await connectMcp(t.url);
});
afterAll(async () => {
  await ws.close();
  await mcp.close();
  await t.stop();
});

type Row = { sessionId: string | null; data: Record<string, unknown> | null };
function rows(actionType: string): Row[] {
  return (
    t.server.parts.db
      .prepare('SELECT session_id AS sessionId, data FROM action_log WHERE action_type = ? ORDER BY id')
      .all(actionType) as Array<{
      sessionId: string | null;
      data: string | null;
    }>
  ).map((r) => ({
    sessionId: r.sessionId,
    data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
  }));
}
async function tool(name: string, args: Record<string, unknown> = {}) {
  const r = await mcp.client.callTool({ name, arguments: args });
  expect(r.isError, JSON.stringify(r.content)).not.toBe(true);
  return r.structuredContent as Record<string, unknown>;
}
const update = (content: string, column = 1) =>
  ws.send('buffer:update', { path: 'src/values.ts', content, cursorPosition: { line: 1, column } });

describe('Issue 20 item 6: wiring the tests must hold', () => {
  it('Story 4 AS-1: paige_start_session writes a session_started row for the new session', async () => {
    const { sessionId } = (await tool('paige_start_session', {
      issueNumber: 5,
      issueTitle: 'Values drift',
    })) as { sessionId: string };
    expect(rows('session_started').at(-1)).toEqual({ sessionId, data: { issueNumber: 5 } });
  });

  it('Story 4 AS-2: a significant buffer change (> 500 chars) is logged at once as buffer_significant_change', async () => {
    const sessionId = t.server.parts.sessions.active()?.id;
    await ws.request('file:open', { path: 'src/values.ts' }, 'fs:content'); // the baseline: the file's size
    update(SOURCE + '// '.repeat(400));
    await expect.poll(() => rows('buffer_significant_change').length, { timeout: 5000 }).toBe(1);
    expect(rows('buffer_significant_change')[0]).toEqual({
      sessionId,
      data: {
        path: 'src/values.ts',
        previousCharCount: SOURCE.length,
        newCharCount: SOURCE.length + 1200,
        delta: 1200,
      },
    });
  });

  it('Story 4 AS-3/AS-8: small edits are not logged one by one; ending the session writes their buffer_summary', async () => {
    const sessionId = t.server.parts.sessions.active()?.id as string;
    const base = SOURCE + '// '.repeat(400);
    for (let i = 1; i <= 3; i++) update(base + 'x'.repeat(i), i);
    await ws.request('file:open', { path: 'src/other.ts' }, 'fs:content'); // in order: every update was handled
    expect(rows('buffer_summary')).toHaveLength(0);
    expect(rows('buffer_significant_change')).toHaveLength(1);

    const end = await tool('paige_end_session', { sessionTranscript: 'User: done' });
    expect(end).toMatchObject({ sessionId, pending: false });
    expect(rows('buffer_summary')).toEqual([
      { sessionId, data: { path: 'src/values.ts', editCount: 3, charDelta: 3, charCount: base.length + 3 } },
    ]);
  });

  it('Story 4 AS-1: paige_end_session writes a session_ended row with the status and the duration', async () => {
    const ended = rows('session_ended').at(-1);
    expect(ended?.data).toMatchObject({ status: 'completed', durationMs: expect.any(Number) });
    expect(ended?.sessionId).toBe(rows('session_started').at(-1)?.sessionId);
  });

  it('the Electron door writes the same rows: session:start -> session_started, session:end -> session_ended', async () => {
    const started = await ws.request('session:start', { issueNumber: 6 }, 'session:started');
    const sessionId = started.payload.sessionId as string;
    expect(rows('session_started').at(-1)).toEqual({ sessionId, data: { issueNumber: 6 } });
    await ws.request('session:end', {}, 'session:ended');
    expect(rows('session_ended').at(-1)).toMatchObject({ sessionId, data: { status: 'completed' } });
    await t.server.parts.sessions.drain();
  });

  it('discovery 6.11 / 6.15: paige_hint_files logs file_hints_applied, paige_show_message logs coaching_message', async () => {
    await tool('paige_start_session', { issueTitle: 'Hints' });
    const sessionId = t.server.parts.sessions.active()?.id;
    await tool('paige_hint_files', { paths: ['src/values.ts', 'src/other.ts'], style: 'required' });
    // issue 23 item 4: the hint level in force is logged too (the wrap-up counts hints per level)
    expect(rows('file_hints_applied').at(-1)).toEqual({
      sessionId,
      data: { paths: ['src/values.ts', 'src/other.ts'], style: 'required', hintLevel: 'medium' },
    });
    await tool('paige_show_message', { message: 'Look at the exports first.', type: 'hint' });
    expect(rows('coaching_message').at(-1)).toEqual({ sessionId, data: { messageType: 'hint' } });
    await tool('paige_end_session', { sessionTranscript: 'x', wait: true });
  });

  it('Story 5 AS-1 / EC-25: each connection keeps its own metadata (hello, terminal size); AS-10: closing removes it', async () => {
    const other = await WsClient.connect(t.url);
    other.send(
      'connection:hello',
      { version: '2.1.0', platform: 'darwin', windowSize: { width: 1440, height: 900 } },
      'h',
    );
    const init = await other.next('connection:init');
    other.send('terminal:ready', { cols: 120, rows: 40 });
    other.send('terminal:resize', { cols: 100, rows: 30 });
    await other.request('file:open', { path: 'src/other.ts' }, 'fs:content');
    const id = init.payload.connectionId as string;
    const meta = t.server.parts.hub.connections.get(id)?.meta;
    expect(meta).toMatchObject({
      version: '2.1.0',
      platform: 'darwin',
      windowSize: { width: 1440, height: 900 },
      terminal: { cols: 100, rows: 30 },
    });
    expect(Date.parse(String(meta?.helloAt))).not.toBeNaN();
    const mine = [...t.server.parts.hub.connections.values()].find(
      (c) => c.id !== id && c.meta.version === '1.0.0',
    );
    expect(mine?.meta).toMatchObject({ platform: 'linux', windowSize: { width: 1280, height: 800 } });
    await other.close();
    await expect.poll(() => t.server.parts.hub.connections.has(id), { timeout: 5000 }).toBe(false);
  });
});
