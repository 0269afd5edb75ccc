/**
 * The four hook handlers, as pure-ish async functions of (hook input, config): the `src/bin/*` entry points wrap
 * them with stdin/stdout handling. Every handler except the guard talks to the backend and fails open: when the
 * backend is down or slow it returns quickly with a one-line notice and exit code 0.
 *
 * Output shapes follow Claude Code's hooks reference (see `hook-io.ts`).
 */
import { BackendError, withBackend } from './backend.js';
import type { Backend } from './backend.js';
import { resolveIssue } from './project-config.js';
import type { HookConfig } from './config.js';
import { buildPromptContext, DEFAULT_CONTEXT_CHARS } from './context.js';
import { contextOutput } from './hook-io.js';
import type { HookResult } from './hook-io.js';
import type { SessionStartInput, UserPromptSubmitInput } from './hook-input.js';
import { buildPersona, CHECK_IN_PROMPT_PREFIX, OBSERVER_PROMPT_PREFIX } from './persona.js';
import type { PersonaStatus } from './persona.js';
import { normaliseState } from './state.js';
import type { SessionState } from './state.js';

const result = (output: Record<string, unknown> | null, notices: string[] = []): HookResult => ({
  output,
  notices,
  exitCode: 0,
});

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What the backend says when a session tool runs with no active session (`NO_ACTIVE_SESSION_MESSAGE`). */
const NO_ACTIVE_SESSION = 'No active session: call paige_start_session first';

/**
 * Reads the session state. The backend answers `paige_get_session_state` without an active session too (with
 * `session: null`); a hook that asked for the session treats that like the session tools' error.
 * @throws BackendError `tool_error` when `include` has `session` and no session is active.
 */
async function readState(backend: Backend, include: string[]): Promise<SessionState> {
  const state = normaliseState(await backend.call('paige_get_session_state', { include }));
  if (include.includes('session') && state.session === null)
    throw new BackendError('tool_error', NO_ACTIVE_SESSION);
  return state;
}

/**
 * SessionStart: on `startup`, start a Paige session (issue from `PAIGE_ISSUE` or `.paige.json`) or attach to the
 * active one; on `resume`, `clear` and `compact`, start nothing. Always returns the persona as additional context.
 *
 * @see backend-server-spec.md Story 6 "Session Lifecycle"; design-brainstorm.md hook flow 1 (SessionStart)
 */
export async function handleSessionStart(input: SessionStartInput, config: HookConfig): Promise<HookResult> {
  const issue = input.source === 'startup' ? await resolveIssue(config, input.cwd) : null;
  const notices: string[] = [];
  try {
    const { state, status } = await withBackend(config, async (backend) => {
      let mode: PersonaStatus['mode'] = 'resumed';
      let startError: string | null = null;
      if (input.source === 'startup') {
        try {
          await backend.call('paige_start_session', issue === null ? {} : { issueNumber: issue });
          mode = 'started';
        } catch (error) {
          if (!(error instanceof BackendError) || error.code !== 'tool_error') throw error;
          // The backend refuses a second active session and names the active one: attach to it.
          mode = 'attached';
          startError = error.message;
        }
      }
      try {
        return {
          state: await readState(backend, ['session', 'phase', 'plan', 'dreyfus']),
          status: { mode, issue },
        };
      } catch (error) {
        if (!(error instanceof BackendError) || error.code !== 'tool_error') throw error;
        const why = startError ?? error.message;
        notices.push(`no active Paige session: ${why}`);
        return {
          state: null,
          status: { mode: 'offline' as const, issue, notice: `no active Paige session: ${why}` },
        };
      }
    });
    const systemMessage =
      status.mode === 'started'
        ? `Paige: coaching session started${issue === null ? '' : ` for issue #${issue}`}.`
        : status.mode === 'attached'
          ? 'Paige: joined the coaching session already active for this project.'
          : status.mode === 'offline'
            ? `Paige: ${status.notice ?? 'no active session'}.`
            : undefined;
    return result(contextOutput('SessionStart', buildPersona(state, status), systemMessage), notices);
  } catch (error) {
    return sessionStartOffline(message(error));
  }
}

/** SessionStart's fail-open answer: the persona without session data, and a one-line notice. */
export function sessionStartOffline(reason: string): HookResult {
  const notice = `coaching without the editor: ${reason}`;
  return result(
    contextOutput(
      'SessionStart',
      buildPersona(null, { mode: 'offline', issue: null, notice: reason }),
      `Paige: ${notice}`,
    ),
    [notice],
  );
}

/** Added before the editor context of a check-in prompt, so the turn is not read as the user's own words. */
export const OBSERVER_TURN_NOTE = `This prompt is an Observer check-in written by Paige's editor, not typed by the user: answer it as the persona's "Observer check-ins" section says (one or two short sentences, in your own voice, no mention of the tag, the fields or the JSON), then stop.`;

/**
 * Whether a prompt is a check-in the editor wrote: `[Paige check-in] ...` (issue 23 item 3) or the older
 * `[PAIGE_OBSERVER] {...}` (issue 17).
 */
export function isObserverPrompt(prompt: string): boolean {
  const p = prompt.trimStart();
  return p.startsWith(CHECK_IN_PROMPT_PREFIX) || p.startsWith(OBSERVER_PROMPT_PREFIX);
}

/**
 * UserPromptSubmit: add the live editor context (phase, open files, changed files, diffs), bounded to
 * `maxChars`. No session or no backend: no context, a notice on stderr. A check-in the editor wrote
 * (`[Paige check-in] ...`, issue 23 item 3; `[PAIGE_OBSERVER] {...}`, issue 17) is marked as such first, even
 * without a backend.
 *
 * @see design-brainstorm.md hook flow 4 (UserPromptSubmit)
 */
export async function handleUserPromptSubmit(
  input: UserPromptSubmitInput,
  config: HookConfig,
  maxChars = DEFAULT_CONTEXT_CHARS,
): Promise<HookResult> {
  try {
    const state = await withBackend(config, (backend) =>
      readState(backend, ['session', 'phase', 'open_files', 'diffs']),
    );
    const context = buildPromptContext(state, maxChars);
    return result(
      contextOutput(
        'UserPromptSubmit',
        isObserverPrompt(input.prompt) ? `${OBSERVER_TURN_NOTE}\n${context}` : context,
      ),
    );
  } catch (error) {
    if (isObserverPrompt(input.prompt))
      return result(contextOutput('UserPromptSubmit', OBSERVER_TURN_NOTE), [
        `no editor context added: ${message(error)}`,
      ]);
    return result(null, [`no editor context added: ${message(error)}`]);
  }
}

export { handleSessionEnd } from './session-end.js';
