/**
 * Issue 20 item 7 through the running server: every learner-facing text produced by a model passes the
 * solution-leak guard before it is stored or sent — Claude Code's `paige_show_message` and `paige_highlight_lines`
 * hover texts (MCP), the coach's phase descriptions and hover texts (`paige_run_coaching_pipeline`), and the
 * Observer's nudge context — with the learner's own code exempt and each intervention logged.
 */
import { startMessagesApiStub, textReply, type MessagesApiStub, type StubRequest } from '@paige/llm/testing';
import { getActivePlan } from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, startTestServer, WsClient, type TestServer, actionData } from '../support/harness.js';

const AUTH = 'export function login(user) {\n  return user.name.length > 0;\n}\n';
const NOTE = '[Paige left a code example out here';
const INLINE_NOTE = '(code left out: yours to write)';

const isTriage = (r: StubRequest) => JSON.stringify(r.schema ?? {}).includes('should_nudge');
const isCoach = (r: StubRequest) => r.systemText.includes("Paige's coaching engine");

const COACH = {
  phases: [
    {
      number: 1,
      title: 'Guard the empty user',
      description:
        'Make login refuse an empty user. The whole answer:\n```js\nexport function login(user) {\n  if (!user || !user.name) return false;\n  return user.name.length > 0;\n}\n```',
      expectedFiles: ['src/auth.ts'],
      hintLevel: 'low',
      hints: [
        {
          type: 'line',
          path: 'src/auth.ts',
          startLine: 2,
          endLine: 2,
          style: 'hint',
          hoverText: 'What does `return user.name.length > 0;` do when user is undefined?',
        },
        {
          type: 'line',
          path: 'src/auth.ts',
          startLine: 1,
          endLine: 1,
          style: 'hint',
          hoverText: 'Start with `if (!user) return false;` here.',
        },
      ],
      knowledgeGapOpportunities: [],
    },
  ],
  memoryConnection: null,
  estimatedDifficulty: 'beginner',
};

let stub: MessagesApiStub;
let t: TestServer;
let ws: WsClient;
let mcp: Awaited<ReturnType<typeof connectMcp>>;

const actions = (type: string) => actionData(t, type);

async function call(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await mcp.client.callTool({ name, arguments: args });
  if (r.isError === true) throw new Error(JSON.stringify(r.content));
  return (r.structuredContent ?? {}) as Record<string, unknown>;
}

beforeAll(async () => {
  stub = await startMessagesApiStub({
    handler: (req) => {
      if (isCoach(req)) return textReply(COACH);
      if (isTriage(req)) {
        return textReply({
          should_nudge: true,
          confidence: 0.9,
          signal: 'stuck_on_implementation',
          reasoning: 'Edits without progress.',
          suggested_context: {
            current_file: 'src/auth.ts',
            expected_file: 'src/auth.ts',
            time_in_file: '3m',
            phase_description:
              'Nearly there; just add:\nif (!user) return false;\nif (!user.name) return false;\nreturn true;',
          },
        });
      }
      return undefined;
    },
  });
  t = await startTestServer({ files: { 'src/auth.ts': AUTH }, env: { ANTHROPIC_BASE_URL: stub.url } });
  ws = (await WsClient.hello(t.url)).client;
  mcp = await connectMcp(t.url);
  await call('paige_start_session', { issueTitle: 'Login accepts empty users' });
});

afterAll(async () => {
  await ws.close();
  await mcp.close();
  await t.stop();
  await stub.stop();
});

describe('issue 20 item 7: the solution-leak guard on texts the server sends', () => {
  it('paige_run_coaching_pipeline: phase description and hover texts lose new code at the phase hint level (low); the learner line quoted back stays', async () => {
    const from = ws.received.length;
    await call('paige_run_coaching_pipeline', {
      planText: 'Guard the empty user in src/auth.ts',
      issueSummary: 'Empty users log in.',
    });
    const ready = await ws.next((m) => m.type === 'coaching:plan_ready', 10_000, from);
    const phase = (ready.payload.phases as Array<{ description: string }>)[0]!;
    expect(phase.description).toContain('Make login refuse an empty user.');
    expect(phase.description).toContain(NOTE);
    expect(phase.description).not.toContain('!user.name');
    const highlight = await ws.next(
      (m) => m.type === 'editor:highlight_lines' && m.payload.path === 'src/auth.ts',
      5_000,
      from,
    );
    const hovers = (highlight.payload.highlights as Array<{ hoverText?: string }>).map((h) => h.hoverText);
    expect(hovers).toContain('What does `return user.name.length > 0;` do when user is undefined?');
    expect(hovers).toContain(`Start with ${INLINE_NOTE} here.`);
    // Stored as sent.
    const stored = getActivePlan(t.server.parts.db, t.server.parts.sessions.active()!.id)!.phases[0]!;
    expect(stored.description).toBe(phase.description);
    expect(actions('solution_guard_applied').slice(-2)).toEqual([
      expect.objectContaining({ source: 'phase_hint', hintLevel: 'low', blocksRemoved: 1 }),
      expect.objectContaining({ source: 'hover_text', hintLevel: 'low', inlineRemoved: 1 }),
    ]);
  });

  it('paige_show_message: a message that hands over code is stripped before coaching:message; a plain one is untouched', async () => {
    const before = actions('solution_guard_applied').length;
    const from = ws.received.length;
    await call('paige_show_message', { message: 'Good progress!', type: 'success' });
    await call('paige_show_message', {
      message: 'Paste this at the top of login:\nif (!user) return false;\nif (!user.name) return false;',
      type: 'hint',
      anchor: { path: 'src/auth.ts', startLine: 1 },
    });
    await ws.next(
      (m) => m.type === 'coaching:message' && String(m.payload.message).startsWith('Paste'),
      5_000,
      from,
    );
    const all = ws.received
      .slice(from)
      .filter((m) => m.type === 'coaching:message')
      .map((m) => String(m.payload.message));
    expect(all[0]).toBe('Good progress!');
    expect(all[1]).toContain('Paste this at the top of login:');
    expect(all[1]).not.toContain('return false');
    expect(actions('solution_guard_applied').slice(before)).toEqual([
      expect.objectContaining({ source: 'coaching_message', blocksRemoved: 1 }),
    ]);
  });

  it('paige_highlight_lines: a hover text with a new statement is stripped; quoting the highlighted line is allowed', async () => {
    const from = ws.received.length;
    await call('paige_highlight_lines', {
      path: 'src/auth.ts',
      start: 2,
      end: 2,
      style: 'hint',
      hoverText: 'Here `return user.name.length > 0;` assumes user exists.',
    });
    await call('paige_highlight_lines', {
      path: 'src/auth.ts',
      start: 1,
      end: 1,
      style: 'hint',
      hoverText: 'Change it to: if (!user?.name) return false;',
    });
    await ws.next(
      (m) =>
        m.type === 'editor:highlight_lines' &&
        m.payload.path === 'src/auth.ts' &&
        (m.payload.highlights as unknown[]).length === 1 &&
        String((m.payload.highlights as Array<{ hoverText?: string }>)[0]?.hoverText).startsWith('Change'),
      5_000,
      from,
    );
    const hovers = ws.received
      .slice(from)
      .filter((m) => m.type === 'editor:highlight_lines')
      .map((m) => (m.payload.highlights as Array<{ hoverText?: string }>)[0]?.hoverText);
    expect(hovers).toEqual([
      'Here `return user.name.length > 0;` assumes user exists.',
      `Change it to: ${INLINE_NOTE}`,
    ]);
    expect(actions('solution_guard_applied').at(-1)).toMatchObject({
      source: 'hover_text',
      inlineRemoved: 1,
    });
  });

  it('observer:nudge: the nudge context from the triage model is guarded before it is broadcast', async () => {
    await call('paige_update_phase', { phase: 1, status: 'active' });
    const from = ws.received.length;
    for (let i = 0; i < 5; i++)
      ws.send('buffer:update', {
        path: 'src/auth.ts',
        content: `${AUTH}// edit ${i}\n`,
        cursorPosition: { line: 2, column: 3 + i },
      });
    const nudge = await ws.next((m) => m.type === 'observer:nudge', 10_000, from);
    const context = nudge.payload.context as { phase_description: string; time_in_file: string };
    expect(context.phase_description).toContain('Nearly there; just add:');
    expect(context.phase_description).not.toContain('return false');
    expect(context.time_in_file).toBe('3m');
    expect(actions('solution_guard_applied').at(-1)).toMatchObject({ source: 'nudge', blocksRemoved: 1 });
  });
});
