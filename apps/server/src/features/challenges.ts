/**
 * Challenges that are not code (issue 24 item 5): `practice:load_challenge` -> `practice:challenge_load`;
 * `practice:answer_quiz` -> `practice:quiz_result` (graded deterministically, no model call; logged
 * `quiz_answered`); `practice:explain_back` -> `practice:explain_back_review` (graded by the model against the rubric
 * at the learner's stage; logged `explain_back_graded`). Unknown challenge or wrong kind: `practice:challenge_error`.
 * A first pass marks the gap addressed (`knowledge_gap_addressed`, reason `challenge_passed`). Like a kata review,
 * the grading call is what the learner asked for and is not refused by the daily budget.
 */
import { answerQuiz, gradeExplainBack, loadChallenge, toUserFacingError } from '@paige/coaching';
import type { PaigeDatabase } from '@paige/store';
import type { Logger } from '../logger.js';
import type { LlmSource, LogAction } from '../parts.js';
import type { SessionService } from '../services/session-service.js';
import type { HandlerGroup } from './types.js';

/** The parts of the challenges feature. */
export interface ChallengesFeatureDeps {
  db: PaigeDatabase;
  llm: LlmSource;
  sessions: Pick<SessionService, 'active'>;
  logAction: LogAction;
  logger: Logger;
}

const NOT_FOUND = (challengeId: string) => ({
  challengeId,
  error: `Challenge ${challengeId} was not found. Reopen the dashboard to pick one.`,
  code: 'CHALLENGE_NOT_FOUND' as const,
});

export function createChallengesFeature(
  deps: ChallengesFeatureDeps,
): HandlerGroup<'practice:load_challenge' | 'practice:answer_quiz' | 'practice:explain_back'> {
  const addressed = (gap: { gapId: string; topic: string } | null, challengeId: string): void => {
    if (gap)
      deps.logAction('knowledge_gap_addressed', {
        gapId: gap.gapId,
        topic: gap.topic,
        reason: 'challenge_passed',
        challengeId,
      });
  };
  return {
    'practice:load_challenge'({ challengeId }, { reply }) {
      const loaded = loadChallenge(deps.db, challengeId);
      if (!loaded) return reply('practice:challenge_error', NOT_FOUND(challengeId));
      reply('practice:challenge_load', loaded);
    },

    'practice:answer_quiz'({ challengeId, answers }, { reply }) {
      const outcome = answerQuiz(deps.db, challengeId, answers);
      if (outcome.kind === 'not_found') return reply('practice:challenge_error', NOT_FOUND(challengeId));
      if (outcome.kind === 'wrong_kind')
        return reply('practice:challenge_error', {
          challengeId,
          error: 'This challenge is answered with an explanation, not quiz answers.',
        });
      deps.logAction('quiz_answered', {
        challengeId,
        correct: outcome.payload.correct,
        total: outcome.payload.total,
        passed: outcome.payload.passed,
      });
      addressed(outcome.gapAddressed, challengeId);
      reply('practice:quiz_result', outcome.payload);
    },

    async 'practice:explain_back'({ challengeId, explanation }, { reply }) {
      try {
        const llm = await deps.llm();
        const outcome = await gradeExplainBack(
          { database: deps.db, llm, options: { sessionId: deps.sessions.active()?.id ?? null } },
          challengeId,
          explanation,
        );
        if (outcome.kind === 'not_found') return reply('practice:challenge_error', NOT_FOUND(challengeId));
        if (outcome.kind === 'wrong_kind')
          return reply('practice:challenge_error', {
            challengeId,
            error: 'This challenge is a quiz: answer its questions.',
          });
        deps.logAction('explain_back_graded', {
          challengeId,
          passed: outcome.payload.passed,
          success: true,
          model: outcome.model,
          latency_ms: Math.round(outcome.latencyMs ?? 0),
        });
        addressed(outcome.gapAddressed, challengeId);
        reply('practice:explain_back_review', outcome.payload);
      } catch (err) {
        const failure = toUserFacingError(err, 'Could not grade your explanation');
        deps.logger.warn({ err, challengeId }, 'explain-back grading failed');
        deps.logAction('explain_back_graded', {
          challengeId,
          passed: false,
          success: false,
          error: failure.message,
        });
        reply('practice:challenge_error', {
          challengeId,
          error: failure.message,
          ...(failure.code ? { code: failure.code } : {}),
        });
      }
    },
  };
}
