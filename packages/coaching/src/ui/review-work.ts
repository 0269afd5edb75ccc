/**
 * Review My Work (brainstorm "Review Checkpoints"; Story 5 `user:review`; issue 10 item 1; issue 25 item 1; issue 23
 * item 2): a review of the learner's in-progress work on the active phase of a coaching session with the `work_review`
 * prompt, written at the hint level in force, with line references confined to files that exist in the project, and
 * guarded against solution leaks (issue 20 item 7). The caller reads the files (live buffers first) and checks the
 * daily budget (`review_my_work`, see `budget.ts`).
 */
import type { RunPromptOptions } from '@paige/llm';
import type { DreyfusStage, HintLevel, ReviewReference, ServerPayload } from '@paige/protocol';
import { safeRelativePath } from '../pipeline/run-coaching-pipeline.js';
import { workReviewModule, type WorkReviewReference } from '../prompts/work-review.js';
import { createSolutionGuard, solutionGuardActionData } from '../solution-guard.js';
import { pickDreyfusStage, prose } from './shared.js';
import type { FlowLlm, StageRecord } from './shared.js';

/** Most characters of one file sent with "Review My Work". */
export const REVIEW_FILE_CHARS = 6_000;
/** Most files sent with "Review My Work". */
export const REVIEW_MAX_FILES = 4;
/** Most references kept in one review. */
export const REVIEW_MAX_REFERENCES = 10;

/**
 * The files worth reviewing, in order, without duplicates: those with unsaved edits, then the active phase's expected
 * files, then the open files.
 */
export function reviewCandidatePaths(input: {
  dirty: readonly string[];
  expected: readonly string[];
  open: readonly string[];
}): string[] {
  return [...new Set([...input.dirty, ...input.expected, ...input.open])];
}

/** What {@link reviewWork} needs, all read by the caller. */
export interface ReviewWorkRequest {
  /** The active phase, or `null` before the coaching pipeline ran. */
  phase: { number: number; title: string; description: string } | null;
  /** The session's issue title. */
  issueTitle: string | null;
  /**
   * The learner's files in {@link reviewCandidatePaths} order (live buffer, else the file on disk); the first
   * {@link REVIEW_MAX_FILES} are sent, each cut to {@link REVIEW_FILE_CHARS} characters.
   */
  files: ReadonlyArray<{ path: string; content: string }>;
  /** Unified diffs of the unsaved edits, if any. */
  diffs?: ReadonlyArray<{ path: string; diff: string }>;
  /** Every Dreyfus assessment; the stage matching the first file and the phase title is picked (default novice). */
  assessments: readonly StageRecord[];
  /** The hint level in force (the learner's choice, else the suggestion): the review's specificity and the guard's. */
  hintLevel: HintLevel;
  /** The learner's own code the review may quote (open and edited files); `files` are always known. */
  knownCode?: readonly string[];
  /**
   * The line count of a project file, or `null` when it does not exist or is outside `PROJECT_DIR` (the server's
   * workspace decides). References to such files are dropped. Default: only the sent `files` exist.
   */
  lineCount?: (path: string) => Promise<number | null>;
}

/** Result of {@link reviewWork}. */
export interface ReviewWorkResult {
  /** The `review:response` payload (guarded, cut to the wire bounds). */
  payload: ServerPayload<'review:response'> & { references: ReviewReference[]; hintLevel: HintLevel };
  /** The model judged the phase goal met. */
  passed: boolean;
  model: string;
  latencyMs: number;
  stage: DreyfusStage;
  /** References the model gave that were dropped (outside the project, missing file, past its end, level `off`). */
  droppedReferences: number;
  /** `solution_guard_applied` data (source `work_review`) when the guard removed code, else `null`. */
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
    const end =
      hintLevel === 'low' || ref.endLine === null
        ? undefined
        : Math.min(Math.max(ref.endLine, startLine), Math.max(1, lines));
    const key = `${path}:${startLine}:${end ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = prose(note(ref.note).trim(), 2_000);
    out.push({
      path,
      startLine,
      ...(end !== undefined && end !== startLine ? { endLine: end } : {}),
      note: text.length > 0 ? text : 'Look here.',
    });
  }
  return { references: out, dropped: refs.length - out.length };
}

/**
 * Reviews the learner's work in progress with the `work_review` prompt (Sonnet; retries inside `@paige/llm`) and
 * shapes `review:response { review, suggestions, references, hintLevel }`. Texts and notes pass the solution-leak
 * guard at `hintLevel`, knowing the reviewed files and `knownCode`.
 * @throws the `@paige/llm` errors (`ApiError` subclasses) when the call fails for good.
 * @see issue 23 item 2
 */
export async function reviewWork(
  llm: FlowLlm,
  request: ReviewWorkRequest,
  options: RunPromptOptions = {},
): Promise<ReviewWorkResult> {
  const sent = request.files
    .slice(0, REVIEW_MAX_FILES)
    .map((f) => ({ path: f.path, content: f.content.slice(0, REVIEW_FILE_CHARS) }));
  const stage = pickDreyfusStage(request.assessments, {
    path: request.files[0]?.path ?? null,
    topic: request.phase?.title ?? null,
  });
  const result = await llm.runPromptWithMeta(
    workReviewModule,
    {
      issueTitle: request.issueTitle,
      phase: request.phase,
      files: sent,
      ...(request.diffs ? { diffs: request.diffs } : {}),
      dreyfusStage: stage.stage,
      hintLevel: request.hintLevel,
    },
    options,
  );
  const out = result.output;
  const guard = createSolutionGuard({
    hintLevel: request.hintLevel,
    knownCode: [...request.files.map((f) => f.content), ...(request.knownCode ?? [])],
  });
  const sentLines = new Map(
    request.files.map((f) => [f.path, f.content.split(/\r\n|\r|\n/).length] as const),
  );
  const lineCount = request.lineCount ?? ((path: string) => Promise.resolve(sentLines.get(path) ?? null));
  const { references, dropped } = await confineReferences(out.references, request.hintLevel, lineCount, (t) =>
    guard.text(t),
  );
  return {
    payload: {
      review: guard.text(out.review).slice(0, 100 * 1024) || 'Review ready.',
      suggestions: out.suggestions
        .map((s) => guard.text(s).slice(0, 20 * 1024))
        .filter((s) => s.trim().length > 0)
        .slice(0, 50),
      references,
      hintLevel: request.hintLevel,
    },
    passed: out.phaseGoalMet,
    model: result.model,
    latencyMs: result.latencyMs,
    stage: stage.stage,
    droppedReferences: dropped,
    solutionGuard: solutionGuardActionData('work_review', request.hintLevel, guard),
  };
}
