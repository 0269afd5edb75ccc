/**
 * The PreToolUse hook's handler: the read-only guard applied to Claude Code's hook input. Kept free of zod and the
 * MCP SDK so the bundle that runs before every Bash call starts fast.
 *
 * @see design-brainstorm.md "Read-Only Enforcement"
 */
import { decideToolUse } from './guard.js';
import type { HookResult } from './hook-io.js';

/** PreToolUse input fields the guard reads (Claude Code hooks reference: `tool_name`, `tool_input`). */
export interface PreToolUseInput {
  tool_name: string;
  tool_input: unknown;
}

/** Read `tool_name` / `tool_input` from stdin text; malformed input reads as an empty tool name. */
export function parsePreToolUseInput(text: string): PreToolUseInput {
  try {
    const raw = JSON.parse(text) as { tool_name?: unknown; tool_input?: unknown };
    return { tool_name: typeof raw.tool_name === 'string' ? raw.tool_name : '', tool_input: raw.tool_input };
  } catch {
    return { tool_name: '', tool_input: undefined };
  }
}

/**
 * PreToolUse: denials carry a reason Claude relays to the user; anything allowed produces no output, so Claude
 * Code's own permission flow (and the user's settings) still apply. No backend involved.
 */
export function handlePreToolUse(input: PreToolUseInput): HookResult {
  const verdict = decideToolUse(input.tool_name, input.tool_input);
  if (verdict.decision === 'allow') return { output: null, notices: [], exitCode: 0 };
  return { output: denyOutput(verdict.reason), notices: [], exitCode: 0 };
}

/** The documented PreToolUse denial: `hookSpecificOutput.permissionDecision = 'deny'` with a reason. */
export function denyOutput(reason: string): Record<string, unknown> {
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: reason,
    },
  };
}
