/**
 * Review My Work (primary Story 11; issue 10 item 1; issue 25 item 1): a review of the learner's in-progress work on
 * the active phase of a coaching session, with the practice-review prompt, guarded against solution leaks at the
 * hint level in force (issue 20 item 7). The caller reads the files (live buffers first) and checks the daily budget
 * (`review_my_work`, see `budget.ts`).
 */
import type { RunPromptOptions } from '@paige/llm';
import type { HintLevel, ServerPayload } from '@paige/protocol';
import { practiceReviewModule } from '../prompts/practice-review.js';
import { createSolutionGuard, solutionGuardActionData } from '../solution-guard.js';
import { pickDreyfusStage } from './shared.js';
import type { FlowLlm, StageRecord } from './shared.js';

/** Most characters of one file sent with "Review My Work". */
export const REVIEW_FILE_CHARS = 6_000;
/** Most files sent with "Review My Work". */
export const REVIEW_MAX_FILES = 4;

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
  /** The session's issue title (used when there is no phase). */
  issueTitle: string | null;
  /**
   * The learner's files in {@link reviewCandidatePaths} order (live buffer, else the file on disk); the first
   * {@link REVIEW_MAX_FILES} are sent, each cut to {@link REVIEW_FILE_CHARS} characters.
   */
  files: ReadonlyArray<{ path: string; content: string }>;
  /** Every Dreyfus assessment; the stage matching the first file and the phase title is picked (default novice). */
  assessments: readonly StageRecord[];
  /** The hint level in force (the active phase's, else the session's). */
  hintLevel: HintLevel;
  /** The learner's own code the review may quote (open and edited files); `files` are always known. */
  knownCode?: readonly string[];
}

/** Result of {@link reviewWork}. */
export interface ReviewWorkResult {
  /** The `review:response` payload (review and suggestions guarded and cut to the wire bounds). */
  payload: Pick<ServerPayload<'review:response'>, 'review' | 'suggestions'>;
  passed: boolean;
  /** 1..5, the model's judgement of progress. */
  level: number;
  model: string;
  latencyMs: number;
  /** `solution_guard_applied` data (source `work_review`) when the guard removed code, else `null`. */
  solutionGuard: Record<string, unknown> | null;
}

/**
 * Reviews the work in progress with the `practice_review` prompt (Sonnet; retries inside `@paige/llm`): the phase
 * (or the issue) is the "kata", the instructor notes say it is real work, not a kata; the review and suggestions pass
 * the solution-leak guard.
 * @throws the `@paige/llm` errors when the call fails for good.
 */
export async function reviewWork(
  llm: FlowLlm,
  request: ReviewWorkRequest,
  options: RunPromptOptions = {},
): Promise<ReviewWorkResult> {
  const sent = request.files.slice(0, REVIEW_MAX_FILES);
  const code =
    sent.length > 0
      ? sent.map((f) => `// File: ${f.path}\n${f.content.slice(0, REVIEW_FILE_CHARS)}`).join('\n\n')
      : '(no open or edited files)';
  const { phase } = request;
  const stage = pickDreyfusStage(request.assessments, {
    path: request.files[0]?.path ?? null,
    topic: phase?.title ?? null,
  });
  const result = await llm.runPromptWithMeta(
    practiceReviewModule,
    {
      kata: {
        title: phase
          ? `Phase ${phase.number}: ${phase.title}`
          : (request.issueTitle ?? 'Current coaching session'),
        description: phase?.description ?? 'Review the work in progress for the current issue.',
        instructorNotes:
          "This is the learner's in-progress work on a real issue, not a kata. Judge progress toward the phase goal; " +
          'passed means the phase goal looks met. Point at what to look at next without writing the code.',
      },
      activeConstraints: [],
      code,
      previousAttempts: [],
      dreyfusStage: stage.stage,
    },
    options,
  );
  const guard = createSolutionGuard({
    hintLevel: request.hintLevel,
    knownCode: [...request.files.map((f) => f.content), ...(request.knownCode ?? [])],
  });
  const review = guard.text(result.output.review).slice(0, 100 * 1024);
  const suggestions = result.output.suggestions.map((s) => guard.text(s).slice(0, 20 * 1024)).slice(0, 50);
  return {
    payload: { review, suggestions },
    passed: result.output.passed,
    level: result.output.level,
    model: result.model,
    latencyMs: result.latencyMs,
    solutionGuard: solutionGuardActionData('work_review', request.hintLevel, guard),
  };
}
