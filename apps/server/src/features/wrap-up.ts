/**
 * The session's arc in the page (issue 23 item 4; brainstorm "Work Mode Workflow" 1-6): the wrap-up screen
 * (`session:wrap_up` broadcast with `pending: true` when a session ends and `pending: false` when its wrap-up agents
 * finish; `session:wrap_up_request` rebuilds it from the database), the manager summary (brainstorm API call 10) and
 * `coaching:pipeline_status`. The report and the prompt are `@paige/coaching`'s; this module reads, guards, logs and
 * replies.
 */
import type { Budget } from '@paige/coaching/budget';
import type { WrapUpReport } from '@paige/protocol';
import { enqueueManagerSummary, getSession, type PaigeDatabase } from '@paige/store';
import type { Logger } from '../logger.js';
import type { Clock, LlmSource } from '../parts.js';
import type { CoachingState } from '../services/coaching-state.js';
import type { SessionService } from '../services/session-service.js';
import type { Broadcaster } from '../ws/hub.js';
import type { ServerGuard } from './guard.js';
import type { HandlerGroup } from './types.js';

/** The parts of the wrap-up feature. */
export interface WrapUpFeatureDeps {
  db: PaigeDatabase;
  sessions: Pick<SessionService, 'on' | 'active'>;
  hub: Pick<Broadcaster, 'broadcast'>;
  llm: LlmSource;
  budget: Pick<Budget, 'assertAllows'>;
  guard: Pick<ServerGuard, 'log'>;
  logger: Logger;
  now: Clock;
  /** `PROJECT_DIR`: sessions of another project are not found. */
  projectDir: string;
  arc: CoachingState;
}

/** `@paige/coaching` (the report builder and the model-backed summary) is loaded on first use, off the start-up path. */
const coaching = () => import('@paige/coaching');

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The report of `sessionId` (pending while its wrap-up runs), or null for an unknown session. */
async function reportOf(
  deps: WrapUpFeatureDeps,
  sessionId: string,
  pending = deps.arc.isWrapping(sessionId),
): Promise<WrapUpReport | null> {
  const { buildWrapUpReport } = await coaching();
  return buildWrapUpReport(deps.db, sessionId, { pending, now: deps.now });
}

/**
 * Installs the wrap-up broadcasts (on the session service's `ended` and `completed` events) and returns the handlers
 * of `session:wrap_up_request`, `session:manager_summary_request` and `coaching:pipeline_status`.
 */
export function createWrapUpFeature(
  deps: WrapUpFeatureDeps,
): HandlerGroup<'session:wrap_up_request' | 'session:manager_summary_request' | 'coaching:pipeline_status'> {
  // `pending` is read when the event fires, so the `pending: true` report is never overtaken by the wrap-up.
  const broadcastReport = (sessionId: string, pending: boolean): void => {
    reportOf(deps, sessionId, pending).then(
      (report) => {
        if (report) deps.hub.broadcast('session:wrap_up', report);
      },
      (err: unknown) => deps.logger.warn({ err, sessionId }, 'wrap-up report unavailable'),
    );
  };
  deps.sessions.on('ended', (session) => {
    deps.arc.setWrapping(session.id, true);
    broadcastReport(session.id, true);
  });
  deps.sessions.on('completed', (session) => {
    deps.arc.setWrapping(session.id, false);
    broadcastReport(session.id, false);
  });

  return {
    /**
     * The wrap-up screen of an ended session, from the database (after a reload). An unknown session (or one of
     * another project) is `SESSION_NOT_FOUND`; the active session has no wrap-up yet (same code, saying so).
     */
    async 'session:wrap_up_request'({ sessionId }, { reply }) {
      const session = getSession(deps.db, sessionId);
      if (!session || session.projectDir !== deps.projectDir)
        throw codedError('SESSION_NOT_FOUND', `Session ${sessionId} does not exist for this project`);
      if (session.status === 'active')
        throw codedError(
          'SESSION_NOT_FOUND',
          `Session ${sessionId} is still active: its wrap-up is built when it ends`,
        );
      const report = await reportOf(deps, sessionId);
      if (!report)
        throw codedError('SESSION_NOT_FOUND', `Session ${sessionId} does not exist for this project`);
      reply('session:wrap_up', report);
    },

    /**
     * The manager summary (Haiku, brainstorm API call 10) of a session: an optional call (the daily budget is checked
     * first), written from the wrap-up report's facts only, guarded at the session's hint level, logged in
     * `api_call_log` with the session id and cost. The same request while one is pending answers
     * `ALREADY_IN_PROGRESS` (the first still answers). Failures answer `session:manager_summary_error`. With
     * `share: true` the paragraph is also queued for the joined team server (issue 26 item 5; `shared` in the reply).
     */
    async 'session:manager_summary_request'({ sessionId, share }, { reply }) {
      const session = getSession(deps.db, sessionId);
      if (!session || session.projectDir !== deps.projectDir) {
        reply('session:manager_summary_error', {
          sessionId,
          error: `Session ${sessionId} does not exist for this project.`,
          code: 'SESSION_NOT_FOUND',
        });
        return;
      }
      const key = `summary:${sessionId}`;
      if (!deps.arc.claim(key)) {
        reply('session:manager_summary_error', {
          sessionId,
          error: 'A summary for this session is already being written; it will appear in a moment.',
          code: 'ALREADY_IN_PROGRESS',
        });
        return;
      }
      try {
        deps.budget.assertAllows('manager_summary');
        const report = await reportOf(deps, sessionId);
        if (!report)
          throw codedError('SESSION_NOT_FOUND', `Session ${sessionId} does not exist for this project.`);
        const { writeManagerSummary } = await coaching();
        const llm = await deps.llm();
        const result = await writeManagerSummary(llm, report, { sessionId, hintLevel: session.hintLevel });
        deps.guard.log(result.solutionGuard, sessionId);
        // Shared with the team server only when the learner asks (issue 26 item 5) and a team is joined.
        const shared = share === true && enqueueManagerSummary(deps.db, sessionId, result.summary) !== null;
        reply('session:manager_summary', {
          sessionId,
          summary: result.summary,
          ...(share ? { shared } : {}),
        });
      } catch (err) {
        const { toUserFacingError } = await coaching();
        const failure = toUserFacingError(err, 'Could not write the summary for your team lead');
        deps.logger.warn({ err, sessionId }, 'manager summary failed');
        reply('session:manager_summary_error', {
          sessionId,
          error: failure.message,
          ...(failure.code ? { code: failure.code } : {}),
        });
      } finally {
        deps.arc.release(key);
      }
    },

    /** The active session's pipeline stage again (after a reload); nothing when no pipeline ran for it. */
    'coaching:pipeline_status'(_payload, { reply }) {
      const session = deps.sessions.active();
      const progress = session ? deps.arc.progressOf(session.id) : undefined;
      if (progress) reply('coaching:pipeline_progress', progress);
    },
  };
}
