/**
 * The server's side of the solution-leak guard (issue 20 item 7): the hint level in force and the learner's own code
 * for texts the server itself sends (Review My Work, `paige_show_message`, `paige_highlight_lines` hover texts,
 * nudges), and the `solution_guard_applied` action. The guard itself is `@paige/coaching/solution-guard` (pure, and
 * light enough for the MCP path: no model client is loaded).
 */
import { appliedHintLevel } from '@paige/coaching/hint-level';
import { createSolutionGuard, mayContainCode, solutionGuardActionData, type SolutionGuard } from '@paige/coaching/solution-guard';
import type { HintLevel, SolutionGuardSource } from '@paige/protocol';
import type { AppContext } from '../context.js';

/** Most files read as the learner's known code for one guarded text. */
const KNOWN_MAX_FILES = 12;

/**
 * The hint level the guard applies: the level in force for the active session (the learner's choice, else the
 * coach's suggestion it follows; issue 23 item 1, `@paige/coaching/hint-level`), else `medium` (no session: the
 * practice view, Explain This outside coaching).
 */
export function guardHintLevel(ctx: AppContext): HintLevel {
  const session = ctx.sessions.active();
  return appliedHintLevel(session ? { level: session.hintLevel, chosen: session.hintLevelChosen } : null);
}

/**
 * The learner's code a text may quote: the live buffer (else the file on disk) of each of `paths`, then of the open
 * and edited files, at most {@link KNOWN_MAX_FILES} files. Unreadable files are skipped.
 */
export async function learnerCode(ctx: AppContext, paths: readonly string[] = []): Promise<string[]> {
  const all = [...new Set([...paths, ...ctx.workspace.getDirtyPaths(), ...ctx.workspace.getOpenFiles()])].slice(0, KNOWN_MAX_FILES);
  const texts: string[] = [];
  for (const path of all) {
    const buffer = await ctx.workspace.getBuffer(path).catch(() => null);
    if (buffer) {
      texts.push(buffer.content);
      continue;
    }
    const file = await ctx.workspace.readFile(path).catch(() => null);
    if (file) texts.push(file.content);
  }
  return texts;
}

/** A guard at the hint level in force, knowing the learner's code of `paths` and their open files. */
export async function serverGuard(ctx: AppContext, paths: readonly string[] = [], extraKnown: readonly string[] = []): Promise<{ guard: SolutionGuard; hintLevel: HintLevel }> {
  const hintLevel = guardHintLevel(ctx);
  return { guard: createSolutionGuard({ hintLevel, knownCode: [...(await learnerCode(ctx, paths)), ...extraKnown] }), hintLevel };
}

/**
 * Logs `solution_guard_applied` when the guard removed something (`data` from `solutionGuardActionData` or a
 * flow's `solutionGuard`), and says so in the server log. No-op for `null`.
 */
export function logGuard(ctx: AppContext, data: Record<string, unknown> | null, sessionId?: string | null): void {
  if (!data) return;
  ctx.logger.info({ component: 'solution-guard', ...data }, 'solution guard removed code from a model text');
  ctx.logAction('solution_guard_applied', data, sessionId);
}

/** {@link logGuard} for a guard of `source`. */
export function logGuardOf(ctx: AppContext, source: SolutionGuardSource, hintLevel: HintLevel, guard: SolutionGuard, sessionId?: string | null): void {
  logGuard(ctx, solutionGuardActionData(source, hintLevel, guard), sessionId);
}

/**
 * Guards one text of `source` the server is about to show (a tool's hover text or message), knowing the learner's
 * code of `paths` and their open files; logs the intervention. Returns the text to show.
 */
export async function guardText(ctx: AppContext, source: SolutionGuardSource, text: string, paths: readonly string[] = []): Promise<string> {
  if (!mayContainCode(text)) return text;
  const { guard, hintLevel } = await serverGuard(ctx, paths);
  const out = guard.text(text);
  logGuardOf(ctx, source, hintLevel, guard);
  return out;
}
