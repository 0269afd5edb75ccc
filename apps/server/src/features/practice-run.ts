/**
 * Practice that runs (issue 24 item 3): `practice:run` -> `practice:run_result` (per-test pass/fail, the failing
 * assertion, the output) or `practice:run_error` (`KATA_NOT_FOUND`, `NO_RUNNABLE_TESTS`, `RUN_QUEUE_FULL`);
 * `practice:run_queued` when the run waits for a slot; `practice:cancel_run` cancels this window's run of a kata (the
 * learner left or submitted), as does closing the window or starting another run of the same kata. Every finished
 * run is stored (`kata_runs`) and logged `kata_run`. No model call, no cost.
 */
import { recordKataRun, getKata, type PaigeDatabase } from '@paige/store';
import type { KataRunResult, KataTests } from '@paige/protocol';
import type { Logger } from '../logger.js';
import type { LogAction } from '../parts.js';
import type { KataRunner } from '../services/kata-runner.js';
import type { SessionService } from '../services/session-service.js';
import type { HandlerGroup } from './types.js';

/** The parts of the practice-run feature. */
export interface PracticeRunFeatureDeps {
  db: PaigeDatabase;
  runner: KataRunner;
  sessions: Pick<SessionService, 'active'>;
  logAction: LogAction;
  logger: Logger;
}

/** What the feature gives the server: its handlers, and the runner the review uses before judging. */
export interface PracticeRunFeature {
  handlers: HandlerGroup<'practice:run' | 'practice:cancel_run'>;
  /** Runs a kata's tests for a submission (issue 24 item 4), storing and logging the run as `submit`. */
  runForReview(
    kataId: string,
  ): (tests: KataTests, code: string, signal?: AbortSignal) => Promise<KataRunResult>;
}

export function createPracticeRunFeature(deps: PracticeRunFeatureDeps): PracticeRunFeature {
  /** Runs going, per window and kata: a new run or `practice:cancel_run` aborts the previous one. */
  const going = new Map<string, AbortController>();

  const keep = (kataId: string, trigger: 'run' | 'submit', result: KataRunResult): void => {
    const sessionId = deps.sessions.active()?.id ?? null;
    try {
      recordKataRun(deps.db, { kataId, sessionId, trigger, result });
    } catch (err) {
      deps.logger.warn({ err, kataId }, 'storing a kata run failed');
    }
    deps.logAction('kata_run', {
      kataId,
      status: result.status,
      testCount: result.tests.length,
      passedCount: result.tests.filter((t) => t.status === 'pass').length,
      durationMs: Math.round(result.durationMs),
      trigger,
    });
  };

  return {
    handlers: {
      async 'practice:run'({ kataId, code }, { reply, connection }) {
        const kata = getKata(deps.db, kataId);
        if (!kata) {
          reply('practice:run_error', {
            kataId,
            error: `Practice kata ${kataId} was not found.`,
            code: 'KATA_NOT_FOUND',
          });
          return;
        }
        if (!kata.tests) {
          reply('practice:run_error', {
            kataId,
            error:
              'This kata has no runnable tests (it was written before katas had them). Submit it for a review instead.',
            code: 'NO_RUNNABLE_TESTS',
          });
          return;
        }
        const key = `${connection.id}\u0000${kataId}`;
        going.get(key)?.abort();
        const controller = new AbortController();
        going.set(key, controller);
        const onClose = (): void => controller.abort();
        connection.ws.once('close', onClose);
        try {
          const result = await deps.runner.run({
            tests: kata.tests,
            code,
            signal: controller.signal,
            onQueued: (position) => reply('practice:run_queued', { kataId, position }),
          });
          if (result.status !== 'cancelled') keep(kataId, 'run', result);
          reply('practice:run_result', { kataId, result });
        } catch (err) {
          const code =
            err instanceof Error && 'code' in err && err.code === 'RUN_QUEUE_FULL'
              ? 'RUN_QUEUE_FULL'
              : 'INTERNAL_ERROR';
          if (code === 'INTERNAL_ERROR') deps.logger.warn({ err, kataId }, 'kata run failed');
          reply('practice:run_error', {
            kataId,
            error:
              code === 'RUN_QUEUE_FULL'
                ? 'Too many practice runs are waiting. Try again in a moment.'
                : 'The tests could not be run.',
            code,
          });
        } finally {
          connection.ws.off('close', onClose);
          if (going.get(key) === controller) going.delete(key);
        }
      },

      'practice:cancel_run'({ kataId }, { connection }) {
        going.get(`${connection.id}\u0000${kataId}`)?.abort();
      },
    },

    runForReview(kataId) {
      return async (tests, code, signal) => {
        const result = await deps.runner.run({ tests, code, ...(signal ? { signal } : {}) });
        if (result.status !== 'cancelled') keep(kataId, 'submit', result);
        return result;
      };
    },
  };
}
