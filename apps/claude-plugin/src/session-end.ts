/**
 * SessionEnd: condense the transcript and hand it to the backend with `paige_end_session({ sessionTranscript,
 * wait: false })`, so the wrap-up runs in the backend after the terminal closes. `reason: clear` (the user ran
 * /clear and keeps working) does not end the coaching session.
 *
 * Claude Code gives SessionEnd hooks 1.5 s at exit unless `CLAUDE_CODE_SESSIONEND_HOOKS_TIMEOUT_MS` says otherwise,
 * whatever `timeout` hooks.json sets. So this hook makes one HTTP request (`one-shot.ts`: a session-less
 * `tools/call`, no MCP SDK to load) and finishes within `config.sessionEndBudgetMs` of its process start, even when
 * the backend accepts the connection and never answers.
 *
 * This module imports no MCP SDK: `src/bin/session-end.ts` bundles it alone.
 * @see backend-server-spec.md Story 9 (`paige_end_session` called by the SessionEnd hook); DESIGN section 3 `wait`
 */
import { readFile } from 'node:fs/promises';
import type { HookConfig } from './config.js';
import type { HookResult } from './hook-io.js';
import { callToolOnce } from './one-shot.js';
import { condenseTranscript } from './transcript.js';

/** The SessionEnd hook input this hook reads (Claude Code hooks reference, "SessionEnd input"). */
export interface SessionEndInput {
  reason: string;
  transcript_path?: string | undefined;
}

/**
 * Reads the SessionEnd input from stdin text, like `hook-input.ts` `parseHookInput(SessionEndInputSchema, text)`
 * (malformed input or fields take the defaults: `reason` `other`, no transcript) without loading zod.
 */
export function parseSessionEndInput(text: string): SessionEndInput {
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    raw = {};
  }
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    reason: typeof o.reason === 'string' ? o.reason : 'other',
    transcript_path: typeof o.transcript_path === 'string' ? o.transcript_path : undefined,
  };
}

/** Time kept back from the budget for printing the result and exiting, ms. */
const EXIT_RESERVE_MS = 40;

/** Options of {@link handleSessionEnd}. */
export interface SessionEndOptions {
  /** When to be done, ms on the `performance.now()` clock (default: `config.sessionEndBudgetMs` after process start). */
  deadlineAt?: number;
}

export async function handleSessionEnd(
  input: SessionEndInput,
  config: HookConfig,
  opts: SessionEndOptions = {},
): Promise<HookResult> {
  if (input.reason === 'clear')
    return { output: null, notices: ['/clear keeps the Paige session open'], exitCode: 0 };
  const deadlineAt = opts.deadlineAt ?? config.sessionEndBudgetMs;
  let sessionTranscript = '(transcript unavailable)';
  if (input.transcript_path !== undefined) {
    try {
      sessionTranscript = condenseTranscript(await readFile(input.transcript_path, 'utf8'));
    } catch (error) {
      sessionTranscript = `(transcript unavailable: ${message(error)})`;
    }
  }
  try {
    await callToolOnce(
      config.mcpUrl,
      'paige_end_session',
      { sessionTranscript, wait: false },
      {
        timeoutMs: deadlineAt - performance.now() - EXIT_RESERVE_MS,
      },
    );
    return { output: null, notices: ['session wrap-up started in the Paige backend'], exitCode: 0 };
  } catch (error) {
    return { output: null, notices: [`session not ended: ${message(error)}`], exitCode: 0 };
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
