/**
 * Explain This (primary Story 11 AS-1..AS-4, discovery Story 11 Flow 1): context assembly from the live buffer and
 * the model call, returning the `explain:response` payload.
 */
import type { RunPromptOptions } from '@paige/llm';
import type { DreyfusStage, HintLevel, Range, ServerPayload } from '@paige/protocol';
import { explainThisModule } from '../prompts/explain-this.js';
import { createSolutionGuard, solutionGuardActionData } from '../solution-guard.js';
import type { ExplainThisInput } from '../prompts/explain-this.js';
import { label, pickDreyfusStage, prose } from './shared.js';
import type { FlowLlm, StageRecord } from './shared.js';

/** Lines kept on each side of the selection (issue 10: about 50 lines around it). */
export const EXPLAIN_CONTEXT_RADIUS_LINES = 50;

/**
 * The lines around `range` (1-based, inclusive) with `radius` lines on each side, each prefixed with its line number
 * (`  42| code`), so the model can refer to them. A range past the end is clamped.
 */
export function extractSurroundingContext(
  content: string,
  range: Pick<Range, 'startLine' | 'endLine'>,
  radius = EXPLAIN_CONTEXT_RADIUS_LINES,
): string {
  const lines = content.split(/\r\n|\r|\n/);
  const total = lines.length;
  const start = Math.max(1, Math.min(range.startLine, total) - radius);
  const end = Math.min(total, Math.max(range.endLine, range.startLine) + radius);
  const width = String(end).length;
  const out: string[] = [];
  for (let n = start; n <= end; n += 1) out.push(`${String(n).padStart(width, ' ')}| ${lines[n - 1] ?? ''}`);
  return out.join('\n');
}

/** What {@link explainSelection} needs, all read by the caller (live buffer, store, session). */
export interface ExplainRequestContext {
  path: string;
  range: Range;
  selectedText: string;
  /** Monaco language id; from the request or detected from the path. */
  language: string;
  /** The live buffer (or the file on disk when no buffer exists); `null` when neither can be read. */
  content: string | null;
  /** Context the client sent, used only when `content` is null. */
  clientContext?: string | null;
  /** Every Dreyfus assessment; the most relevant is picked (default novice). */
  assessments: readonly StageRecord[];
  /** The active phase of the active session, or null. */
  phase: { number: number; title: string; description: string } | null;
  /** Hint level for the solution-leak guard: the active phase's, else the session's; default `medium`. */
  hintLevel?: HintLevel;
  /** Other code the learner has open (live buffers), which the explanation may quote. */
  otherLearnerCode?: readonly string[];
}

/** Result of {@link explainSelection}. */
export interface ExplainResult {
  payload: ServerPayload<'explain:response'>;
  /** The model id that answered. */
  model: string;
  latencyMs: number;
  stage: DreyfusStage;
  /** `solution_guard_applied` data when the guard removed code, else `null`. */
  solutionGuard: Record<string, unknown> | null;
}

/** Builds the `explain_this` prompt input: ±50 lines of the live buffer, the picked stage, the phase. */
export function buildExplainInput(request: ExplainRequestContext): ExplainThisInput {
  const picked = pickDreyfusStage(request.assessments, { path: request.path, language: request.language });
  const surroundingContext =
    request.content !== null
      ? extractSurroundingContext(request.content, request.range)
      : (request.clientContext ?? '(surrounding code unavailable)');
  return {
    path: request.path,
    language: request.language,
    selectedText: request.selectedText,
    surroundingContext,
    selection: request.range,
    dreyfusStage: picked.stage,
    skillArea: picked.skillArea,
    phase: request.phase,
  };
}

/**
 * Explains the selection with the `explain_this` prompt (Sonnet; retries inside `@paige/llm`, Story 7) and shapes
 * the `explain:response` payload (path echoed; `phaseConnection` forced to null without a phase; related files
 * and concepts cleaned to the wire schema). The explanation, analogy and phase connection pass the solution-leak
 * guard (issue 20 item 7): the file, the selection and other open buffers may be quoted, new code may not.
 * @throws the `@paige/llm` errors (`ApiError` subclasses) when the call fails for good.
 * @see primary Story 11 AS-1..AS-4
 */
export async function explainSelection(
  llm: FlowLlm,
  request: ExplainRequestContext,
  options: RunPromptOptions = {},
): Promise<ExplainResult> {
  const input = buildExplainInput(request);
  const result = await llm.runPromptWithMeta(explainThisModule, input, options);
  const out = result.output;
  const hintLevel = request.hintLevel ?? 'medium';
  const guard = createSolutionGuard({
    hintLevel,
    knownCode: [
      request.content,
      request.selectedText,
      request.clientContext,
      ...(request.otherLearnerCode ?? []),
    ],
  });
  const keyConcepts = out.keyConcepts
    .map((c) => label(c))
    .filter((c): c is string => c !== null)
    .slice(0, 50);
  const related =
    out.relatedFiles
      ?.map((f) => f.trim())
      .filter((f) => f.length > 0 && f.length <= 4096 && !f.includes('\0'))
      .slice(0, 100) ?? null;
  return {
    payload: {
      path: request.path,
      explanation: guard.text(out.explanation).slice(0, 100 * 1024),
      keyConcepts,
      analogy: out.analogy === null ? null : prose(guard.text(out.analogy)),
      relatedFiles: related && related.length > 0 ? related : null,
      phaseConnection: request.phase && out.phaseConnection ? prose(guard.text(out.phaseConnection)) : null,
    },
    model: result.model,
    latencyMs: result.latencyMs,
    stage: input.dreyfusStage,
    solutionGuard: solutionGuardActionData('explanation', hintLevel, guard),
  };
}
