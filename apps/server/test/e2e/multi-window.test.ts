/**
 * Issue 20 item 2 (Story 5 AS-2, AS-3, AS-9; EC-25 "Multiple Electron windows connect: all receive broadcasts"):
 * two windows on one server. Every state change reaches both (a save, the session's lifecycle, decorations, file
 * hints, the hint level, phases, messages, nudges, the Observer's status, the project tree); when a window's own
 * request caused it, that window's copy echoes its request `id` and the other window's copy has none. Replies that
 * carry the requester's own data (a file's content, an explanation, a review, a dashboard, a kata) go to the
 * requester alone, with its `id`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMessagesApiStub, textReply, type MessagesApiStub, type StubRequest } from '@paige/llm/testing';
import { createKata, recordKnowledgeGap } from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMcp,
  startTestServer,
  WsClient,
  type TestServer,
  type WireMessage,
} from '../support/harness.js';

const isTriage = (r: StubRequest) => JSON.stringify(r.schema ?? {}).includes('should_nudge');
const isCoach = (r: StubRequest) => r.systemText.includes("Paige's coaching engine");
const isExplain = (r: StubRequest) => r.systemText.includes('"explain this"');

const COACH_REPLY = {
  phases: [
    {
      number: 1,
      title: 'Write a failing test',
      description: 'Cover the empty user case first.',
      expectedFiles: ['test/auth.test.ts'],
      hintLevel: 'medium',
      hints: [
        {
          type: 'line',
          path: 'src/auth.ts',
          startLine: 1,
          endLine: 1,
          style: 'hint',
          hoverText: 'What does this return for ""?',
        },
        { type: 'file', path: 'test/auth.test.ts', style: 'required', hoverText: null },
      ],
      knowledgeGapOpportunities: [],
    },
    {
      number: 2,
      title: 'Make it pass',
      description: 'Reject empty users.',
      expectedFiles: ['src/auth.ts'],
      hintLevel: 'low',
      hints: [],
      knowledgeGapOpportunities: [],
    },
  ],
  memoryConnection: null,
  estimatedDifficulty: 'beginner',
};

let stub: MessagesApiStub;
let t: TestServer;
let a: WsClient;
let b: WsClient;
let mcp: Awaited<ReturnType<typeof connectMcp>>;
/** Both windows' message counts when the session started (the Observer may nudge any time after). */
let sessionMark: [number, number] = [0, 0];

beforeAll(async () => {
  stub = await startMessagesApiStub({
    handler: (req) => {
      if (isTriage(req)) {
        return textReply({
          should_nudge: true,
          confidence: 0.9,
          signal: 'stuck_on_implementation',
          reasoning: 'Many edits without a test.',
          suggested_context: {
            current_file: 'src/auth.ts',
            expected_file: 'test/auth.test.ts',
            time_in_file: '3m',
            phase_description: 'Write a failing test',
          },
        });
      }
      if (isCoach(req)) return textReply(COACH_REPLY);
      if (isExplain(req)) {
        return textReply({
          explanation: 'login returns true for everyone.',
          keyConcepts: ['booleans'],
          analogy: null,
          relatedFiles: null,
          phaseConnection: null,
        });
      }
      return undefined;
    },
  });
  t = await startTestServer({
    files: { 'src/auth.ts': 'export const login = () => true;\n', 'test/auth.test.ts': '' },
    env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_WATCH: 'true' },
  });
  a = (await WsClient.hello(t.url)).client;
  b = (await WsClient.hello(t.url)).client;
  mcp = await connectMcp(t.url);
});

afterAll(async () => {
  await a.close();
  await b.close();
  await mcp.close();
  await t.stop();
  await stub.stop();
});

/** Both windows' next message matching `pred`, received after the marks. */
async function both(
  pred: (m: WireMessage) => boolean,
  from: [number, number],
  timeoutMs = 5000,
): Promise<[WireMessage, WireMessage]> {
  return Promise.all([a.next(pred, timeoutMs, from[0]), b.next(pred, timeoutMs, from[1])]);
}
const mark = (): [number, number] => [a.received.length, b.received.length];
const ofType = (type: string) => (m: WireMessage) => m.type === type;
async function tool(name: string, args: Record<string, unknown>) {
  const r = await mcp.client.callTool({ name, arguments: args });
  expect(r.isError, JSON.stringify(r.content)).not.toBe(true);
  return r;
}
/**
 * Whether `client` received a matching message since `from`. A round trip of its own first (frames of one socket
 * arrive in order): whatever the server sent it before answering is in `received` by then.
 */
async function receivedSince(
  client: WsClient,
  from: number,
  pred: (m: WireMessage) => boolean,
): Promise<boolean> {
  await client.request('file:open', { path: 'test/auth.test.ts' }, 'fs:content');
  return client.received
    .slice(from)
    .some((m) => pred(m) && !(m.type === 'fs:content' && m.payload.path === 'test/auth.test.ts'));
}

describe('Issue 20 item 2: every window sees every state change', () => {
  it('EC-25: both windows are tracked, each with its own metadata and connection id', async () => {
    const ids = [...t.server.parts.hub.connections.keys()];
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it("session:start from window A: both get session:started and the tree; only A's copy carries its request id", async () => {
    const from = mark();
    sessionMark = from;
    a.send('session:start', { issueNumber: 12, issueTitle: 'Login accepts empty users' }, 'start-1');
    const [sa, sb] = await both(ofType('session:started'), from);
    expect(sa.id).toBe('start-1');
    expect(sb.id).toBeUndefined();
    expect(sa.payload).toEqual(sb.payload);
    expect(sa.payload.issueContext).toMatchObject({ number: 12, title: 'Login accepts empty users' });
    await both(ofType('fs:tree'), from);
    await both((m) => m.type === 'observer:status' && m.payload.active === true, from);
  });

  it("Story 5 AS-3: a save reaches both windows (the saver's ack with its id); a failed save goes to the saver alone", async () => {
    const from = mark();
    a.send(
      'file:save',
      { path: 'src/auth.ts', content: 'export const login = (u: string) => u.length > 0;\n' },
      'save-1',
    );
    const [sa, sb] = await both(ofType('fs:save_ack'), from);
    expect(sa.id).toBe('save-1');
    expect(sb.id).toBeUndefined();
    expect(sb.payload).toMatchObject({ path: 'src/auth.ts', success: true, hash: sa.payload.hash });

    const from2 = mark();
    const err = await a.request(
      'file:save',
      { path: 'src/auth.ts', content: 'x', baseHash: '0'.repeat(64) },
      'fs:save_error',
    );
    expect(err.payload.code).toBe('CONFLICT');
    expect(
      await receivedSince(b, from2[1], (m) => m.type === 'fs:save_error' || m.type === 'fs:save_ack'),
    ).toBe(false);
  });

  it("hint level: hints:level_change from A -> hints:level_update in both (A's copy with its id)", async () => {
    const from = mark();
    a.send('hints:level_change', { level: 'high', previousLevel: 'medium' }, 'hint-1');
    const [ha, hb] = await both(ofType('hints:level_update'), from);
    expect(ha.id).toBe('hint-1');
    expect(hb.id).toBeUndefined();
    expect(hb.payload).toMatchObject({
      level: 'high',
      previousLevel: 'medium',
      sessionId: t.server.parts.sessions.active()?.id,
    });
  });

  it('phases, decorations and file hints from the coaching pipeline reach both windows', async () => {
    const from = mark();
    await tool('paige_run_coaching_pipeline', {
      planText: 'Write a failing test for empty users, then reject them.',
      issueSummary: 'Login accepts empty users.',
    });
    const [pa, pb] = await both(ofType('coaching:plan_ready'), from);
    expect(pb.payload).toEqual(pa.payload);
    await both((m) => m.type === 'editor:highlight_lines' && m.payload.path === 'src/auth.ts', from);
    await both(
      (m) => m.type === 'explorer:hint_files' && (m.payload.paths as string[]).includes('test/auth.test.ts'),
      from,
    );

    const from2 = mark();
    await tool('paige_update_phase', { phase: 1, status: 'active' });
    const [ua, ub] = await both(ofType('coaching:phase_update'), from2);
    expect(ub.payload).toEqual(ua.payload);
    expect(ub.payload).toMatchObject({ phase: 1, status: 'active' });
  });

  it('Story 5 AS-9: MCP UI tools broadcast to both windows (open file, highlights, clears, hints, messages, issue context)', async () => {
    const steps: Array<[string, Record<string, unknown>, string]> = [
      ['paige_open_file', { path: 'src/auth.ts' }, 'editor:open_file'],
      [
        'paige_highlight_lines',
        { path: 'src/auth.ts', start: 1, end: 1, style: 'error', hoverText: 'empty string?' },
        'editor:highlight_lines',
      ],
      ['paige_clear_highlights', { path: 'src/auth.ts' }, 'editor:clear_highlights'],
      ['paige_hint_files', { paths: ['src/auth.ts'], style: 'suggested' }, 'explorer:hint_files'],
      ['paige_clear_hints', {}, 'explorer:clear_hints'],
      [
        'paige_show_message',
        { message: 'Nice: the test fails for the right reason.', type: 'success' },
        'coaching:message',
      ],
      [
        'paige_show_issue_context',
        { title: 'Login accepts empty users', summary: 'An empty user name logs in.' },
        'coaching:issue_context',
      ],
    ];
    for (const [name, args, type] of steps) {
      const from = mark();
      await tool(name, args);
      const [ma, mb] = await both(ofType(type), from);
      expect(mb.payload, name).toEqual(ma.payload);
    }
  });

  it("Story 10: a nudge reaches both windows; muting from B updates both (B's status with its id)", async () => {
    // the Observer may have nudged already (the save and the phase change are triggers too); else these edits do
    for (let i = 0; i < 5; i++) {
      a.send('buffer:update', {
        path: 'src/auth.ts',
        content: `export const login = () => ${i % 2 === 0};\n`,
        cursorPosition: { line: 1, column: 10 + i },
      });
    }
    const [na, nb] = await both(ofType('observer:nudge'), sessionMark, 10_000);
    expect(nb.payload).toEqual(na.payload);

    const from2 = mark();
    b.send('observer:mute', { muted: true }, 'mute-1');
    const [oa, ob] = await both((m) => m.type === 'observer:status' && m.payload.muted === true, from2);
    expect(ob.id).toBe('mute-1');
    expect(oa.id).toBeUndefined();
    b.send('observer:mute', { muted: false });
    await both((m) => m.type === 'observer:status' && m.payload.muted === false, mark());
  });

  it('the project tree: a file created on disk reaches both windows as fs:tree_update', async () => {
    await t.server.parts.workspace.getTree();
    const from = mark();
    // the watcher may still be crawling right after start: write until it reports
    for (let i = 0; i < 50; i += 1) {
      writeFileSync(join(t.projectDir, `notes-${i}.md`), `# ${i}\n`);
      const seen = await Promise.race([
        both((m) => m.type === 'fs:tree_update' && m.payload.action === 'add', from, 200).then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 250)),
      ]).catch(() => false);
      if (seen) break;
    }
    const [ta, tb] = await both((m) => m.type === 'fs:tree_update' && m.payload.action === 'add', from);
    expect(tb.payload).toEqual(ta.payload);
  });

  it('requester-only replies: fs:content, explain:response, dashboard:state and practice:kata_load go to the requester alone, with its id', async () => {
    const from = mark();
    const content = await a.request('file:open', { path: 'src/auth.ts' }, 'fs:content');
    expect(content.payload.path).toBe('src/auth.ts');
    const explained = await a.request(
      'user:explain',
      {
        path: 'src/auth.ts',
        range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 10 },
        selectedText: 'export const login',
      },
      'explain:response',
    );
    expect(explained.payload.explanation).toContain('login');
    const dashboard = await a.request('dashboard:request', { statsPeriod: '7d' }, 'dashboard:state');
    expect(dashboard.payload.stats).toMatchObject({ period: '7d' });
    const gap = recordKnowledgeGap(t.server.parts.db, {
      sessionId: null,
      topic: 'empty strings',
      severity: 'low',
      evidence: 'e',
    });
    const kata = createKata(t.server.parts.db, {
      knowledgeGapId: gap.id,
      title: 'Empty input',
      description: 'Guard the empty case.',
      scaffoldingCode: '',
      instructorNotes: '',
    });
    const loaded = await a.request('practice:load_kata', { kataId: kata.id }, 'practice:kata_load');
    expect(loaded.payload.kata).toMatchObject({ id: kata.id });
    const own = new Set([
      'fs:content',
      'explain:response',
      'explain:error',
      'dashboard:state',
      'dashboard:issues',
      'dashboard:issues_error',
      'dashboard:challenges',
      'dashboard:learning_materials',
      'practice:kata_load',
    ]);
    expect(await receivedSince(b, from[1], (m) => own.has(m.type))).toBe(false);
  });

  it("session:end from B: both get session:ended (B's with its id, a filled summary) and session:completed; resume from A reaches both", async () => {
    const sessionId = t.server.parts.sessions.active()?.id;
    const from = mark();
    b.send('session:end', {}, 'end-1');
    const [ea, eb] = await both(ofType('session:ended'), from, 10_000);
    expect(eb.id).toBe('end-1');
    expect(ea.id).toBeUndefined();
    expect(ea.payload).toMatchObject({ sessionId, status: 'completed' });
    expect(String(ea.payload.summary)).toMatch(
      /^Session on issue #12 "Login accepts empty users" ended after .+: 0 of 2 phases complete, \d+ hints? used, 1 file save\. The wrap-up/,
    );
    await both(ofType('editor:clear_highlights'), from);
    await both(ofType('explorer:clear_hints'), from);
    const [ca, cb] = await both(ofType('session:completed'), from, 15_000);
    expect(cb.id).toBe('end-1');
    expect(ca.payload.sessionId).toBe(sessionId);
    await t.server.parts.sessions.drain();

    // an ended session is completed and cannot be resumed; start and abandon another, then resume it from A
    const other = await t.server.parts.sessions.start({ issueNumber: 13 });
    t.server.parts.db
      .prepare(`UPDATE sessions SET status = 'abandoned', ended_at = ? WHERE id = ?`)
      .run(new Date().toISOString(), other.id);
    t.server.parts.sessions.invalidate();
    const from2 = mark();
    a.send('session:resume', { sessionId: other.id }, 'resume-1');
    const [ra, rb] = await both(ofType('session:resumed'), from2);
    expect(ra.id).toBe('resume-1');
    expect(rb.id).toBeUndefined();
    expect(rb.payload).toMatchObject({ sessionId: other.id });
  });
});
