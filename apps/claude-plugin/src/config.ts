/**
 * Hook configuration from the environment Claude Code passes to hook commands (only the hook entry points call
 * {@link resolveHookConfig} with `process.env`; everything else takes the resolved object).
 *
 * @see DESIGN.md section 3 "Backend address for other tiers": `PAIGE_URL`, default `http://127.0.0.1:3000`.
 */

/** Resolved settings shared by the hooks. */
export interface HookConfig {
  /** The backend's MCP endpoint, `${PAIGE_URL}/mcp`. */
  mcpUrl: URL;
  /** Issue number from `PAIGE_ISSUE`, or `null` when unset or not a positive integer. */
  issueFromEnv: number | null;
  /** Budget for opening the MCP session (initialize), ms. */
  connectTimeoutMs: number;
  /** Budget for each tool call, ms. */
  requestTimeoutMs: number;
  /**
   * The SessionEnd hook's whole budget, ms from the start of its process: Claude Code's SessionEnd allowance
   * (`CLAUDE_CODE_SESSIONEND_HOOKS_TIMEOUT_MS`, 1500 by default) minus {@link SESSION_END_MARGIN_MS}, at least 300.
   */
  sessionEndBudgetMs: number;
}

/** Claude Code's default time for SessionEnd hooks at exit, ms (`CLAUDE_CODE_SESSIONEND_HOOKS_TIMEOUT_MS`). */
export const CLAUDE_SESSION_END_DEFAULT_MS = 1500;
/** Time the SessionEnd hook leaves of Claude Code's allowance for process start-up and exit, ms. */
export const SESSION_END_MARGIN_MS = 600;

/** Default backend address (DESIGN section 3). */
export const DEFAULT_PAIGE_URL = 'http://127.0.0.1:3000';

/**
 * Resolve hook settings from an environment map.
 *
 * @param env usually `process.env`: `PAIGE_URL`, `PAIGE_ISSUE`, `PAIGE_HOOK_CONNECT_TIMEOUT_MS` (1500),
 *   `PAIGE_HOOK_REQUEST_TIMEOUT_MS` (2500), `CLAUDE_CODE_SESSIONEND_HOOKS_TIMEOUT_MS` (1500; Claude Code's own).
 */
export function resolveHookConfig(env: Record<string, string | undefined>): HookConfig {
  const base =
    env.PAIGE_URL !== undefined && env.PAIGE_URL.trim() !== '' ? env.PAIGE_URL.trim() : DEFAULT_PAIGE_URL;
  let mcpUrl: URL;
  try {
    mcpUrl = new URL('mcp', base.endsWith('/') ? base : `${base}/`);
  } catch {
    mcpUrl = new URL('/mcp', DEFAULT_PAIGE_URL);
  }
  return {
    mcpUrl,
    issueFromEnv: parseIssue(env.PAIGE_ISSUE),
    connectTimeoutMs: positiveInt(env.PAIGE_HOOK_CONNECT_TIMEOUT_MS) ?? 1500,
    requestTimeoutMs: positiveInt(env.PAIGE_HOOK_REQUEST_TIMEOUT_MS) ?? 2500,
    sessionEndBudgetMs: Math.max(
      300,
      (positiveInt(env.CLAUDE_CODE_SESSIONEND_HOOKS_TIMEOUT_MS) ?? CLAUDE_SESSION_END_DEFAULT_MS) -
        SESSION_END_MARGIN_MS,
    ),
  };
}

function positiveInt(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return n > 0 ? n : null;
}

/** Accepts `12` or `#12`. */
export function parseIssue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  return positiveInt(value.trim().replace(/^#/, ''));
}
