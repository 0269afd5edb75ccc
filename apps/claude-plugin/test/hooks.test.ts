import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runHook } from './helpers/run-hook.js';
import type { HookName } from './helpers/run-hook.js';
import { startTestBackend } from './helpers/test-backend.js';
import type { TestBackend } from './helpers/test-backend.js';
import type { DreyfusStage } from '@paige/protocol';

const TRANSCRIPT = fileURLToPath(new URL('./fixtures/transcript.jsonl', import.meta.url));

const common = (event: string, cwd: string) => ({
  session_id: '5d1c3f0e-8a1b-4a52-9d63-1f0c2b7e9a41',
  transcript_path: TRANSCRIPT,
  cwd,
  permission_mode: 'default',
  hook_event_name: event,
});

const hookOutput = (json: Record<string, unknown> | null): Record<string, unknown> =>
  (json?.hookSpecificOutput ?? {}) as Record<string, unknown>;

const DREYFUS: { skillArea: string; stage: DreyfusStage; confidence: number }[] = [
  { skillArea: 'React hooks', stage: 'advanced_beginner', confidence: 0.7 },
  { skillArea: 'TypeScript', stage: 'novice', confidence: 0.55 },
];

describe('Claude Code plugin hooks against the running Paige backend (@paige/server)', () => {
  let backend: TestBackend;
  let project: string;

  beforeEach(async () => {
    project = await mkdtemp(join(tmpdir(), 'paige-plugin-'));
    backend = await startTestBackend({ dreyfus: DREYFUS });
  });
  afterEach(async () => {
    await backend.stop();
    await rm(project, { recursive: true, force: true });
  });

  const toolNames = (): string[] => backend.toolCalls().map((c) => c.toolName);
  /** The hooks delete every MCP session they open: none is left on the server. */
  const expectSessionsDeleted = (): void => {
    expect(backend.toolCalls().length).toBeGreaterThan(0);
    expect(backend.mcpSessionCount()).toBe(0);
  };

  it('SessionStart (startup) starts a session for PAIGE_ISSUE and returns the persona with the Dreyfus stages', async () => {
    const run = await runHook(
      'session-start',
      { ...common('SessionStart', project), source: 'startup' },
      { PAIGE_URL: backend.url, PAIGE_ISSUE: '7' },
    );
    expect(run.exitCode).toBe(0);
    expect(toolNames()).toEqual(['paige_start_session', 'paige_get_session_state']);
    expect(backend.toolCalls()[0]).toMatchObject({ outcome: 'success', args: { issueNumber: 7 } });
    const active = backend.active();
    expect(active).toMatchObject({ status: 'active', issueNumber: 7 });
    const out = hookOutput(run.json);
    expect(out.hookEventName).toBe('SessionStart');
    const context = String(out.additionalContext);
    expect(context).toContain('You are Paige');
    expect(context).toContain('coach, never the author');
    expect(context).toContain('React hooks: Advanced Beginner, confidence 70%');
    expect(context).toContain('TypeScript: Novice');
    expect(context).toContain('Issue: #7');
    for (const move of [
      'Decompose',
      'Fade',
      'Reframe',
      'Decompose further',
      'Lateral move',
      'Increase directness',
    ]) {
      expect(context).toContain(move);
    }
    for (const tool of [
      'paige_highlight_lines',
      'paige_hint_files',
      'paige_update_phase',
      'paige_run_coaching_pipeline',
    ]) {
      expect(context).toContain(tool);
    }
    expect(run.json?.systemMessage).toBe('Paige: coaching session started for issue #7.');
    expectSessionsDeleted();
  });

  it('SessionStart (startup) takes the issue from the project .paige.json when PAIGE_ISSUE is unset', async () => {
    await writeFile(join(project, '.paige.json'), JSON.stringify({ issue: '#12' }));
    const run = await runHook(
      'session-start',
      { ...common('SessionStart', project), source: 'startup' },
      { PAIGE_URL: backend.url },
    );
    expect(run.exitCode).toBe(0);
    expect(backend.toolCalls()[0]).toMatchObject({
      toolName: 'paige_start_session',
      args: { issueNumber: 12 },
    });
    expect(backend.active()?.issueNumber).toBe(12);
    expect(String(hookOutput(run.json).additionalContext)).toContain('Issue: #12');
  });

  it('SessionStart (startup) with no issue starts a session without one and says how to pick one', async () => {
    const run = await runHook(
      'session-start',
      { ...common('SessionStart', project), source: 'startup' },
      { PAIGE_URL: backend.url },
    );
    expect(backend.toolCalls()[0]).toMatchObject({ toolName: 'paige_start_session', outcome: 'success' });
    expect(backend.active()).toMatchObject({ status: 'active', issueNumber: null });
    expect(String(hookOutput(run.json).additionalContext)).toContain('No issue chosen yet');
  });

  it('SessionStart (startup) attaches to the session already active for the project', async () => {
    const existing = await backend.startSession({ issueNumber: 3, issueTitle: 'Blank screen after login' });
    backend.plan([{ title: 'Find the effect' }, { title: 'Add the cleanup', hintLevel: 'low' }], 1);
    const run = await runHook(
      'session-start',
      { ...common('SessionStart', project), source: 'startup' },
      { PAIGE_URL: backend.url, PAIGE_ISSUE: '9' },
    );
    expect(run.exitCode).toBe(0);
    // The backend refused a second session; the hook joined the active one and started nothing.
    expect(backend.toolCalls()[0]).toMatchObject({ toolName: 'paige_start_session', outcome: 'error' });
    expect(backend.active()?.id).toBe(existing.id);
    expect(run.json?.systemMessage).toContain('joined the coaching session already active');
    const context = String(hookOutput(run.json).additionalContext);
    expect(context).toContain('Issue: #3 Blank screen after login');
    expect(context).toContain('Current phase: 1 Find the effect (active');
    expect(context).toContain('Phase 2: Add the cleanup [pending]');
    expectSessionsDeleted();
  });

  it.each(['resume', 'clear', 'compact'])(
    'SessionStart (%s) starts nothing and re-injects the context',
    async (source) => {
      const existing = await backend.startSession({ issueNumber: 5 });
      const run = await runHook(
        'session-start',
        { ...common('SessionStart', project), source },
        { PAIGE_URL: backend.url, PAIGE_ISSUE: '8' },
      );
      expect(run.exitCode).toBe(0);
      expect(toolNames()).toEqual(['paige_get_session_state']);
      expect(backend.active()?.id).toBe(existing.id);
      const context = String(hookOutput(run.json).additionalContext);
      expect(context).toContain('Continuing the current Paige session');
      expect(context).toContain('Issue: #5');
      expect(context).toContain('React hooks: Advanced Beginner');
      expectSessionsDeleted();
    },
  );

  it("UserPromptSubmit adds the phase, open files and diffs of the user's changes", async () => {
    await backend.startSession({ issueNumber: 7 });
    backend.plan([{ title: 'Find the callback', hintLevel: 'medium' }, { title: 'Fix it' }], 1);
    await backend.editFile(
      'src/auth/callback.ts',
      'export function callback() {\n  return 1;\n}\n',
      'export function callback() {\n  let mounted = true;\n  return 1;\n}\n',
    );
    await backend.context.workspace.openFile('README.md');
    const run = await runHook(
      'user-prompt-submit',
      { ...common('UserPromptSubmit', project), prompt: 'is this right?' },
      { PAIGE_URL: backend.url },
    );
    expect(run.exitCode).toBe(0);
    const out = hookOutput(run.json);
    expect(out.hookEventName).toBe('UserPromptSubmit');
    const context = String(out.additionalContext);
    expect(context).toContain('Current phase: 1 Find the callback [active]');
    // issue 23 item 1: the level in force and whose it is, so Claude Code coaches at it and can say it
    expect(context).toContain(
      "Hint level: medium (line hints: files and line ranges (paige_highlight_lines)), Paige's suggestion",
    );
    expect(context).toMatch(/Open files: .*src\/auth\/callback\.ts/);
    expect(context).toContain('README.md');
    expect(context).toContain('+  let mounted = true;');
    // The action log summarises list arguments by length (session, phase, open_files, diffs).
    expect(backend.toolCalls()).toEqual([
      expect.objectContaining({
        toolName: 'paige_get_session_state',
        outcome: 'success',
        args: { include: '<4 items>' },
      }),
    ]);
    expectSessionsDeleted();
  });

  it('UserPromptSubmit bounds the context to 8,000 characters and says what it left out', async () => {
    await backend.startSession({});
    for (let i = 0; i < 6; i += 1) {
      await backend.editFile(`src/big${i}.ts`, 'export {};\n', `export {};\n${'x'.repeat(3000)}\n`);
    }
    const run = await runHook(
      'user-prompt-submit',
      { ...common('UserPromptSubmit', project), prompt: 'review' },
      { PAIGE_URL: backend.url },
    );
    const context = String(hookOutput(run.json).additionalContext);
    expect(context.length).toBeLessThanOrEqual(8000);
    expect(context).toContain('src/big0.ts');
    expect(context).toMatch(/Truncated to 8000 characters: diffs of \d file\(s\) left out/);
    expect(context).toContain('paige_get_diff');
  });

  it('UserPromptSubmit marks a [Paige check-in] or [PAIGE_OBSERVER] check-in as written by the editor, before the editor context (issues 17, 23)', async () => {
    const nudge =
      '[PAIGE_OBSERVER] {"signal":"wrong_file","confidence":0.8,"context":{"current_file":"a.ts","expected_file":"b.ts","time_in_file":"3m","phase_description":null}}';
    const ask = async (prompt: string) => {
      const run = await runHook(
        'user-prompt-submit',
        { ...common('UserPromptSubmit', project), prompt },
        { PAIGE_URL: backend.url },
      );
      expect(run.exitCode).toBe(0);
      return run.json === null ? null : String(hookOutput(run.json).additionalContext);
    };
    // No session yet: no editor context, but the note still comes.
    expect(await ask(nudge)).toMatch(
      /^This prompt is an Observer check-in written by Paige's editor, not typed by the user/,
    );
    await backend.startSession({ issueNumber: 7 });
    const context = String(await ask(nudge));
    expect(context.startsWith('This prompt is an Observer check-in')).toBe(true);
    expect(context).toContain('<paige-editor-context>');
    // The quiet check-in's marked line (issue 23 item 3) is recognised the same way, with or without leading space.
    const checkIn =
      "[Paige check-in] wrong_file (confidence 0.80) | in a.ts for 3m | expected b.ts | from Paige's editor, not the learner: answer in one or two short sentences";
    for (const prompt of [checkIn, `  ${checkIn}`]) {
      const marked = String(await ask(prompt));
      expect(
        marked.startsWith(
          "This prompt is an Observer check-in written by Paige's editor, not typed by the user",
        ),
      ).toBe(true);
      expect(marked).toContain('one or two short sentences');
      expect(marked).toContain('<paige-editor-context>');
    }
    // An ordinary prompt gets no such note, even one that mentions a check-in.
    expect(await ask('is this right?')).not.toContain('Observer check-in');
    expect(await ask('what is a [Paige check-in]?')).not.toContain('Observer check-in');
    expectSessionsDeleted();
  });

  it('UserPromptSubmit without an active session adds nothing and exits 0', async () => {
    const run = await runHook(
      'user-prompt-submit',
      { ...common('UserPromptSubmit', project), prompt: 'hi' },
      { PAIGE_URL: backend.url },
    );
    expect(run.exitCode).toBe(0);
    expect(run.json).toBeNull();
    expect(run.stderr).toContain('No active session');
    expect(backend.active()).toBeNull();
    expectSessionsDeleted();
  });

  it('SessionEnd ends the session with a condensed transcript (wait: false) in one request, leaving no MCP session', async () => {
    const session = await backend.startSession({ issueNumber: 7 });
    const run = await runHook(
      'session-end',
      { ...common('SessionEnd', project), reason: 'prompt_input_exit' },
      { PAIGE_URL: backend.url },
    );
    expect(run.exitCode).toBe(0);
    expect(toolNames()).toEqual(['paige_end_session']);
    expect(backend.toolCalls()[0]).toMatchObject({ outcome: 'success', args: { wait: false } });
    expect(backend.active()).toBeNull();
    const ended = backend.session(session.id);
    expect(ended?.status).toMatch(/^completed/);
    expect(ended?.endedAt).not.toBeNull();
    const t = String(ended?.transcript);
    expect(t).toContain("[user] Let's work on issue #7");
    expect(t).toContain('[user] Done, I added an isMounted ref. Tests pass now!');
    expect(t).toContain('[paige] All four callback tests pass.');
    expect(t).toMatch(/Tools used: .*Grep x1.*/);
    expect(t).toContain('mcp__plugin_paige_paige__paige_highlight_lines x1');
    expect(t).toContain('Edit x1');
    expect(t).not.toContain('SECRET_FILE_CONTENT_MARKER');
    expect(t).not.toContain('THINKING_MARKER');
    expect(t).not.toContain('Paige context injected here');
    expectSessionsDeleted();
  });

  it('SessionEnd on /clear keeps the coaching session open', async () => {
    const session = await backend.startSession({});
    const run = await runHook(
      'session-end',
      { ...common('SessionEnd', project), reason: 'clear' },
      { PAIGE_URL: backend.url },
    );
    expect(run.exitCode).toBe(0);
    expect(backend.toolCalls()).toEqual([]);
    expect(backend.active()?.id).toBe(session.id);
  });

  it('PreToolUse denies Write with the documented JSON and lets git status through silently', async () => {
    const denied = await runHook('pre-tool-use', {
      ...common('PreToolUse', project),
      tool_name: 'Write',
      tool_input: { file_path: 'a.ts', content: 'x' },
    });
    expect(denied.exitCode).toBe(0);
    expect(hookOutput(denied.json)).toMatchObject({
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
    });
    expect(String(hookOutput(denied.json).permissionDecisionReason)).toContain('coach');
    const bash = await runHook('pre-tool-use', {
      ...common('PreToolUse', project),
      tool_name: 'Bash',
      tool_input: { command: 'git add . && git commit -m wip' },
    });
    expect(hookOutput(bash.json).permissionDecision).toBe('deny');
    expect(String(hookOutput(bash.json).permissionDecisionReason)).toContain('git add');
    const allowed = await runHook('pre-tool-use', {
      ...common('PreToolUse', project),
      tool_name: 'Bash',
      tool_input: { command: 'git status && npm test' },
    });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toBe('');
    // The guard needs no backend: nothing reached it.
    expect(backend.toolCalls()).toEqual([]);
  });
});

describe('Claude Code plugin hooks with the backend down', () => {
  let closedPort: number;
  let silent: Server;
  let silentPort: number;
  const sockets = new Set<Socket>();
  const project = tmpdir();

  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    // Accepts connections and never answers: the hook must still give up in time.
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  const inputs: Record<HookName, Record<string, unknown>> = {
    'session-start': { ...common('SessionStart', project), source: 'startup' },
    'user-prompt-submit': { ...common('UserPromptSubmit', project), prompt: 'hello' },
    'pre-tool-use': {
      ...common('PreToolUse', project),
      tool_name: 'Edit',
      tool_input: { file_path: 'a', old_string: 'a', new_string: 'b' },
    },
    'session-end': { ...common('SessionEnd', project), reason: 'logout' },
  };

  it.each(Object.keys(inputs) as HookName[])(
    '%s returns within 3 s with exit 0 (closed port)',
    async (name) => {
      const run = await runHook(name, inputs[name], { PAIGE_URL: `http://127.0.0.1:${closedPort}` });
      expect(run.exitCode).toBe(0);
      expect(run.durationMs).toBeLessThan(3000);
      if (name === 'session-start') {
        expect(String(hookOutput(run.json).additionalContext)).toContain(
          'No Paige session is available right now (Paige backend not reachable',
        );
        expect(String(run.json?.systemMessage)).toContain('Paige backend not reachable');
      } else if (name === 'pre-tool-use') {
        expect(hookOutput(run.json).permissionDecision).toBe('deny');
      } else {
        expect(run.json).toBeNull();
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toContain('not reachable');
      }
    },
  );

  it('SessionEnd returns within 1.2 s when the backend accepts but never answers (Claude Code allows 1.5 s at exit)', async () => {
    const run = await runHook('session-end', inputs['session-end'], {
      PAIGE_URL: `http://127.0.0.1:${silentPort}`,
    });
    expect(run.exitCode).toBe(0);
    expect(run.durationMs).toBeLessThan(1200);
    expect(run.json).toBeNull();
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^\[paige SessionEnd\] session not ended: .*(no answer within \d+ ms|gave up after \d+ ms)/,
      ),
    ]);
  });

  it('SessionEnd takes a longer budget from CLAUDE_CODE_SESSIONEND_HOOKS_TIMEOUT_MS (the allowance minus 600 ms)', async () => {
    const run = await runHook('session-end', inputs['session-end'], {
      PAIGE_URL: `http://127.0.0.1:${silentPort}`,
      CLAUDE_CODE_SESSIONEND_HOOKS_TIMEOUT_MS: '2500',
    });
    expect(run.exitCode).toBe(0);
    expect(run.durationMs).toBeGreaterThan(1700);
    expect(run.durationMs).toBeLessThan(2500);
  });

  it.each(['session-start', 'user-prompt-submit', 'session-end'] as HookName[])(
    '%s returns within 3 s with exit 0 when the backend accepts but never answers',
    async (name) => {
      const run = await runHook(name, inputs[name], { PAIGE_URL: `http://127.0.0.1:${silentPort}` });
      expect(run.exitCode).toBe(0);
      expect(run.durationMs).toBeLessThan(3000);
    },
  );
});
