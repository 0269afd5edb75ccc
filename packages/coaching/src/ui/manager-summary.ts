/**
 * The manager summary (brainstorm API call 10; issue 23 item 4): a short non-technical paragraph about one session,
 * written by Haiku from the wrap-up report's structured facts and passed through the solution-leak guard.
 */
import type { RunPromptOptions } from '@paige/llm';
import type { HintLevel, WrapUpReport } from '@paige/protocol';
import { managerSummaryModule } from '../prompts/manager-summary.js';
import { createSolutionGuard, solutionGuardActionData } from '../solution-guard.js';
import { managerSummaryFacts } from '../wrap-up-report.js';
import type { FlowLlm } from './shared.js';

/** Longest summary sent, characters. */
export const MANAGER_SUMMARY_MAX_CHARS = 2_000;

/** Result of {@link writeManagerSummary}. */
export interface ManagerSummaryResult {
  summary: string;
  model: string;
  latencyMs: number;
  /** `solution_guard_applied` data when the guard removed code, else `null`. */
  solutionGuard: Record<string, unknown> | null;
}

/**
 * Writes the manager summary of `report` (facts only: issue, summary, phases, duration, knowledge-gap topics, stages
 * that changed; never code). The paragraph passes the solution-leak guard at `hintLevel` (nothing is "known" code:
 * any code block is removed).
 * @throws the `@paige/llm` errors when the call fails for good.
 */
export async function writeManagerSummary(
  llm: FlowLlm,
  report: WrapUpReport,
  options: RunPromptOptions & { hintLevel?: HintLevel } = {},
): Promise<ManagerSummaryResult> {
  const { hintLevel = 'medium', ...callOptions } = options;
  const result = await llm.runPromptWithMeta(managerSummaryModule, managerSummaryFacts(report), callOptions);
  const guard = createSolutionGuard({ hintLevel, knownCode: [] });
  const text = guard.text(result.output.summary).replace(/\s+/g, ' ').trim();
  const summary =
    text.length > MANAGER_SUMMARY_MAX_CHARS ? `${text.slice(0, MANAGER_SUMMARY_MAX_CHARS - 1)}…` : text;
  return {
    summary: summary.length > 0 ? summary : 'No summary could be written for this session.',
    model: result.model,
    latencyMs: result.latencyMs,
    solutionGuard: solutionGuardActionData('manager_summary', hintLevel, guard),
  };
}
