/**
 * Practice mode (primary Story 11 AS-5..AS-8, AS-11; discovery Story 11 Flow 2): loading a kata with its unlocked
 * constraints, and reviewing a solution with only the previous attempts of the same constraint set, appending the
 * attempt and computing the unlocks in one SQLite transaction.
 */
import type { RunPromptOptions } from '@paige/llm';
import type { ServerPayload } from '@paige/protocol';
import {
  appendKataAttempt,
  getKata,
  getKnowledgeGap,
  listDreyfusAssessments,
  maxKataLevel,
  type KataSpec,
  type PaigeDatabase,
} from '@paige/store';
import { computeNewlyUnlockedConstraints, computeUnlockedConstraints, resolveActiveConstraints, selectSameConstraintAttempts } from '../constraints.js';
import { practiceReviewModule } from '../prompts/practice-review.js';
import type { PracticeReviewInput } from '../prompts/practice-review.js';
import { label, pickDreyfusStage, prose } from './shared.js';
import type { FlowLlm } from './shared.js';

/** Wire shape of a constraint (`title` and `description` cut to the protocol bounds). */
function wireConstraint(c: { title: string; description: string; minLevel: number }) {
  return { title: label(c.title) ?? 'Constraint', description: prose(c.description), minLevel: c.minLevel };
}

/** The `practice:kata_load` payload for a stored kata: no instructor notes, the constraints unlocked at the best level. */
export function kataLoadPayload(kata: KataSpec, topic: string | null): ServerPayload<'practice:kata_load'> {
  const best = maxKataLevel(kata);
  return {
    kata: {
      id: kata.id,
      title: label(kata.title) ?? 'Kata',
      description: prose(kata.description),
      scaffoldingCode: kata.scaffoldingCode,
      topic: topic === null ? null : label(topic),
      attemptsCount: kata.userAttempts.length,
      bestLevel: best,
    },
    constraints: computeUnlockedConstraints(kata.constraints, best ?? 0).map(wireConstraint),
  };
}

/**
 * Loads a kata for the practice view; `null` for an unknown id.
 * @see issue 10 item 2 (`practice:load_kata` -> `practice:kata_load`)
 */
export function loadKata(database: PaigeDatabase, kataId: string): ServerPayload<'practice:kata_load'> | null {
  const kata = getKata(database, kataId);
  if (!kata) return null;
  const topic = getKnowledgeGap(database, kata.knowledgeGapId)?.topic ?? null;
  return kataLoadPayload(kata, topic);
}

/** A practice submission (`practice:submit_solution`). */
export interface PracticeSubmission {
  kataId: string;
  code: string;
  /** Constraint titles the learner activated; unknown or locked ones are ignored (discovery EC-77). */
  activeConstraints: readonly string[];
}

/** Result of {@link reviewPracticeSolution}: `not_found` for an unknown kata (no model call was made). */
export type PracticeReviewOutcome = { kind: 'not_found'; kataId: string } | ({ kind: 'reviewed' } & PracticeReviewResult);

/** A completed review. */
export interface PracticeReviewResult {
  payload: ServerPayload<'practice:solution_review'>;
  model: string;
  latencyMs: number;
  /** Number of previous attempts sent to the model (same constraint set only). */
  previousAttemptsSent: number;
}

/** Dependencies of {@link reviewPracticeSolution}. */
export interface PracticeReviewDeps {
  database: PaigeDatabase;
  llm: FlowLlm;
  /** Passed to the model call (session id for `api_call_log`). */
  options?: RunPromptOptions;
}

/**
 * Reviews a kata solution.
 * 1. Unknown kata: `{ kind: 'not_found' }` before any model call (AS-11).
 * 2. Sends the description, instructor notes, the active constraints (resolved against the kata's unlocked ones),
 *    the code and only previous attempts made with the same constraint set (AS-8), with the stage for the gap topic.
 * 3. In one transaction: re-reads the kata, appends `{ code, review, level, passed, constraints }` (AS-7) and
 *    computes the constraints newly unlocked by the level (AS-6). A failed write rolls back and throws.
 * @throws `@paige/llm` errors; `@paige/store` `StoreError` (`NOT_FOUND` when the kata vanished meanwhile) or SQLite
 *   errors on the write, leaving the kata unchanged.
 * @see primary Story 11 AS-5..AS-8, AS-11, "Constraint Unlocking Design"
 */
export async function reviewPracticeSolution(deps: PracticeReviewDeps, submission: PracticeSubmission): Promise<PracticeReviewOutcome> {
  const { database, llm } = deps;
  const kata = getKata(database, submission.kataId);
  if (!kata) return { kind: 'not_found', kataId: submission.kataId };
  const previousBest = maxKataLevel(kata) ?? 0;
  const active = resolveActiveConstraints(kata.constraints, submission.activeConstraints, previousBest);
  const activeTitles = active.map((c) => c.title);
  const previous = selectSameConstraintAttempts(kata.userAttempts, activeTitles);
  const topic = getKnowledgeGap(database, kata.knowledgeGapId)?.topic ?? null;
  const stage = pickDreyfusStage(listDreyfusAssessments(database), { topic: topic ?? kata.title });
  const input: PracticeReviewInput = {
    kata: { title: kata.title, description: kata.description, instructorNotes: kata.instructorNotes, scaffoldingCode: kata.scaffoldingCode },
    activeConstraints: active,
    code: submission.code,
    previousAttempts: previous.map((a) => ({ code: a.code, review: a.review ?? null, level: a.level ?? null, passed: a.passed ?? null })),
    dreyfusStage: stage.stage,
  };
  const result = await llm.runPromptWithMeta(practiceReviewModule, input, deps.options ?? {});
  const review = result.output;

  const unlocked = database.sqlite.transaction(() => {
    const before = maxKataLevel(getKata(database, kata.id) ?? kata) ?? 0;
    const updated = appendKataAttempt(database, kata.id, {
      code: submission.code,
      review: review.review,
      level: review.level,
      passed: review.passed,
      constraints: active,
    });
    return computeNewlyUnlockedConstraints(updated.constraints, before, review.level);
  })();

  return {
    kind: 'reviewed',
    payload: {
      kataId: kata.id,
      review: review.review.slice(0, 100 * 1024),
      level: review.level,
      passed: review.passed,
      constraintsUnlocked: unlocked.map(wireConstraint),
    },
    model: result.model,
    latencyMs: result.latencyMs,
    previousAttemptsSent: previous.length,
  };
}
