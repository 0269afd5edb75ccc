/**
 * Session lifecycle over both doors (issue 5 item 1; DESIGN section 3): `paige_start_session` /
 * `paige_end_session` for Claude Code and `session:start` / `session:resume` / `session:end` for Electron,
 * the lifecycle broadcasts, and the resync of a (re)connecting window.
 */
import { DifficultySchema, mcpTools, type PhaseSummary } from '@paige/protocol';
import {
  getActivePlan,
  listProgressEvents,
  type PaigeDatabase,
  type PlanWithPhases,
  type Session,
} from '@paige/store';
import type { Workspace } from '@paige/workspace';
import type { Logger } from '../logger.js';
import type { ToolRegistry } from '../mcp/tool-kit.js';
import type { Clock, LogAction, ResyncHooks } from '../parts.js';
import { SessionError, type SessionService } from '../services/session-service.js';
import type { UiState } from '../services/ui-state.js';
import type { Broadcaster, Connection } from '../ws/hub.js';
import type { CoachingState } from '../services/coaching-state.js';
import { reportProgress } from './coaching.js';
import {
  applyPhaseHints,
  ensurePhaseHints,
  highlightLinesPayload,
  hintFields,
  suggestionPhase,
} from './hints.js';
import type { HandlerGroup } from './types.js';

/** The issue context of a session as the UI shows it. */
export function issueContextOf(session: Session) {
  return { number: session.issueNumber, title: session.issueTitle, summary: session.issueSummary };
}

/** The phases of a plan as `PhaseSummary` rows (hint level falls back to the session's). */
export function phaseSummaries(plan: PlanWithPhases | null, session: Session): PhaseSummary[] {
  return (plan?.phases ?? []).map((p) => ({
    id: p.id,
    number: p.number,
    title: p.title,
    description: p.description,
    status: p.status,
    hintLevel: p.hintLevel ?? session.hintLevel,
    expectedFiles: p.expectedFiles,
  }));
}

/** The `session:resumed` payload: everything a window needs to show the active session. */
export function sessionSnapshot(
  deps: { db: PaigeDatabase; workspace: Pick<Workspace, 'getOpenFiles'> },
  session: Session,
) {
  const plan = getActivePlan(deps.db, session.id);
  return {
    sessionId: session.id,
    startedAt: session.startedAt,
    issueContext: issueContextOf(session),
    plan: plan
      ? {
          planId: plan.id,
          memoryConnection: plan.memoryConnection,
          estimatedDifficulty: DifficultySchema.catch('intermediate').parse(plan.estimatedDifficulty),
        }
      : null,
    phases: phaseSummaries(plan, session),
    ...hintFields(deps.db, session),
    openFiles: deps.workspace.getOpenFiles(),
  };
}

/**
 * The `session:ended.summary` (Story 9 catalog `session:ended { summary }`): what the session did, from SQLite at the
 * moment it ended, in one or two sentences, e.g. `Session on issue #42 "Fix login" ended after 35 min: 2 of 4 phases
 * complete, 3 hints used, 5 file saves. The wrap-up (memories, knowledge gaps, katas, skill assessments) runs next.`
 * No model call: the wrap-up's own results follow in `session:completed`.
 */
export function sessionSummary(deps: { db: PaigeDatabase; now: Clock }, session: Session): string {
  const ms = Date.parse(session.endedAt ?? deps.now().toISOString()) - Date.parse(session.startedAt);
  const minutes = Math.round(Math.max(0, ms) / 60_000);
  const duration = minutes < 1 ? 'less than a minute' : minutes === 1 ? '1 min' : `${minutes} min`;
  const issue =
    session.issueNumber !== null
      ? `Session on issue #${session.issueNumber}${session.issueTitle ? ` "${session.issueTitle}"` : ''}`
      : session.issueTitle
        ? `Session on "${session.issueTitle}"`
        : 'Coaching session';
  const plan = getActivePlan(deps.db, session.id);
  const parts: string[] = [];
  if (plan && plan.phases.length > 0) {
    const done = plan.phases.filter((p) => p.status === 'complete').length;
    parts.push(`${done} of ${plan.phases.length} phase${plan.phases.length === 1 ? '' : 's'} complete`);
    const hints = plan.phases.reduce(
      (n, p) => n + listProgressEvents(deps.db, p.id).filter((e) => e.eventType === 'hint_used').length,
      0,
    );
    parts.push(`${hints} hint${hints === 1 ? '' : 's'} used`);
  } else {
    parts.push('no coaching plan');
  }
  const saves = (
    deps.db
      .prepare(`SELECT COUNT(*) AS n FROM action_log WHERE session_id = ? AND action_type = 'file_save'`)
      .get(session.id) as { n: number }
  ).n;
  parts.push(`${saves} file save${saves === 1 ? '' : 's'}`);
  const title = issue.length > 300 ? `${issue.slice(0, 299)}…` : issue;
  return `${title} ended after ${duration}: ${parts.join(', ')}. The wrap-up (memories, knowledge gaps, katas, skill assessments) runs next.`;
}

/** Sends the current state to one connection after `connection:init` (DESIGN section 3 "Resync"). */
async function resync(deps: SessionFeatureDeps, conn: Connection): Promise<void> {
  deps.hub.send(conn, 'fs:tree', { root: await deps.workspace.getTree() });
  const session = deps.sessions.active();
  if (!session) return;
  deps.hub.send(conn, 'session:resumed', sessionSnapshot(deps, session));
  // After a restart the current phase's hints are rebuilt from the plan (issue 23 item 2).
  ensurePhaseHints(deps, session);
  for (const { path, highlights } of deps.ui.allHighlights()) {
    deps.hub.send(conn, 'editor:highlight_lines', highlightLinesPayload(path, highlights));
  }
  for (const set of deps.ui.allFileHints()) deps.hub.send(conn, 'explorer:hint_files', set);
  for (const { path, decorations } of deps.ui.allDecorations())
    deps.hub.send(conn, 'editor:decorations', { path, decorations });
  const progress = deps.arc.progressOf(session.id);
  if (progress) deps.hub.send(conn, 'coaching:pipeline_progress', progress);
}

/**
 * Ending a session while its coaching pipeline writes the plan is refused (issue 23 item 4; the plan would land in an
 * ended session): `PIPELINE_RUNNING`, saying to wait for the plan (a few seconds to a minute) and end it then.
 * @throws an error with code `PIPELINE_RUNNING`
 */
export function refuseWhilePlanning(
  sessions: Pick<SessionService, 'active'>,
  arc: Pick<CoachingState, 'pipelineRunning'>,
): void {
  const active = sessions.active();
  if (active && arc.pipelineRunning(active.id)) {
    throw Object.assign(
      new Error(
        'The coaching pipeline is writing the plan for this session: wait until the plan is ready (usually under a minute), then end the session.',
      ),
      { code: 'PIPELINE_RUNNING' },
    );
  }
}

/** Wires the lifecycle broadcasts and resync; returns the WebSocket handlers. */
/** The parts of the session feature. */
export interface SessionFeatureDeps {
  sessions: SessionService;
  hub: Broadcaster;
  workspace: Pick<Workspace, 'getOpenFiles' | 'getTree'>;
  ui: UiState;
  db: PaigeDatabase;
  logger: Logger;
  now: Clock;
  resync: Pick<ResyncHooks, 'add'>;
  /** The session arc's state: pipeline progress (resync, `session:end` refusal). */
  arc: CoachingState;
  /** Logs the hints shown when a resumed session's phase hints are applied again. */
  logAction: LogAction;
}

export function createSessionFeature(
  deps: SessionFeatureDeps,
): HandlerGroup<'session:start' | 'session:resume' | 'session:end'> {
  deps.sessions.on('activated', (session, how, origin) => {
    if (how === 'started') {
      deps.hub.broadcast(
        'session:started',
        {
          sessionId: session.id,
          startedAt: session.startedAt,
          issueContext: issueContextOf(session),
          phases: [],
          ...hintFields(deps.db, session),
          openFiles: deps.workspace.getOpenFiles(),
        },
        origin,
      );
      void deps.workspace.getTree().then(
        (root) => deps.hub.broadcast('fs:tree', { root }),
        (err: unknown) => deps.logger.warn({ err }, 'project tree unavailable'),
      );
    } else {
      deps.hub.broadcast('session:resumed', sessionSnapshot(deps, session), origin);
      // A session resumed from the dashboard shows its current phase's hints again (issue 23 item 2).
      if (deps.ui.appliedPhaseId === undefined) {
        applyPhaseHints(deps, suggestionPhase(getActivePlan(deps.db, session.id)), session.hintLevel);
      }
    }
  });
  deps.sessions.on('ended', (session, origin) => {
    deps.ui.reset();
    deps.hub.broadcast('editor:clear_highlights', {}, origin);
    deps.hub.broadcast('explorer:clear_hints', {}, origin);
    let summary: string | null = null;
    try {
      summary = sessionSummary(deps, session);
    } catch (err) {
      deps.logger.warn({ err, sessionId: session.id }, 'session summary unavailable');
    }
    deps.hub.broadcast(
      'session:ended',
      {
        sessionId: session.id,
        status: session.status,
        endedAt: session.endedAt ?? deps.now().toISOString(),
        summary,
      },
      origin,
    );
  });
  deps.sessions.on('completed', (session, result, origin) => {
    deps.hub.broadcast(
      'session:completed',
      {
        sessionId: session.id,
        status: session.status === 'completed_with_errors' ? 'completed_with_errors' : 'completed',
        ...result.counts,
        ...(result.errors.length ? { errors: result.errors } : {}),
      },
      origin,
    );
  });
  deps.resync.add((conn) => resync(deps, conn));

  return {
    async 'session:start'(payload, { origin }) {
      const session = await deps.sessions.start(payload, origin);
      // The page shows the pipeline's progress instead of a silent wait (issue 23 item 4): Claude Code explores first.
      const number = session.issueNumber ?? payload.issueNumber;
      const title = session.issueTitle ? ` ("${session.issueTitle.slice(0, 200)}")` : '';
      reportProgress(deps, {
        sessionId: session.id,
        stage: 'exploring',
        message: `Session started for issue #${number}${title}. Paige and Claude Code explore the codebase and plan the work with you.`,
        nextStep: `Talk to Paige in the terminal: say "Let's work on issue #${number}" to start exploring and planning.`,
      });
    },
    async 'session:resume'({ sessionId }, { origin }) {
      await deps.sessions.resume(sessionId, origin);
    },
    async 'session:end'(_payload, { origin }) {
      refuseWhilePlanning(deps.sessions, deps.arc);
      const r = await deps.sessions.end({ wait: false }, origin);
      if (r.alreadyEnded)
        throw new SessionError(
          'NO_ACTIVE_SESSION',
          `No active session to end (session ${r.sessionId} already ${r.status})`,
        );
    },
  };
}

/** Registers `paige_start_session` and `paige_end_session`. */
export function defineSessionTools(
  tools: ToolRegistry,
  deps: {
    sessions: Pick<SessionService, 'start' | 'end' | 'active'>;
    arc: Pick<CoachingState, 'pipelineRunning'>;
  },
): void {
  tools.define(
    {
      name: 'paige_start_session',
      title: 'Start coaching session',
      description:
        'Start the Paige coaching session for the current project. Call this once when a coaching conversation ' +
        "begins (the Paige plugin's SessionStart hook does it for you). Optionally pass the GitHub issue being " +
        'worked on. Fails with a clear error naming the session if one is already active. Returns the new ' +
        'session id and start time.',
      input: mcpTools.paige_start_session.input,
      output: mcpTools.paige_start_session.output,
      readOnly: false,
      needsSession: false,
    },
    async (args) => {
      const s = await deps.sessions.start(args);
      return {
        structured: {
          sessionId: s.id,
          status: 'active' as const,
          startedAt: s.startedAt,
          issueNumber: s.issueNumber,
          issueTitle: s.issueTitle,
        },
        text: `Coaching session ${s.id} started${s.issueTitle ? ` for "${s.issueTitle}"` : ''}.`,
      };
    },
  );

  tools.define(
    {
      name: 'paige_end_session',
      title: 'End coaching session',
      description:
        'End the active coaching session. Pass a condensed transcript of the conversation; Paige stores it and ' +
        'runs the wrap-up (memories, knowledge gaps, practice katas, skill assessments). With wait=false it ' +
        'returns at once and the wrap-up finishes in the background. Calling it again after the session ended ' +
        'is a harmless no-op. Returns the counts of what the wrap-up produced.',
      input: mcpTools.paige_end_session.input,
      output: mcpTools.paige_end_session.output,
      readOnly: false,
      needsSession: false,
      summarize: (a) => ({ transcriptChars: a.sessionTranscript.length, wait: a.wait ?? true }),
    },
    async (args) => {
      refuseWhilePlanning(deps.sessions, deps.arc);
      const r = await deps.sessions.end({ sessionTranscript: args.sessionTranscript, wait: args.wait });
      const text = r.alreadyEnded
        ? `Session ${r.sessionId} had already ended (${r.status}); nothing to do.`
        : r.wrapUpComplete
          ? `Session ${r.sessionId} ended (${r.status}): ${r.counts.memoriesStored} memories, ${r.counts.knowledgeGaps} knowledge gaps, ${r.counts.kataSpecs} katas, ${r.counts.dreyfusUpdates} skill assessments.`
          : `Session ${r.sessionId} ended; the wrap-up is running in the background.`;
      return {
        structured: {
          sessionId: r.sessionId,
          sessionStatus: r.status,
          ...r.counts,
          errors: r.errors,
          pending: !r.wrapUpComplete,
        },
        text,
      };
    },
  );
}
