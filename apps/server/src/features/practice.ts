/**
 * Practice mode (Story 11, issue 10 item 2): `practice:load_kata` -> `practice:kata_load` (the constraints currently
 * unlocked); `practice:submit_solution` -> `practice:solution_review`, or `review:error` (unknown kata: no model call;
 * model failure after retries; failed write, which leaves the kata unchanged). Logs `review_requested` and
 * `review_completed`.
 */
import { loadKata, reviewPracticeSolution, toUserFacingError } from '@paige/coaching';
import type { AppContext } from '../context.js';
import type { HandlerGroup } from './types.js';

export function createPracticeFeature(ctx: AppContext): HandlerGroup<'practice:submit_solution' | 'practice:load_kata'> {
  return {
    async 'practice:submit_solution'(payload, { reply }) {
      ctx.logAction('review_requested', { kataId: payload.kataId, activeConstraints: payload.activeConstraints });
      const started = Date.now();
      let model = 'sonnet';
      try {
        const llm = await ctx.llm();
        model = llm.resolveModel('sonnet');
        const outcome = await reviewPracticeSolution(
          { database: ctx.db, llm, options: { sessionId: ctx.sessions.active()?.id ?? null } },
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
        ctx.logAction('review_completed', {
          kataId: payload.kataId,
          level: outcome.payload.level,
          passed: outcome.payload.passed,
          model: outcome.model,
          latency_ms: Math.round(outcome.latencyMs),
          success: true,
          constraintsUnlocked: outcome.payload.constraintsUnlocked.length,
        });
        reply('practice:solution_review', outcome.payload);
      } catch (err) {
        const failure = toUserFacingError(err, 'Could not review your solution');
        ctx.logger.warn({ err, kataId: payload.kataId }, 'practice review failed');
        ctx.logAction('review_completed', { kataId: payload.kataId, model, latency_ms: Date.now() - started, success: false, error: failure.message });
        reply('review:error', { kataId: payload.kataId, error: failure.message, ...(failure.code ? { code: failure.code } : {}) });
      }
    },

    'practice:load_kata'({ kataId }, { reply }) {
      const loaded = loadKata(ctx.db, kataId);
      if (!loaded) {
        reply('review:error', { kataId, error: `Practice kata ${kataId} was not found.`, code: 'KATA_NOT_FOUND' });
        return;
      }
      reply('practice:kata_load', loaded);
    },
  };
}
