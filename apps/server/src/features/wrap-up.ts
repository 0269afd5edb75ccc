/**
 * The session's arc in the page (issue 23 item 4; brainstorm "Work Mode Workflow" 1-6): the wrap-up screen
 * (`session:wrap_up` broadcast with `pending: true` when a session ends and `pending: false` when its wrap-up agents
 * finish; `session:wrap_up_request` rebuilds it from the database), the manager summary (brainstorm API call 10) and
 * `coaching:pipeline_status`. The report and the prompt are `@paige/coaching`'s; this module reads, guards, logs and
 * replies.
 */
import type { WrapUpReport } from '@paige/protocol';
import { getSession } from '@paige/store';
import type { AppContext } from '../context.js';
import { logGuard } from './guard.js';
import type { HandlerGroup } from './types.js';

/** `@paige/coaching` (the report builder and the model-backed summary) is loaded on first use, off the start-up path. */
const coaching = () => import('@paige/coaching');

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The report of `sessionId` (pending while its wrap-up runs), or null for an unknown session. */
async function reportOf(ctx: AppContext, sessionId: string, pending = ctx.arc.isWrapping(sessionId)): Promise<WrapUpReport | null> {
  const { buildWrapUpReport } = await coaching();
  return buildWrapUpReport(ctx.db, sessionId, { pending, now: ctx.now });
}

/**
 * Installs the wrap-up broadcasts (on the session service's `ended` and `completed` events) and returns the handlers
 * of `session:wrap_up_request`, `session:manager_summary_request` and `coaching:pipeline_status`.
 */
export function createWrapUpFeature(
  ctx: AppContext,
): HandlerGroup<'session:wrap_up_request' | 'session:manager_summary_request' | 'coaching:pipeline_status'> {
  // `pending` is read when the event fires, so the `pending: true` report is never overtaken by the wrap-up.
  const broadcastReport = (sessionId: string, pending: boolean): void => {
    reportOf(ctx, sessionId, pending).then(
      (report) => {
        if (report) ctx.hub.broadcast('session:wrap_up', report);
      },
      (err: unknown) => ctx.logger.warn({ err, sessionId }, 'wrap-up report unavailable'),
    );
  };
  ctx.sessions.on('ended', (session) => {
    ctx.arc.setWrapping(session.id, true);
    broadcastReport(session.id, true);
  });
  ctx.sessions.on('completed', (session) => {
    ctx.arc.setWrapping(session.id, false);
    broadcastReport(session.id, false);
  });

  return {
    /**
     * The wrap-up screen of an ended session, from the database (after a reload). An unknown session (or one of
     * another project) is `SESSION_NOT_FOUND`; the active session has no wrap-up yet (same code, saying so).
     */
    async 'session:wrap_up_request'({ sessionId }, { reply }) {
      const session = getSession(ctx.db, sessionId);
      if (!session || session.projectDir !== ctx.config.projectDir) throw codedError('SESSION_NOT_FOUND', `Session ${sessionId} does not exist for this project`);
      if (session.status === 'active') throw codedError('SESSION_NOT_FOUND', `Session ${sessionId} is still active: its wrap-up is built when it ends`);
      const report = await reportOf(ctx, sessionId);
      if (!report) throw codedError('SESSION_NOT_FOUND', `Session ${sessionId} does not exist for this project`);
      reply('session:wrap_up', report);
    },

    /**
     * The manager summary (Haiku, brainstorm API call 10) of a session: an optional call (the daily budget is checked
     * first), written from the wrap-up report's facts only, guarded at the session's hint level, logged in
     * `api_call_log` with the session id and cost. The same request while one is pending answers
     * `ALREADY_IN_PROGRESS` (the first still answers). Failures answer `session:manager_summary_error`.
     */
    async 'session:manager_summary_request'({ sessionId }, { reply }) {
      const session = getSession(ctx.db, sessionId);
      if (!session || session.projectDir !== ctx.config.projectDir) {
        reply('session:manager_summary_error', { sessionId, error: `Session ${sessionId} does not exist for this project.`, code: 'SESSION_NOT_FOUND' });
        return;
      }
      const key = `summary:${sessionId}`;
      if (!ctx.arc.claim(key)) {
        reply('session:manager_summary_error', {
          sessionId,
          error: 'A summary for this session is already being written; it will appear in a moment.',
          code: 'ALREADY_IN_PROGRESS',
        });
        return;
      }
      try {
        ctx.assertWithinBudget('manager_summary');
        const report = await reportOf(ctx, sessionId);
        if (!report) throw codedError('SESSION_NOT_FOUND', `Session ${sessionId} does not exist for this project.`);
        const { writeManagerSummary } = await coaching();
        const llm = await ctx.llm();
        const result = await writeManagerSummary(llm, report, { sessionId, hintLevel: session.hintLevel });
        logGuard(ctx, result.solutionGuard, sessionId);
        reply('session:manager_summary', { sessionId, summary: result.summary });
      } catch (err) {
        const { toUserFacingError } = await coaching();
        const failure = toUserFacingError(err, 'Could not write the summary for your team lead');
        ctx.logger.warn({ err, sessionId }, 'manager summary failed');
        reply('session:manager_summary_error', { sessionId, error: failure.message, ...(failure.code ? { code: failure.code } : {}) });
      } finally {
        ctx.arc.release(key);
      }
    },

    /** The active session's pipeline stage again (after a reload); nothing when no pipeline ran for it. */
    'coaching:pipeline_status'(_payload, { reply }) {
      const session = ctx.sessions.active();
      const progress = session ? ctx.arc.progressOf(session.id) : undefined;
      if (progress) reply('coaching:pipeline_progress', progress);
    },
  };
}
