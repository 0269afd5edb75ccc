/**
 * Practice mode (Story 11, issue 10 item 2, issue 18, issue 20 items 1/3/7): `practice:load_kata` ->
 * `practice:kata_load` (every constraint with its unlock state, the previous attempts; logged `kata_loaded`);
 * `practice:submit_solution` -> `practice:solution_review`, or `review:error` (unknown kata or a chosen constraint
 * still locked: no model call; model failure after retries; failed write, which leaves the kata unchanged). Logs
 * `review_requested`, `review_completed`, `review_passed` on a pass, `knowledge_gap_addressed` when the pass
 * addressed the kata's gap, and `solution_guard_applied` when the guard removed code from the review. Issue 24 item 4:
 * a kata with runnable tests is run first (`runTests`); the reviewer gets the results and a failing run cannot pass.
 */
import { loadKata, reviewPracticeSolution, toUserFacingError, type KataTestRunner } from '@paige/coaching';
import type { PaigeDatabase } from '@paige/store';
import type { Logger } from '../logger.js';
import type { LlmSource, LogAction } from '../parts.js';
import type { SessionService } from '../services/session-service.js';
import type { ServerGuard } from './guard.js';
import type { HandlerGroup } from './types.js';

/** The parts of practice mode. */
export interface PracticeFeatureDeps {
  db: PaigeDatabase;
  llm: LlmSource;
  sessions: Pick<SessionService, 'active'>;
  guard: Pick<ServerGuard, 'hintLevel' | 'log'>;
  logAction: LogAction;
  logger: Logger;
  /**
   * The runner used before a review (issue 24 item 4), per kata (it stores and logs the run as `submit`); absent:
   * katas are reviewed without a run.
   */
  runTests?: (kataId: string) => KataTestRunner;
}

export function createPracticeFeature(
  deps: PracticeFeatureDeps,
): HandlerGroup<'practice:submit_solution' | 'practice:load_kata'> {
  return {
    async 'practice:submit_solution'(payload, { reply, connection }) {
      deps.logAction('review_requested', {
        kataId: payload.kataId,
        activeConstraints: payload.activeConstraints,
      });
      const started = Date.now();
      let model = 'sonnet';
      // The run before the review stops when the window closes (issue 24: nothing runs for a learner who left).
      const left = new AbortController();
      const onClose = (): void => left.abort();
      connection.ws.once('close', onClose);
      try {
        const llm = await deps.llm();
        model = llm.resolveModel('sonnet');
        const outcome = await reviewPracticeSolution(
          {
            database: deps.db,
            llm,
            options: { sessionId: deps.sessions.active()?.id ?? null },
            hintLevel: deps.guard.hintLevel(),
            ...(deps.runTests ? { runTests: deps.runTests(payload.kataId), signal: left.signal } : {}),
          },
          { kataId: payload.kataId, code: payload.code, activeConstraints: payload.activeConstraints },
        );
        if (outcome.kind === 'not_found') {
          reply('review:error', {
            kataId: payload.kataId,
            error: `Practice kata ${payload.kataId} was not found, so it could not be reviewed. Reopen the dashboard to pick a kata.`,
            code: 'KATA_NOT_FOUND',
          });
          return;
        }
        if (outcome.kind === 'cancelled') {
          reply('review:error', {
            kataId: payload.kataId,
            error: 'The review was cancelled before it started.',
          });
          return;
        }
        if (outcome.kind === 'constraint_locked') {
          const names = outcome.locked.map((c) => `"${c.title}" (unlocks at level ${c.minLevel})`).join(', ');
          const best =
            outcome.bestLevel === null
              ? 'you have no levelled attempt on this kata yet'
              : `your best level on this kata is ${outcome.bestLevel}`;
          reply('review:error', {
            kataId: payload.kataId,
            error:
              `Not reviewed: ${outcome.locked.length === 1 ? 'this constraint is' : 'these constraints are'} still locked: ${names}; ${best}. Practise without ${outcome.locked.length === 1 ? 'it' : 'them'} first.`.slice(
                0,
                4000,
              ),
            code: 'CONSTRAINT_LOCKED',
          });
          return;
        }
        deps.guard.log(outcome.solutionGuard);
        deps.logAction('review_completed', {
          kataId: payload.kataId,
          level: outcome.payload.level,
          passed: outcome.payload.passed,
          model: outcome.model,
          latency_ms: Math.round(outcome.latencyMs),
          success: true,
          constraintsUnlocked: outcome.payload.constraintsUnlocked.length,
          correct: outcome.payload.correct,
          dreyfusSignal: outcome.payload.dreyfusSignal,
        });
        if (outcome.payload.passed)
          deps.logAction('review_passed', { kataId: payload.kataId, level: outcome.payload.level });
        if (outcome.gapAddressed) {
          deps.logAction('knowledge_gap_addressed', {
            gapId: outcome.gapAddressed.gapId,
            topic: outcome.gapAddressed.topic,
            reason: 'kata_passed',
            kataId: payload.kataId,
          });
        }
        reply('practice:solution_review', outcome.payload);
      } catch (err) {
        const failure = toUserFacingError(err, 'Could not review your solution');
        deps.logger.warn({ err, kataId: payload.kataId }, 'practice review failed');
        deps.logAction('review_completed', {
          kataId: payload.kataId,
          model,
          latency_ms: Date.now() - started,
          success: false,
          error: failure.message,
        });
        reply('review:error', {
          kataId: payload.kataId,
          error: failure.message,
          ...(failure.code ? { code: failure.code } : {}),
        });
      } finally {
        connection.ws.off('close', onClose);
      }
    },

    'practice:load_kata'({ kataId }, { reply }) {
      const loaded = loadKata(deps.db, kataId);
      if (!loaded) {
        reply('review:error', {
          kataId,
          error: `Practice kata ${kataId} was not found.`,
          code: 'KATA_NOT_FOUND',
        });
        return;
      }
      deps.logAction('kata_loaded', {
        kataId,
        attemptsCount: loaded.kata.attemptsCount,
        bestLevel: loaded.kata.bestLevel,
      });
      reply('practice:kata_load', loaded);
    },
  };
}
