import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { resolveHookConfig } from '../src/config.js';
import { buildPromptContext } from '../src/context.js';
import { buildPersona } from '../src/persona.js';
import { normaliseState } from '../src/state.js';
import { parseSessionEndInput } from '../src/session-end.js';
import { condenseTranscript } from '../src/transcript.js';
import { PLUGIN_VERSION } from '../src/version.js';

describe('PAIGE_URL and PAIGE_ISSUE (DESIGN section 3)', () => {
  it('defaults to http://127.0.0.1:3000/mcp and appends /mcp to any base', () => {
    expect(resolveHookConfig({}).mcpUrl.href).toBe('http://127.0.0.1:3000/mcp');
    expect(resolveHookConfig({ PAIGE_URL: 'http://localhost:4111/' }).mcpUrl.href).toBe(
      'http://localhost:4111/mcp',
    );
    expect(resolveHookConfig({ PAIGE_URL: 'http://host:1/prefix' }).mcpUrl.href).toBe(
      'http://host:1/prefix/mcp',
    );
  });

  it('reads PAIGE_ISSUE as a positive issue number and ignores anything else', () => {
    expect(resolveHookConfig({ PAIGE_ISSUE: '42' }).issueFromEnv).toBe(42);
    expect(resolveHookConfig({ PAIGE_ISSUE: '#7' }).issueFromEnv).toBe(7);
    expect(resolveHookConfig({ PAIGE_ISSUE: 'abc' }).issueFromEnv).toBeNull();
    expect(resolveHookConfig({ PAIGE_ISSUE: '0' }).issueFromEnv).toBeNull();
  });
});

describe('SessionEnd budget and input (issue 19 item 6)', () => {
  it("takes Claude Code's SessionEnd allowance minus 600 ms: 900 ms by default, more when CLAUDE_CODE_SESSIONEND_HOOKS_TIMEOUT_MS is raised", () => {
    expect(resolveHookConfig({}).sessionEndBudgetMs).toBe(900);
    expect(resolveHookConfig({ CLAUDE_CODE_SESSIONEND_HOOKS_TIMEOUT_MS: '5000' }).sessionEndBudgetMs).toBe(
      4400,
    );
    expect(resolveHookConfig({ CLAUDE_CODE_SESSIONEND_HOOKS_TIMEOUT_MS: '100' }).sessionEndBudgetMs).toBe(
      300,
    );
    expect(resolveHookConfig({ CLAUDE_CODE_SESSIONEND_HOOKS_TIMEOUT_MS: 'soon' }).sessionEndBudgetMs).toBe(
      900,
    );
  });

  it('reads reason and transcript_path without zod, with the defaults for anything malformed', () => {
    expect(parseSessionEndInput('{"reason":"logout","transcript_path":"/t.jsonl","cwd":"/p"}')).toEqual({
      reason: 'logout',
      transcript_path: '/t.jsonl',
    });
    expect(parseSessionEndInput('')).toEqual({ reason: 'other', transcript_path: undefined });
    expect(parseSessionEndInput('not json')).toEqual({ reason: 'other', transcript_path: undefined });
    expect(parseSessionEndInput('{"reason":3,"transcript_path":false}')).toEqual({
      reason: 'other',
      transcript_path: undefined,
    });
  });
});

describe('Marketplace (issue 19 item 6)', () => {
  it('the repository root is a marketplace whose paige entry points at this plugin', async () => {
    const market = JSON.parse(
      await readFile(new URL('../../../.claude-plugin/marketplace.json', import.meta.url), 'utf8'),
    ) as {
      name: string;
      owner: { name: string };
      plugins: { name: string; source: string }[];
    };
    expect(market.name).toBe('paige');
    expect(market.owner.name).toBeTruthy();
    const entry = market.plugins.find((p) => p.name === 'paige');
    expect(entry?.source).toBe('./apps/claude-plugin');
    const manifest = JSON.parse(
      await readFile(
        new URL(`../../../${entry?.source ?? ''}/.claude-plugin/plugin.json`, import.meta.url),
        'utf8',
      ),
    ) as { name: string };
    expect(manifest.name).toBe('paige');
  });
});

describe('Versions (issue 19 item 3)', () => {
  it('the plugin manifest and the version announced to the backend are the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const manifest = JSON.parse(
      await readFile(new URL('../.claude-plugin/plugin.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(manifest.version).toBe(pkg.version);
    // vitest applies the same define as tsup (vitest.config.ts); bundle.test.ts checks the committed bundles
    expect(PLUGIN_VERSION).toBe(pkg.version);
  });
});

describe('SessionEnd transcript condensing', () => {
  it('keeps the last turns as text, counts tools, and drops tool outputs, thinking and injected context', async () => {
    const jsonl = await readFile(new URL('./fixtures/transcript.jsonl', import.meta.url), 'utf8');
    const out = condenseTranscript(jsonl);
    expect(out).toContain('last 7 of 7 turns');
    expect(out).toContain(
      'Tools used: Grep x1, Read x1, mcp__plugin_paige_paige__paige_highlight_lines x1, Edit x1, Bash x1',
    );
    expect(out).not.toContain('SECRET_FILE_CONTENT_MARKER');
    expect(out).not.toContain('THINKING_MARKER');
    expect(out).not.toContain('npm test -- callback');
  });

  it('stays within its bounds on a long session', () => {
    const lines: string[] = [];
    for (let i = 0; i < 500; i++) {
      lines.push(
        JSON.stringify({
          type: 'user',
          message: { role: 'user', content: `question ${i} ${'q'.repeat(3000)}` },
        }),
      );
      lines.push(
        JSON.stringify({
          type: 'assistant',
          message: { role: 'assistant', content: [{ type: 'text', text: `answer ${i}` }] },
        }),
      );
    }
    lines.push('not json at all');
    const out = condenseTranscript(lines.join('\n'), { maxChars: 10_000, maxTurns: 40, maxTurnChars: 1500 });
    expect(out.length).toBeLessThanOrEqual(10_000);
    expect(out).toContain('answer 499');
    expect(out).not.toContain('answer 400');
    expect(out).toContain('[…]');
    expect(out).toMatch(/more turns dropped to stay within 10000 characters/);
  });
});

describe('UserPromptSubmit context bound', () => {
  it('never exceeds the limit even when a single diff is huge, and states the truncation', () => {
    const state = normaliseState({
      open_files: ['a.ts'],
      diffs: [{ path: 'a.ts', diff: 'x'.repeat(50_000) }],
    });
    const out = buildPromptContext(state, 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out).toContain('Truncated');
    expect(out.endsWith('</paige-editor-context>')).toBe(true);
  });
});

describe('UserPromptSubmit context: the hint level in force (issue 23 item 1)', () => {
  it("says the learner's chosen level, what it allows, and Paige's differing suggestion", () => {
    const chosen = normaliseState({
      session: { id: 's', hintLevel: 'low', hintLevelChosen: true, suggestedHintLevel: 'high' },
      phase: { number: 2, title: 'Fix it', status: 'active', hintLevel: 'high' },
    });
    const out = buildPromptContext(chosen);
    expect(out).toContain('Current phase: 2 Fix it [active]');
    expect(out).toContain(
      'Hint level: low (file hints: point at files (paige_hint_files), no line highlights), chosen by the learner; Paige suggests high for this phase.',
    );
  });

  it("while the learner has not chosen, the level is Paige's suggestion; an older backend falls back to the phase's", () => {
    const following = normaliseState({
      session: { id: 's', hintLevel: 'off', hintLevelChosen: false, suggestedHintLevel: 'off' },
    });
    expect(buildPromptContext(following)).toContain(
      "Hint level: off (no visual guidance: coach in words only, no file hints or line highlights), Paige's suggestion",
    );
    const older = normaliseState({
      session: { id: 's' },
      phase: { number: 1, title: 'T', hintLevel: 'high' },
    });
    expect(buildPromptContext(older)).toContain('Hint level: high (detail hints');
  });
});

describe('Persona (Dreyfus calibration)', () => {
  it("lists the user's assessed stages, or asks to assume a novice when none exist", () => {
    const assessed = normaliseState({
      session: { id: 's', issueNumber: 4 },
      dreyfus: [{ skillArea: 'Testing', stage: 'competent', confidence: 0.8 }],
    });
    expect(buildPersona(assessed, { mode: 'started', issue: 4 })).toContain(
      '- Testing: Competent, confidence 80%',
    );
    const fresh = normaliseState({ session: { id: 's' }, dreyfus: [] });
    expect(buildPersona(fresh, { mode: 'started', issue: null })).toContain('treat them as a Novice');
  });

  it('issue 17: tells Claude Code how to answer the [PAIGE_OBSERVER] check-ins the editor writes, online or offline', () => {
    const state = normaliseState({ session: { id: 's', issueNumber: 4 }, dreyfus: [] });
    for (const persona of [
      buildPersona(state, { mode: 'started', issue: 4 }),
      buildPersona(null, { mode: 'offline', issue: null }),
    ]) {
      expect(persona).toContain('## Observer check-ins ([Paige check-in])');
      expect(persona).toContain('[PAIGE_OBSERVER]');
      expect(persona).toContain('One or two short sentences');
      expect(persona).toContain('The user did not type them');
      for (const signal of [
        'stuck_on_implementation',
        'wrong_file',
        'scope_drift',
        'edit_loop',
        'idle',
        'phase_complete',
      ]) {
        expect(persona).toContain(signal);
      }
    }
  });
});
