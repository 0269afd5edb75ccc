/**
 * Practice mode (primary Story 11 AS-5..AS-8, AS-11; discovery Story 11 Flow 2): loading a kata with every
 * constraint and its unlock state, and reviewing a solution with only the previous attempts of the same constraint
 * set, appending the attempt, computing the unlocks and marking the kata's knowledge gap addressed on a pass, in one
 * SQLite transaction. The review passes the solution-leak guard before it is stored or sent.
 */
import type { RunPromptOptions } from '@paige/llm';
import {
  LIMITS,
  type HintLevel,
  type KataRunResult,
  type KataTests,
  type ServerPayload,
} from '@paige/protocol';
import {
  appendKataAttempt,
  getKata,
  getKnowledgeGap,
  listDreyfusAssessments,
  markKnowledgeGapAddressed,
  maxKataLevel,
  type KataSpec,
  type PaigeDatabase,
} from '@paige/store';
import {
  computeNewlyUnlockedConstraints,
  computeUnlockedConstraints,
  resolveActiveConstraints,
  selectSameConstraintAttempts,
} from '../constraints.js';
import { practiceReviewModule } from '../prompts/practice-review.js';
import type { PracticeReviewInput } from '../prompts/practice-review.js';
import { createSolutionGuard, solutionGuardActionData } from '../solution-guard.js';
import { label, pickDreyfusStage, prose } from './shared.js';
import type { FlowLlm } from './shared.js';

/** Wire shape of a constraint (`title` and `description` cut to the protocol bounds). */
function wireConstraint(c: { title: string; description: string; minLevel: number }) {
  return { title: label(c.title) ?? 'Constraint', description: prose(c.description), minLevel: c.minLevel };
}

/** Most previous attempts listed in `practice:kata_load` (the most recent ones). */
export const KATA_LOAD_MAX_ATTEMPTS = 50;

/**
 * The `practice:kata_load` payload for a stored kata: no instructor notes; `constraints` unlocked at the best level
 * (the catalog's field); `allConstraints` every constraint by `minLevel` with its `state` (issue 18: a view shows
 * locked ones with the level that unlocks them); `attempts` the last {@link KATA_LOAD_MAX_ATTEMPTS}, oldest first.
 */
export function kataLoadPayload(kata: KataSpec, topic: string | null): ServerPayload<'practice:kata_load'> {
  const best = maxKataLevel(kata);
  const byLevel = kata.constraints
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.minLevel - b.c.minLevel || a.i - b.i);
  const skipped = Math.max(0, kata.userAttempts.length - KATA_LOAD_MAX_ATTEMPTS);
  return {
    kata: {
      id: kata.id,
      title: label(kata.title) ?? 'Kata',
      description: prose(kata.description),
      scaffoldingCode: kata.scaffoldingCode,
      topic: topic === null ? null : label(topic),
      attemptsCount: kata.userAttempts.length,
      bestLevel: best,
      tests: kata.tests,
    },
    constraints: computeUnlockedConstraints(kata.constraints, best ?? 0).map(wireConstraint),
    allConstraints: byLevel.slice(0, 100).map(({ c }) => ({
      ...wireConstraint(c),
      state: c.minLevel <= (best ?? 0) ? ('unlocked' as const) : ('locked' as const),
    })),
    attempts: kata.userAttempts.slice(skipped).map((a, i) => ({
      number: skipped + i + 1,
      code: a.code.slice(0, LIMITS.code),
      review: a.review === undefined ? null : a.review.slice(0, LIMITS.text),
      level: a.level ?? null,
      passed: a.passed ?? null,
      constraints: (a.constraints ?? [])
        .map((c) => label(c.title))
        .filter((t): t is string => t !== null)
        .slice(0, 100),
      ...(a.submittedAt !== undefined && !Number.isNaN(Date.parse(a.submittedAt))
        ? { submittedAt: a.submittedAt }
        : {}),
      ...(a.run ? { run: a.run } : {}),
    })),
  };
}

/**
 * Loads a kata for the practice view; `null` for an unknown id.
 * @see issue 10 item 2 (`practice:load_kata` -> `practice:kata_load`)
 */
export function loadKata(
  database: PaigeDatabase,
  kataId: string,
): ServerPayload<'practice:kata_load'> | null {
  const kata = getKata(database, kataId);
  if (!kata) return null;
  const topic = getKnowledgeGap(database, kata.knowledgeGapId)?.topic ?? null;
  return kataLoadPayload(kata, topic);
}

/** A practice submission (`practice:submit_solution`). */
export interface PracticeSubmission {
  kataId: string;
  code: string;
  /**
   * Titles of the constraints the learner chose. A locked one refuses the submission (issue 18); titles the kata does
   * not have are ignored (discovery EC-77).
   */
  activeConstraints: readonly string[];
}

/**
 * Result of {@link reviewPracticeSolution}: `not_found` for an unknown kata, `constraint_locked` when a chosen
 * constraint is not unlocked yet (`locked` lists them, `bestLevel` is the learner's best level or `null`); neither
 * made a model call or stored anything.
 */
export type PracticeReviewOutcome =
  | { kind: 'not_found'; kataId: string }
  | { kind: 'cancelled'; kataId: string; run: KataRunResult }
  | {
      kind: 'constraint_locked';
      kataId: string;
      locked: { title: string; description: string; minLevel: number }[];
      bestLevel: number | null;
    }
  | ({ kind: 'reviewed' } & PracticeReviewResult);

/** A completed review. */
export interface PracticeReviewResult {
  payload: ServerPayload<'practice:solution_review'>;
  model: string;
  latencyMs: number;
  /** Number of previous attempts sent to the model (same constraint set only). */
  previousAttemptsSent: number;
  /** The kata's gap, when this passed review marked it addressed now (it was open before). */
  gapAddressed: { gapId: string; topic: string } | null;
  /** `solution_guard_applied` data when the guard removed code from the review, else `null`. */
  solutionGuard: Record<string, unknown> | null;
  /** The test run made before the review (issue 24 item 4), or `null` for a kata without runnable tests. */
  run: KataRunResult | null;
}

/**
 * Runs a kata's tests against a solution (issue 24): the server passes `@paige/runner`'s `runKata` here, so coaching
 * does not depend on the runner. Never rejects for what the solution does (that is a status).
 */
export type KataTestRunner = (tests: KataTests, code: string, signal?: AbortSignal) => Promise<KataRunResult>;

/** Dependencies of {@link reviewPracticeSolution}. */
export interface PracticeReviewDeps {
  database: PaigeDatabase;
  llm: FlowLlm;
  /** Passed to the model call (session id for `api_call_log`). */
  options?: RunPromptOptions;
  /** Hint level for the solution-leak guard (the session's, else `medium`). */
  hintLevel?: HintLevel;
  /** Runs the kata's tests before the review (issue 24 item 4); absent: katas are reviewed without a run. */
  runTests?: KataTestRunner;
  /** Cancels the run before the review (the learner left); the outcome is then `cancelled`, with no model call. */
  signal?: AbortSignal;
}

/**
 * Reviews a kata solution.
 * 1. Unknown kata: `{ kind: 'not_found' }` before any model call (AS-11). A chosen constraint that is not unlocked
 *    at the learner's best level: `{ kind: 'constraint_locked' }`, no model call (issue 18).
 * 2. Sends the description, instructor notes, the active constraints, the code and only previous attempts made with
 *    the same constraint set (AS-8), with the stage for the gap topic.
 * 3. Guards the review, suggestions and follow-up (solution-leak guard, issue 20 item 7): the submitted code, the
 *    scaffolding and earlier attempts are the learner's own and may be quoted.
 * 4. In one transaction: re-reads the kata, appends `{ code, review, level, passed, constraints, correct, followUp,
 *    dreyfusSignal, submittedAt }` (AS-7), computes the constraints newly unlocked by the level (AS-6) and, on a
 *    pass, marks the kata's knowledge gap addressed (issue 20 item 1). A failed write rolls back and throws.
 * @throws `@paige/llm` errors; `@paige/store` `StoreError` (`NOT_FOUND` when the kata vanished meanwhile) or SQLite
 *   errors on the write, leaving the kata unchanged.
 * @see primary Story 11 AS-5..AS-8, AS-11, "Constraint Unlocking Design"; brainstorm call 7
 */
export async function reviewPracticeSolution(
  deps: PracticeReviewDeps,
  submission: PracticeSubmission,
): Promise<PracticeReviewOutcome> {
  const { database, llm } = deps;
  const kata = getKata(database, submission.kataId);
  if (!kata) return { kind: 'not_found', kataId: submission.kataId };
  const previousBest = maxKataLevel(kata) ?? 0;
  const chosen = new Set(submission.activeConstraints.map((t) => t.trim()));
  const locked = kata.constraints.filter((c) => chosen.has(c.title.trim()) && c.minLevel > previousBest);
  if (locked.length > 0) {
    return {
      kind: 'constraint_locked',
      kataId: kata.id,
      locked: locked.map(wireConstraint),
      bestLevel: maxKataLevel(kata),
    };
  }
  const active = resolveActiveConstraints(kata.constraints, submission.activeConstraints, previousBest);
  const activeTitles = active.map((c) => c.title);
  const previous = selectSameConstraintAttempts(kata.userAttempts, activeTitles);
  const topic = getKnowledgeGap(database, kata.knowledgeGapId)?.topic ?? null;
  const stage = pickDreyfusStage(listDreyfusAssessments(database), { topic: topic ?? kata.title });
  // Issue 24 item 4: the tests run first; the review receives their results and cannot pass a failing solution.
  const run =
    kata.tests && deps.runTests ? await deps.runTests(kata.tests, submission.code, deps.signal) : null;
  if (run?.status === 'cancelled') return { kind: 'cancelled', kataId: kata.id, run };
  // Broken tests are the kata's fault: the review goes on without them (the run is still kept with the attempt).
  const binding =
    run !== null && run.status !== 'broken_tests' && run.status !== 'no_interpreter' ? run : null;
  const testsPass = binding === null || binding.status === 'passed';
  const input: PracticeReviewInput = {
    kata: {
      title: kata.title,
      description: kata.description,
      instructorNotes: kata.instructorNotes,
      scaffoldingCode: kata.scaffoldingCode,
    },
    activeConstraints: active,
    code: submission.code,
    previousAttempts: previous.map((a) => ({
      code: a.code,
      review: a.review ?? null,
      level: a.level ?? null,
      passed: a.passed ?? null,
    })),
    dreyfusStage: stage.stage,
    testRun: binding,
  };
  const result = await llm.runPromptWithMeta(practiceReviewModule, input, deps.options ?? {});
  const out = {
    ...result.output,
    passed: result.output.passed && testsPass,
    correct: result.output.correct && testsPass,
  };
  const hintLevel = deps.hintLevel ?? 'medium';
  const guard = createSolutionGuard({
    hintLevel,
    knownCode: [submission.code, kata.scaffoldingCode, ...kata.userAttempts.map((a) => a.code)],
  });
  const reviewText = guard.text(out.review).slice(0, LIMITS.text);
  const suggestions = out.suggestions.map((t) => prose(guard.text(t))).slice(0, 50);
  const followUp = out.followUp
    ? {
        type: out.followUp.type,
        ...(out.followUp.constraint ? { constraint: prose(guard.text(out.followUp.constraint)) } : {}),
        ...(out.followUp.reason ? { reason: prose(guard.text(out.followUp.reason)) } : {}),
      }
    : null;

  const written = database.sqlite.transaction(() => {
    const before = maxKataLevel(getKata(database, kata.id) ?? kata) ?? 0;
    const updated = appendKataAttempt(database, kata.id, {
      code: submission.code,
      review: reviewText,
      level: out.level,
      passed: out.passed,
      constraints: active,
      correct: out.correct,
      followUp,
      dreyfusSignal: out.dreyfusSignal,
      submittedAt: database.now().toISOString(),
      ...(run ? { run } : {}),
    });
    let gapAddressed: PracticeReviewResult['gapAddressed'] = null;
    if (out.passed) {
      const gap = getKnowledgeGap(database, kata.knowledgeGapId);
      if (gap && markKnowledgeGapAddressed(database, gap.id).changed)
        gapAddressed = { gapId: gap.id, topic: gap.topic };
    }
    return {
      unlocked: computeNewlyUnlockedConstraints(updated.constraints, before, out.level),
      gapAddressed,
    };
  })();

  return {
    kind: 'reviewed',
    payload: {
      kataId: kata.id,
      review: reviewText.length > 0 ? reviewText : 'Reviewed.',
      level: out.level,
      passed: out.passed,
      constraintsUnlocked: written.unlocked.map(wireConstraint),
      correct: out.correct,
      followUp,
      dreyfusSignal: out.dreyfusSignal,
      suggestions,
      activeConstraints: active.map((c) => label(c.title)).filter((t): t is string => t !== null),
      ...(run ? { run } : {}),
    },
    model: result.model,
    latencyMs: result.latencyMs,
    previousAttemptsSent: previous.length,
    gapAddressed: written.gapAddressed,
    solutionGuard: solutionGuardActionData('practice_review', hintLevel, guard),
    run,
  };
}
