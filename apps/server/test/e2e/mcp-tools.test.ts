/**
 * Story 6 (issue 5): the MCP tool surface through the official SDK client over Streamable HTTP, with a
 * WebSocket client watching the broadcasts; the session lifecycle over both doors; resync; read-only.
 */
import { createPlan, getActivePlan } from '@paige/store';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectMcp, startTestServer, WsClient, type TestServer } from '../support/harness.js';

let t: TestServer;
let mcp: Awaited<ReturnType<typeof connectMcp>>;
let client: Client;
let ws: WsClient;

type Structured = Record<string, unknown>;
async function call(
  name: string,
  args: Record<string, unknown> = {},
): Promise<{ isError: boolean; s: Structured; text: string }> {
  const r = await client.callTool({ name, arguments: args });
  return {
    isError: r.isError === true,
    s: (r.structuredContent ?? {}) as Structured,
    text: (r.content as Array<{ text: string }>)[0]?.text ?? '',
  };
}

beforeAll(async () => {
  t = await startTestServer({
    files: {
      'src/auth.ts': 'export function login() {\n  return true;\n}\n',
      'src/handlers/oauth.ts': 'export const oauth = 1;\n',
      'src/db.ts': 'export const db = {};\n',
    },
  });
  mcp = await connectMcp(t.url);
  client = mcp.client;
  ws = (await WsClient.hello(t.url)).client;
});
afterAll(async () => {
  await ws.close();
  await mcp.close();
  await t.stop();
});

describe('Story 6: MCP tool surface', () => {
  it('lists the 17 tools (issue 23: paige_mark_problems) with annotations; none offers to write, move or delete a file (read-only)', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((x) => x.name).sort();
    expect(names).toEqual(
      [
        'paige_clear_highlights',
        'paige_clear_hints',
        'paige_end_session',
        'paige_get_buffer',
        'paige_get_diff',
        'paige_get_open_files',
        'paige_get_session_state',
        'paige_highlight_lines',
        'paige_hint_files',
        'paige_open_file',
        'paige_mark_problems',
        'paige_retry_wrap_up',
        'paige_run_coaching_pipeline',
        'paige_show_issue_context',
        'paige_show_message',
        'paige_start_session',
        'paige_update_phase',
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.annotations?.destructiveHint).toBe(false);
      expect(tool.annotations?.openWorldHint).toBe(false);
      expect(tool.outputSchema).toBeDefined();
      expect(tool.name).not.toMatch(/write|save|delete|remove|move|rename|create_file|edit/i);
      expect(tool.description ?? '').not.toMatch(
        /\b(writes?|modif(y|ies)|deletes?|moves?|renames?) (the |a )?(learner's |user's )?(file|code)/i,
      );
    }
    for (const name of [
      'paige_get_buffer',
      'paige_get_open_files',
      'paige_get_diff',
      'paige_get_session_state',
    ]) {
      expect(tools.find((x) => x.name === name)?.annotations?.readOnlyHint).toBe(true);
    }
  });

  it('session-scoped tools fail with "No active session" before paige_start_session', async () => {
    const r = await call('paige_highlight_lines', { path: 'src/auth.ts', start: 1, end: 2, style: 'hint' });
    expect(r.isError).toBe(true);
    expect(r.text).toBe('No active session: call paige_start_session first');
  });

  it('discovery Scenario 6.17: paige_get_session_state without an active session fails with "No active session"', async () => {
    const r = await call('paige_get_session_state', { include: ['open_files'] });
    expect(r.isError).toBe(true);
    expect(r.text).toBe('No active session: call paige_start_session first');
  });

  it('issue 20 item 9: every tool description says what it does, when to call it, and what it returns', async () => {
    const { tools } = await client.listTools();
    const sessionTools = [
      'paige_get_session_state',
      'paige_highlight_lines',
      'paige_clear_highlights',
      'paige_hint_files',
      'paige_clear_hints',
      'paige_update_phase',
      'paige_show_message',
      'paige_show_issue_context',
      'paige_run_coaching_pipeline',
      'paige_mark_problems',
    ];
    for (const tool of tools) {
      const d = tool.description ?? '';
      expect(d.length, tool.name).toBeGreaterThan(120);
      expect(d, tool.name).toMatch(/\bReturns\b/);
      expect(d, tool.name).toMatch(/\b(Use it|Call it|Call this|when|once|after|before)\b/i);
      expect(d.includes('Needs an active coaching session'), tool.name).toBe(
        sessionTools.includes(tool.name),
      );
    }
    const clearHints = tools.find((x) => x.name === 'paige_clear_hints')?.description ?? '';
    expect(clearHints).toMatch(/Call it when the hinted files are no longer where the learner should look/);
    expect(clearHints).toMatch(/Returns \{ success \}/);
  });

  it('invalid arguments give a validation error, not a crash', async () => {
    const r = await call('paige_highlight_lines', { path: 'src/auth.ts', start: 0, end: -1, style: 'bogus' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/validation/i);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });

  it('session lifecycle: start broadcasts session:started; a second start names the active session', async () => {
    const started = await call('paige_start_session', {
      issueNumber: 42,
      issueTitle: 'Fix OAuth race condition',
    });
    expect(started.isError).toBe(false);
    const sessionId = started.s.sessionId as string;
    const msg = await ws.next('session:started');
    expect(msg.payload).toMatchObject({
      sessionId,
      issueContext: { number: 42, title: 'Fix OAuth race condition' },
    });
    const again = await call('paige_start_session', {});
    expect(again.isError).toBe(true);
    expect(again.text).toContain(sessionId);
  });

  it('AS-1/AS-2: paige_get_buffer returns the dirty buffer, or { buffer: null }', async () => {
    ws.send('buffer:update', {
      path: 'src/auth.ts',
      content: 'export function login() {\n  return false;\n}\n',
      cursorPosition: { line: 2, column: 10 },
    });
    await expect
      .poll(
        async () =>
          ((await call('paige_get_buffer', { path: 'src/auth.ts' })).s.buffer as { dirty?: boolean } | null)
            ?.dirty,
      )
      .toBe(true);
    const r = await call('paige_get_buffer', { path: 'src/auth.ts' });
    expect(r.s.buffer).toMatchObject({
      path: 'src/auth.ts',
      cursorPosition: { line: 2, column: 10 },
      dirty: true,
    });
    expect((await call('paige_get_buffer', { path: 'unknown.ts' })).s).toEqual({ buffer: null });
  });

  it('AS-3: paige_get_open_files returns Electron opens and paige_open_file opens', async () => {
    for (const p of ['src/auth.ts', 'src/db.ts', 'src/handlers/oauth.ts'])
      await ws.request('file:open', { path: p }, 'fs:content');
    ws.send('file:close', { path: 'src/db.ts' });
    // messages of a connection are handled in order: this reply means the close is done
    await ws.request('file:open', { path: 'src/auth.ts' }, 'fs:content');
    expect((await call('paige_get_open_files')).s.files).not.toContain('src/db.ts');
    const opened = await call('paige_open_file', { path: 'src/db.ts' });
    expect(opened.s).toMatchObject({
      success: true,
      path: 'src/db.ts',
      language: 'typescript',
      lineCount: 2,
    });
    expect((await ws.next('editor:open_file')).payload).toMatchObject({ path: 'src/db.ts', lineCount: 2 });
    const files = (await call('paige_get_open_files')).s.files as string[];
    expect([...files].sort()).toEqual(['src/auth.ts', 'src/db.ts', 'src/handlers/oauth.ts']);
  });

  it('AS-4/AS-5: paige_get_diff gives unified diffs of dirty files only', async () => {
    const one = await call('paige_get_diff', { path: 'src/auth.ts' });
    const diffs = one.s.diffs as Array<{ path: string; diff: string }>;
    expect(diffs).toHaveLength(1);
    expect(diffs[0]?.diff).toContain('-  return true;');
    expect(diffs[0]?.diff).toContain('+  return false;');
    const all = (await call('paige_get_diff', {})).s.diffs as Array<{ path: string }>;
    expect(all.map((d) => d.path)).toEqual(['src/auth.ts']);
  });

  it('AS-9/AS-10: highlights accumulate per file and clear per file or all', async () => {
    const a = await call('paige_highlight_lines', {
      path: 'src/auth.ts',
      start: 1,
      end: 2,
      style: 'hint',
      hoverText: 'look here',
    });
    const b = await call('paige_highlight_lines', { path: 'src/auth.ts', start: 3, end: 3, style: 'error' });
    await call('paige_highlight_lines', { path: 'src/db.ts', start: 1, end: 1, style: 'success' });
    expect(a.s.count).toBe(1);
    expect(b.s.count).toBe(2);
    expect(ws.count('editor:highlight_lines')).toBeGreaterThanOrEqual(3);
    const sid = (await call('paige_get_session_state', { include: ['session'] })).s.session as { id: string };
    const decorations = t.server.parts.actionLog.countActions({
      sessionId: sid.id,
      actionType: 'decorations_applied',
    });
    expect(decorations).toBe(3);
    const cleared = await call('paige_clear_highlights', { path: 'src/auth.ts' });
    expect(cleared.s.cleared).toBe(2);
    expect(
      (await ws.next((m) => m.type === 'editor:clear_highlights' && m.payload.path === 'src/auth.ts')).type,
    ).toBe('editor:clear_highlights');
    expect(t.server.parts.ui.allHighlights().map((h) => h.path)).toEqual(['src/db.ts']);
    expect((await call('paige_clear_highlights', {})).s.cleared).toBe(1);
  });

  it('AS-11/AS-12: paige_hint_files broadcasts { paths, style }; paige_clear_hints clears', async () => {
    await call('paige_hint_files', { paths: ['src/auth.ts', 'src/handlers/oauth.ts'], style: 'suggested' });
    const hint = await ws.next('explorer:hint_files');
    expect(hint.payload).toEqual({ paths: ['src/auth.ts', 'src/handlers/oauth.ts'], style: 'suggested' });
    await call('paige_clear_hints');
    await ws.next('explorer:clear_hints');
  });

  it('AS-13/AS-14 and the phase lifecycle: pending -> active -> complete only, no skipping, no re-activation, nothing written on error', async () => {
    const sid = (
      (await call('paige_get_session_state', { include: ['session'] })).s.session as { id: string }
    ).id;
    const noPlan = await call('paige_update_phase', { phase: 1, status: 'active' });
    expect(noPlan.isError).toBe(true);
    createPlan(t.server.parts.db, {
      sessionId: sid,
      title: 'OAuth',
      phases: [
        {
          number: 1,
          title: 'Reproduce',
          description: 'Write a failing test',
          hints: [{ type: 'file', path: 'src/auth.ts', style: 'suggested' }],
        },
        { number: 2, title: 'Fix', description: 'Guard the refresh', hints: [] },
        { number: 3, title: 'Verify', description: 'Run the tests', hints: [] },
      ],
    });
    const skip = await call('paige_update_phase', { phase: 2, status: 'complete' });
    expect(skip.isError).toBe(true);
    const started = await call('paige_update_phase', { phase: 1, status: 'active' });
    expect(started.s).toMatchObject({
      success: true,
      phase: { number: 1, title: 'Reproduce', status: 'active' },
    });
    const update = await ws.next(
      (m) => m.type === 'coaching:phase_update' && m.payload.phase === 1 && m.payload.status === 'active',
    );
    expect(update.payload.startedAt).toEqual(expect.any(String));
    const idempotent = await call('paige_update_phase', { phase: 1, status: 'active' });
    expect(idempotent.isError).toBe(false);
    const twoActive = await call('paige_update_phase', { phase: 2, status: 'active' });
    expect(twoActive.isError).toBe(true);
    expect((await call('paige_update_phase', { phase: 1, status: 'complete' })).s).toMatchObject({
      phase: { status: 'complete' },
    });
    const reactivate = await call('paige_update_phase', { phase: 1, status: 'active' });
    expect(reactivate.isError).toBe(true);
    const plan = getActivePlan(t.server.parts.db, sid);
    expect(plan?.phases.map((p) => p.status)).toEqual(['complete', 'pending', 'pending']);
    expect(plan?.phases[0]?.completedAt).toEqual(expect.any(String));
    const logged = t.server.parts.actionLog
      .recentActions({ sessionId: sid, limit: 500 })
      .map((r) => r.actionType);
    expect(logged.filter((x) => x === 'phase_started')).toHaveLength(1);
    expect(logged.filter((x) => x === 'phase_completed')).toHaveLength(1);
  });

  it('AS-15/AS-16: paige_show_message and paige_show_issue_context broadcast', async () => {
    await call('paige_show_message', { message: 'Nice work!', type: 'success' });
    expect((await ws.next('coaching:message')).payload).toEqual({ message: 'Nice work!', type: 'success' });
    await call('paige_show_issue_context', {
      title: 'Fix OAuth race condition',
      summary: 'Tokens refresh twice',
    });
    expect((await ws.next('coaching:issue_context')).payload).toMatchObject({
      title: 'Fix OAuth race condition',
    });
  });

  it('AS-6/AS-7: paige_get_session_state returns only the requested items, or all 9', async () => {
    const some = await call('paige_get_session_state', { include: ['phase', 'diffs'] });
    expect(Object.keys(some.s).sort()).toEqual(['diffs', 'phase']);
    const all = await call('paige_get_session_state', {});
    expect(Object.keys(all.s).sort()).toEqual([
      'buffers',
      'diffs',
      'dreyfus',
      'hints',
      'open_files',
      'phase',
      'plan',
      'progress',
      'session',
    ]);
  });

  it('every tool call is logged as mcp_tool_call with name, argument summary, outcome and duration (never file contents)', async () => {
    const sid = (
      (await call('paige_get_session_state', { include: ['session'] })).s.session as { id: string }
    ).id;
    const logged = () =>
      t.server.parts.actionLog.recentActions({ sessionId: sid, limit: 500, actionType: 'mcp_tool_call' });
    // Rows are written off the request path, a few ms after the call (once /mcp is quiet), never lost.
    await call('paige_get_open_files', {});
    await vi.waitFor(
      () => expect(logged()[0]?.data).toMatchObject({ toolName: 'paige_get_open_files', outcome: 'success' }),
      {
        timeout: 1000,
        interval: 5,
      },
    );
    const rows = logged();
    expect(rows.length).toBeGreaterThan(10);
    const row = rows.find(
      (r) =>
        r.data?.toolName === 'paige_get_buffer' && (r.data.args as { path?: string }).path === 'src/auth.ts',
    );
    expect(row?.data).toMatchObject({
      toolName: 'paige_get_buffer',
      outcome: 'success',
      args: { path: 'src/auth.ts' },
    });
    expect(typeof row?.data?.durationMs).toBe('number');
    expect(JSON.stringify(rows)).not.toContain('return false');
  });

  it('resync: a reconnecting window receives session, plan and phases, decorations, and hints', async () => {
    await call('paige_highlight_lines', { path: 'src/auth.ts', start: 2, end: 2, style: 'hint' });
    await call('paige_hint_files', { paths: ['src/db.ts'], style: 'required' });
    const { client: again, init } = await WsClient.hello(t.url);
    expect(init.payload.sessionId).toEqual(expect.any(String));
    const resumed = await again.next('session:resumed');
    expect((resumed.payload.phases as unknown[]).length).toBe(3);
    expect((await again.next('editor:highlight_lines')).payload).toMatchObject({ path: 'src/auth.ts' });
    // the active phase's expected files glow too (issue 23 item 1: hints follow the plan)
    expect(
      (await again.next((m) => m.type === 'explorer:hint_files' && m.payload.style === 'required')).payload,
    ).toEqual({ paths: ['src/db.ts'], style: 'required' });
    await again.close();
  });

  it('paige_end_session ends the session (counts zero without wrap-up agents), broadcasts, and a second call is a no-op (EC-62)', async () => {
    const end = await call('paige_end_session', { sessionTranscript: 'User: hi\nPaige: hello' });
    expect(end.isError).toBe(false);
    expect(end.s).toMatchObject({ sessionStatus: expect.stringMatching(/^completed/), pending: false });
    await ws.next('session:ended');
    await ws.next('session:completed');
    const twice = await call('paige_end_session', { sessionTranscript: 'again' });
    expect(twice.isError).toBe(false);
    expect(twice.text).toMatch(/already ended/);
    const after = await call('paige_get_session_state', { include: ['session'] });
    expect(after.isError).toBe(true);
    expect(after.text).toBe('No active session: call paige_start_session first');
  });

  it('Electron door: session:start, session:end, and session:resume of an abandoned session', async () => {
    ws.send('session:start', { issueNumber: 7 });
    const started = await ws.next(
      (m) => m.type === 'session:started' && (m.payload.issueContext as { number: number }).number === 7,
    );
    const id = started.payload.sessionId as string;
    ws.send('session:end', {});
    await ws.next((m) => m.type === 'session:ended' && m.payload.sessionId === id);
    const completed = await ws.request('session:resume', { sessionId: id });
    expect(completed.type).toBe('connection:error');
    expect(completed.payload.code).toBe('SESSION_NOT_FOUND');
  });

  it('issue 16: session:start / session:end with an id are answered by the lifecycle broadcast carrying that id (others get it without)', async () => {
    const other = (await WsClient.hello(t.url)).client;
    try {
      const started = await ws.request('session:start', { issueNumber: 8 }, 'session:started');
      expect(started.id).toMatch(/^req-/);
      const seenByOther = await other.next(
        (m) => m.type === 'session:started' && m.payload.sessionId === started.payload.sessionId,
      );
      expect(seenByOther.id).toBeUndefined();
      const ended = await ws.request('session:end', {}, 'session:ended');
      expect(ended.payload).toMatchObject({ sessionId: started.payload.sessionId });
      const again = await ws.request('session:end', {});
      expect(again).toMatchObject({ type: 'connection:error', payload: { code: 'NO_ACTIVE_SESSION' } });
    } finally {
      await other.close();
    }
  });
});
