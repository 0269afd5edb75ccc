/**
 * Review My Work (brainstorm "Review Checkpoints"; Story 5 `user:review`; issue 23 item 2): the `work_review` call and
 * the `review:response` payload, with line references confined to files that exist in the project, written at the
 * hint level in force and passed through the solution-leak guard.
 */
import type { RunPromptOptions } from '@paige/llm';
import type { DreyfusStage, HintLevel, ReviewReference, ServerPayload } from '@paige/protocol';
import { safeRelativePath } from '../pipeline/run-coaching-pipeline.js';
import { workReviewModule, type WorkReviewReference } from '../prompts/work-review.js';
import { createSolutionGuard, solutionGuardActionData } from '../solution-guard.js';
import { pickDreyfusStage, prose } from './shared.js';
import type { FlowLlm, StageRecord } from './shared.js';

/** Most references kept in one review. */
export const REVIEW_MAX_REFERENCES = 10;

/** What {@link reviewWork} needs, all read by the caller (live buffers, store, session). */
export interface WorkReviewRequest {
  issueTitle: string | null;
  phase: { number: number; title: string; description: string } | null;
  /** The learner's files to review (live buffer, else disk), project-relative paths. */
  files: ReadonlyArray<{ path: string; content: string }>;
  diffs?: ReadonlyArray<{ path: string; diff: string }>;
  assessments: readonly StageRecord[];
  /** The hint level in force (the learner's choice, else the suggestion): the review's specificity and the guard's. */
  hintLevel: HintLevel;
  /** Other learner code the review may quote (open buffers). */
  otherLearnerCode?: readonly string[];
  /**
   * The line count of a project file, or `null` when it does not exist or is outside `PROJECT_DIR` (the server's
   * workspace decides). References to such files are dropped.
   */
  lineCount(path: string): Promise<number | null>;
}

/** Result of {@link reviewWork}. */
export interface WorkReviewResult {
  payload: ServerPayload<'review:response'> & { references: ReviewReference[]; hintLevel: HintLevel };
  phaseGoalMet: boolean;
  model: string;
  latencyMs: number;
  stage: DreyfusStage;
  /** References the model gave that were dropped (outside the project, missing file, past its end). */
  droppedReferences: number;
  /** `solution_guard_applied` data when the guard removed code, else `null`. */
  solutionGuard: Record<string, unknown> | null;
}

/**
 * Keeps the references that point into existing project files (`lineCount` not null) within their length: paths
 * normalised and confined ({@link safeRelativePath}), `endLine` clamped to the file and never before `startLine`,
 * duplicates dropped, at most {@link REVIEW_MAX_REFERENCES}. At hint level `off` none is kept (no pointers to places).
 */
export async function confineReferences(
  refs: readonly WorkReviewReference[],
  hintLevel: HintLevel,
  lineCount: (path: string) => Promise<number | null>,
  note: (text: string) => string = (t) => t,
): Promise<{ references: ReviewReference[]; dropped: number }> {
  if (hintLevel === 'off') return { references: [], dropped: refs.length };
  const out: ReviewReference[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    if (out.length >= REVIEW_MAX_REFERENCES) break;
    const path = safeRelativePath(ref.path);
    if (path === null || path.length > 4096) continue;
    const lines = await lineCount(path).catch(() => null);
    if (lines === null || ref.startLine > Math.max(1, lines)) continue;
    const startLine = hintLevel === 'low' ? 1 : ref.startLine;
    const end = hintLevel === 'low' || ref.endLine === null ? undefined : Math.min(Math.max(ref.endLine, startLine), Math.max(1, lines));
    const key = `${path}:${startLine}:${end ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = prose(note(ref.note).trim(), 2_000);
    out.push({ path, startLine, ...(end !== undefined && end !== startLine ? { endLine: end } : {}), note: text.length > 0 ? text : 'Look here.' });
  }
  return { references: out, dropped: refs.length - out.length };
}

/**
 * Reviews the learner's work in progress with the `work_review` prompt (Sonnet; retries inside `@paige/llm`) and
 * shapes `review:response { review, suggestions, references, hintLevel }`. Texts and notes pass the solution-leak
 * guard at `hintLevel`, knowing the reviewed files and `otherLearnerCode`.
 * @throws the `@paige/llm` errors (`ApiError` subclasses) when the call fails for good.
 * @see issue 23 item 2
 */
export async function reviewWork(llm: FlowLlm, request: WorkReviewRequest, options: RunPromptOptions = {}): Promise<WorkReviewResult> {
  const first = request.files[0]?.path ?? null;
  const stage = pickDreyfusStage(request.assessments, { path: first, topic: request.phase?.title ?? null });
  const result = await llm.runPromptWithMeta(
    workReviewModule,
    {
      issueTitle: request.issueTitle,
      phase: request.phase,
      files: request.files,
      ...(request.diffs ? { diffs: request.diffs } : {}),
      dreyfusStage: stage.stage,
      hintLevel: request.hintLevel,
    },
    options,
  );
  const out = result.output;
  const guard = createSolutionGuard({
    hintLevel: request.hintLevel,
    knownCode: [...request.files.map((f) => f.content), ...(request.otherLearnerCode ?? [])],
  });
  const { references, dropped } = await confineReferences(out.references, request.hintLevel, request.lineCount, (t) => guard.text(t));
  return {
    payload: {
      review: guard.text(out.review).slice(0, 100 * 1024) || 'Review ready.',
      suggestions: out.suggestions.map((s) => guard.text(s).slice(0, 20 * 1024)).filter((s) => s.trim().length > 0).slice(0, 50),
      references,
      hintLevel: request.hintLevel,
    },
    phaseGoalMet: out.phaseGoalMet,
    model: result.model,
    latencyMs: result.latencyMs,
    stage: stage.stage,
    droppedReferences: dropped,
    solutionGuard: solutionGuardActionData('work_review', request.hintLevel, guard),
  };
}
