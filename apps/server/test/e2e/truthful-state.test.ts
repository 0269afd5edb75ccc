/**
 * Issue 20 item 4, the smaller truths: `user:idle_end` keeps `idleMs` (Story 4 `idle_end`), `observer:mute` without a
 * session is logged as a warning (EC-70), the dashboard's sessions in progress include abandoned ones of this project
 * that `session:resume` can continue, and `session:ended.summary` says what the session did (Story 9 catalog).
 */
import { createPlan, createSession, endSession, updatePhaseStatus } from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, startTestServer, WsClient, type TestServer } from '../support/harness.js';

let t: TestServer;
let ws: WsClient;

beforeAll(async () => {
  t = await startTestServer({ files: { 'src/a.ts': 'export const a = 1;\n' } });
  ws = (await WsClient.hello(t.url)).client;
});
afterAll(async () => {
  await ws.close();
  await t.stop();
});

const lastData = (actionType: string) => {
  const row = t.server.parts.db
    .prepare('SELECT data FROM action_log WHERE action_type = ? ORDER BY id DESC LIMIT 1')
    .get(actionType) as { data: string | null } | undefined;
  return row?.data ? (JSON.parse(row.data) as Record<string, unknown>) : row ? null : undefined;
};
/** A round trip: every message sent before it on this socket has been handled. */
const barrier = () => ws.request('file:open', { path: 'src/a.ts' }, 'fs:content');

describe('Issue 20 item 4: the state tells the truth', () => {
  it('Story 4 idle_end: user:idle_end keeps idleMs in the action log (and logs {} when the window does not know it)', async () => {
    ws.send('user:idle_start', { lastActionTimestamp: new Date().toISOString() });
    ws.send('user:idle_end', { idleMs: 312_000 });
    await barrier();
    expect(lastData('idle_end')).toEqual({ idleMs: 312_000 });
    ws.send('user:idle_end', {});
    await barrier();
    expect(lastData('idle_end')).toEqual({});
  });

  it('EC-70: observer:mute without a session logs a warning and answers observer:status { active: false }', async () => {
    const status = await ws.request('observer:mute', { muted: true }, 'observer:status');
    expect(status.payload).toMatchObject({ active: false, muted: true });
    expect(
      t.logs.lines.some(
        (l) =>
          l.level === 40 &&
          l.msg === 'observer:mute ignored: no active session, so no Observer is running' &&
          l.muted === true,
      ),
    ).toBe(true);
  });

  it('Story 12: dashboard:state lists the active and the abandoned sessions of this project as in progress, and resume works on them', async () => {
    const db = t.server.parts.db;
    const abandoned = createSession(db, {
      projectDir: t.projectDir,
      issueNumber: 21,
      issueTitle: 'Left for lunch',
    });
    endSession(db, { sessionId: abandoned.id, status: 'abandoned' });
    const done = createSession(db, { projectDir: t.projectDir, issueNumber: 22, issueTitle: 'Finished' });
    endSession(db, { sessionId: done.id, status: 'completed' });
    const elsewhere = createSession(db, {
      projectDir: '/another/project',
      issueNumber: 23,
      issueTitle: 'Not here',
    });
    endSession(db, { sessionId: elsewhere.id, status: 'abandoned' });
    const active = await t.server.parts.sessions.start({ issueNumber: 24, issueTitle: 'Now' });

    const state = await ws.request('dashboard:request', { statsPeriod: 'all' }, 'dashboard:state');
    const inProgress = state.payload.inProgress as Array<Record<string, unknown>>;
    expect(inProgress.map((s) => [s.id, s.status]).sort()).toEqual(
      [
        [abandoned.id, 'abandoned'],
        [active.id, 'active'],
      ].sort(),
    );

    await t.server.parts.sessions.end({ wait: true });
    const resumed = await ws.request('session:resume', { sessionId: abandoned.id }, 'session:resumed');
    expect(resumed.payload).toMatchObject({ sessionId: abandoned.id, issueContext: { number: 21 } });
    await t.server.parts.sessions.end({ wait: true });
  });

  it('Story 9 session:ended.summary: what the session did (issue, duration, phases, hints, saves), from the MCP door too', async () => {
    const mcp = await connectMcp(t.url);
    try {
      const started = await mcp.client.callTool({
        name: 'paige_start_session',
        arguments: { issueNumber: 30, issueTitle: 'Summaries' },
      });
      const sessionId = (started.structuredContent as { sessionId: string }).sessionId;
      createPlan(t.server.parts.db, {
        sessionId,
        phases: [
          { number: 1, title: 'One', description: 'd', expectedFiles: [] },
          { number: 2, title: 'Two', description: 'd', expectedFiles: [] },
          { number: 3, title: 'Three', description: 'd', expectedFiles: [] },
        ],
      });
      updatePhaseStatus(t.server.parts.db, { sessionId, phaseNumber: 1, status: 'active' });
      updatePhaseStatus(t.server.parts.db, { sessionId, phaseNumber: 1, status: 'complete' });
      updatePhaseStatus(t.server.parts.db, { sessionId, phaseNumber: 2, status: 'active' });
      await mcp.client.callTool({
        name: 'paige_highlight_lines',
        arguments: { path: 'src/a.ts', start: 1, end: 1, style: 'hint' },
      });
      await mcp.client.callTool({
        name: 'paige_hint_files',
        arguments: { paths: ['src/a.ts'], style: 'suggested' },
      });
      await ws.request('file:save', { path: 'src/a.ts', content: 'export const a = 2;\n' }, 'fs:save_ack');
      const from = ws.received.length;
      await mcp.client.callTool({
        name: 'paige_end_session',
        arguments: { sessionTranscript: 'User: thanks', wait: false },
      });
      const ended = await ws.next(
        (m) => m.type === 'session:ended' && m.payload.sessionId === sessionId,
        5000,
        from,
      );
      expect(ended.payload.summary).toMatch(
        /^Session on issue #30 "Summaries" ended after less than a minute: 1 of 3 phases complete, 2 hints used, 1 file save\. The wrap-up \(memories, knowledge gaps, katas, skill assessments\) runs next\.$/,
      );
      await t.server.parts.sessions.drain();
    } finally {
      await mcp.close();
    }
  });
});
