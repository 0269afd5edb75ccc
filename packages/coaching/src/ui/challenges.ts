/**
 * Challenges that are not code (issue 24 item 5, brainstorm "Non-Code Challenges"): loading a quiz or an
 * explain-it-back challenge, grading a quiz deterministically (the page grades it the same way from `correctIndex`),
 * and grading an explanation with the model against the rubric at the learner's Dreyfus stage. A first pass marks the
 * challenge's knowledge gap addressed, like a passed kata, in the same transaction as the attempt.
 */
import type { RunPromptOptions } from '@paige/llm';
import type { NonCodeChallenge, NonCodeChallengeSummary, ServerPayload } from '@paige/protocol';
import {
  appendChallengeAttempt,
  getChallenge,
  getKnowledgeGap,
  listChallenges,
  listDreyfusAssessments,
  markKnowledgeGapAddressed,
  type PaigeDatabase,
  type PracticeChallenge,
} from '@paige/store';
import { explainBackGradingModule } from '../prompts/explain-back-grading.js';
import { label, pickDreyfusStage, prose } from './shared.js';
import type { FlowLlm } from './shared.js';

function base(c: PracticeChallenge) {
  return {
    id: c.id,
    title: label(c.title) ?? 'Challenge',
    topic: c.topic === null ? null : label(c.topic),
    gapId: c.knowledgeGapId,
    attemptsCount: c.attempts.length,
    passed: c.attempts.length === 0 ? null : c.passedAt !== null,
  };
}

/** The wire shape of a stored challenge (`practice:challenge_load.challenge`). */
export function challengePayload(c: PracticeChallenge): NonCodeChallenge {
  if (c.content.kind === 'quiz')
    return { ...base(c), kind: 'quiz', questions: c.content.questions.slice(0, 20) };
  return {
    ...base(c),
    kind: 'explain_back',
    prompt: prose(c.content.prompt) || 'Explain it in your own words.',
    rubric: c.content.rubric.map((r) => label(r) ?? 'Point').slice(0, 10),
  };
}

/** Challenges for the dashboard's practice list, newest first (at most `limit`, default 50). */
export function listChallengeSummaries(database: PaigeDatabase, limit = 50): NonCodeChallengeSummary[] {
  return listChallenges(database)
    .slice(0, limit)
    .map((c) => ({ ...base(c), kind: c.content.kind }));
}

/** Loads a challenge for the practice view; `null` for an unknown id. */
export function loadChallenge(
  database: PaigeDatabase,
  challengeId: string,
): ServerPayload<'practice:challenge_load'> | null {
  const c = getChallenge(database, challengeId);
  return c ? { challenge: challengePayload(c) } : null;
}

/** Marks the challenge's gap addressed on its first pass; returns the gap when it changed. */
function addressGap(
  database: PaigeDatabase,
  c: PracticeChallenge,
  firstPass: boolean,
): { gapId: string; topic: string } | null {
  if (!firstPass || c.knowledgeGapId === null) return null;
  const gap = getKnowledgeGap(database, c.knowledgeGapId);
  if (!gap) return null;
  return markKnowledgeGapAddressed(database, gap.id).changed ? { gapId: gap.id, topic: gap.topic } : null;
}

/** Outcome of grading: `not_found`, `wrong_kind` (a quiz answered as an explanation or the reverse), or graded. */
export type ChallengeOutcome<P> =
  | { kind: 'not_found' }
  | { kind: 'wrong_kind'; expected: 'quiz' | 'explain_back' }
  | { kind: 'graded'; payload: P; gapAddressed: { gapId: string; topic: string } | null };

/**
 * Grades quiz answers (0-based choice per question; missing answers count as wrong; passed when all are right),
 * stores the attempt and, on the first pass, marks the gap addressed, in one transaction.
 */
export function answerQuiz(
  database: PaigeDatabase,
  challengeId: string,
  answers: readonly number[],
): ChallengeOutcome<ServerPayload<'practice:quiz_result'>> {
  const c = getChallenge(database, challengeId);
  if (!c) return { kind: 'not_found' };
  if (c.content.kind !== 'quiz') return { kind: 'wrong_kind', expected: 'explain_back' };
  const graded = c.content.questions.map((q, i) => ({
    chosen: answers[i] ?? 0,
    correct: answers[i] === q.correctIndex,
  }));
  const correct = graded.filter((g) => g.correct).length;
  const passed = correct === graded.length;
  const gapAddressed = database.sqlite.transaction(() => {
    const { challenge, firstPass } = appendChallengeAttempt(database, c.id, {
      passed,
      submittedAt: database.now().toISOString(),
      answers: [...answers],
      correct,
    });
    return addressGap(database, challenge, firstPass);
  })();
  return {
    kind: 'graded',
    payload: { challengeId: c.id, correct, total: graded.length, passed, answers: graded },
    gapAddressed,
  };
}

/** Dependencies of {@link gradeExplainBack}. */
export interface ExplainBackDeps {
  database: PaigeDatabase;
  llm: FlowLlm;
  options?: RunPromptOptions;
}

/**
 * Grades an explanation with the model against the rubric at the learner's stage for the topic, stores the attempt
 * and, on the first pass, marks the gap addressed. A model failure throws and stores nothing.
 * @throws `@paige/llm` errors
 */
export async function gradeExplainBack(
  deps: ExplainBackDeps,
  challengeId: string,
  explanation: string,
): Promise<
  ChallengeOutcome<ServerPayload<'practice:explain_back_review'>> & { model?: string; latencyMs?: number }
> {
  const { database } = deps;
  const c = getChallenge(database, challengeId);
  if (!c) return { kind: 'not_found' };
  if (c.content.kind !== 'explain_back') return { kind: 'wrong_kind', expected: 'quiz' };
  const stage = pickDreyfusStage(listDreyfusAssessments(database), { topic: c.topic ?? c.title });
  const result = await deps.llm.runPromptWithMeta(
    explainBackGradingModule,
    {
      title: c.title,
      prompt: c.content.prompt,
      rubric: c.content.rubric,
      explanation,
      dreyfusStage: stage.stage,
    },
    deps.options ?? {},
  );
  const out = result.output;
  // One verdict per rubric point, in rubric order, whatever the model echoed.
  const criteria = c.content.rubric.slice(0, 10).map((criterion, i) => {
    const v = out.criteria.find((x) => x.criterion.trim() === criterion.trim()) ?? out.criteria[i];
    return { criterion: label(criterion) ?? 'Point', met: v?.met ?? false, note: prose(v?.note ?? '') };
  });
  const passed = out.passed && criteria.filter((x) => !x.met).length <= (criteria.length >= 4 ? 1 : 0);
  const feedback = prose(out.feedback) || (passed ? 'Well explained.' : 'Not quite yet.');
  const gapAddressed = database.sqlite.transaction(() => {
    const { challenge, firstPass } = appendChallengeAttempt(database, c.id, {
      passed,
      submittedAt: database.now().toISOString(),
      explanation,
      feedback,
    });
    return addressGap(database, challenge, firstPass);
  })();
  return {
    kind: 'graded',
    payload: { challengeId: c.id, passed, feedback, criteria },
    gapAddressed,
    model: result.model,
    latencyMs: result.latencyMs,
  };
}
