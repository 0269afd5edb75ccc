/**
 * Session lifecycle over both doors (issue 5 item 1; DESIGN section 3): `paige_start_session` /
 * `paige_end_session` for Claude Code and `session:start` / `session:resume` / `session:end` for Electron,
 * the lifecycle broadcasts, and the resync of a (re)connecting window.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { DifficultySchema, mcpTools, type PhaseSummary } from '@paige/protocol';
import { getActivePlan, listProgressEvents, type PlanWithPhases, type Session } from '@paige/store';
import type { AppContext } from '../context.js';
import { defineTool } from '../mcp/tool-kit.js';
import { SessionError } from '../services/session-service.js';
import type { Connection } from '../ws/hub.js';
import { reportProgress } from './coaching.js';
import { ensurePhaseHints, hintFields } from './hints.js';
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
export function sessionSnapshot(ctx: AppContext, session: Session) {
  const plan = getActivePlan(ctx.db, session.id);
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
    ...hintFields(ctx, session),
    openFiles: ctx.workspace.getOpenFiles(),
  };
}

/**
 * The `session:ended.summary` (Story 9 catalog `session:ended { summary }`): what the session did, from SQLite at the
 * moment it ended, in one or two sentences, e.g. `Session on issue #42 "Fix login" ended after 35 min: 2 of 4 phases
 * complete, 3 hints used, 5 file saves. The wrap-up (memories, knowledge gaps, katas, skill assessments) runs next.`
 * No model call: the wrap-up's own results follow in `session:completed`.
 */
export function sessionSummary(ctx: AppContext, session: Session): string {
  const ms = Date.parse(session.endedAt ?? ctx.now().toISOString()) - Date.parse(session.startedAt);
  const minutes = Math.round(Math.max(0, ms) / 60_000);
  const duration = minutes < 1 ? 'less than a minute' : minutes === 1 ? '1 min' : `${minutes} min`;
  const issue =
    session.issueNumber !== null
      ? `Session on issue #${session.issueNumber}${session.issueTitle ? ` "${session.issueTitle}"` : ''}`
      : session.issueTitle
        ? `Session on "${session.issueTitle}"`
        : 'Coaching session';
  const plan = getActivePlan(ctx.db, session.id);
  const parts: string[] = [];
  if (plan && plan.phases.length > 0) {
    const done = plan.phases.filter((p) => p.status === 'complete').length;
    parts.push(`${done} of ${plan.phases.length} phase${plan.phases.length === 1 ? '' : 's'} complete`);
    const hints = plan.phases.reduce((n, p) => n + listProgressEvents(ctx.db, p.id).filter((e) => e.eventType === 'hint_used').length, 0);
    parts.push(`${hints} hint${hints === 1 ? '' : 's'} used`);
  } else {
    parts.push('no coaching plan');
  }
  const saves = (
    ctx.db
      .prepare(`SELECT COUNT(*) AS n FROM action_log WHERE session_id = ? AND action_type = 'file_save'`)
      .get(session.id) as { n: number }
  ).n;
  parts.push(`${saves} file save${saves === 1 ? '' : 's'}`);
  const title = issue.length > 300 ? `${issue.slice(0, 299)}…` : issue;
  return `${title} ended after ${duration}: ${parts.join(', ')}. The wrap-up (memories, knowledge gaps, katas, skill assessments) runs next.`;
}

/**
 * Ending a session while its coaching pipeline writes the plan is refused (issue 23 item 4; the plan would land in an
 * ended session): `PIPELINE_RUNNING`, saying to wait for the plan (a few seconds to a minute) and end it then.
 * @throws {SessionError}-like coded error `PIPELINE_RUNNING`
 */
function refuseWhilePlanning(ctx: AppContext): void {
  const active = ctx.sessions.active();
  if (active && ctx.arc.pipelineRunning(active.id)) {
    throw Object.assign(
      new Error('The coaching pipeline is writing the plan for this session: wait until the plan is ready (usually under a minute), then end the session.'),
      { code: 'PIPELINE_RUNNING' },
    );
  }
}

/** Sends the current state to one connection after `connection:init` (DESIGN section 3 "Resync"). */
async function resync(ctx: AppContext, conn: Connection): Promise<void> {
  ctx.hub.send(conn, 'fs:tree', { root: await ctx.workspace.getTree() });
  const session = ctx.sessions.active();
  if (!session) return;
  ctx.hub.send(conn, 'session:resumed', sessionSnapshot(ctx, session));
  // After a restart the current phase's hints are rebuilt from the plan (issue 23 item 2).
  ensurePhaseHints(ctx, session);
  for (const { path, highlights } of ctx.ui.allHighlights()) {
    ctx.hub.send(conn, 'editor:highlight_lines', {
      path,
      highlights: highlights.map((h) => ({ startLine: h.start, endLine: h.end, style: h.style, ...(h.hoverText ? { hoverText: h.hoverText } : {}) })),
    });
  }
  for (const set of ctx.ui.allFileHints()) ctx.hub.send(conn, 'explorer:hint_files', set);
  for (const { path, decorations } of ctx.ui.allDecorations()) ctx.hub.send(conn, 'editor:decorations', { path, decorations });
  const progress = ctx.arc.progressOf(session.id);
  if (progress) ctx.hub.send(conn, 'coaching:pipeline_progress', progress);
}

/** Wires the lifecycle broadcasts and resync; returns the WebSocket handlers. */
export function createSessionFeature(ctx: AppContext): HandlerGroup<'session:start' | 'session:resume' | 'session:end'> {
  ctx.sessions.on('activated', (session, how, origin) => {
    if (how === 'started') {
      ctx.hub.broadcast(
        'session:started',
        {
          sessionId: session.id,
          startedAt: session.startedAt,
          issueContext: issueContextOf(session),
          phases: [],
          ...hintFields(ctx, session),
          openFiles: ctx.workspace.getOpenFiles(),
        },
        origin,
      );
      void ctx.workspace.getTree().then(
        (root) => ctx.hub.broadcast('fs:tree', { root }),
        (err: unknown) => ctx.logger.warn({ err }, 'project tree unavailable'),
      );
    } else {
      ctx.hub.broadcast('session:resumed', sessionSnapshot(ctx, session), origin);
    }
  });
  ctx.sessions.on('ended', (session, origin) => {
    ctx.ui.reset();
    ctx.hub.broadcast('editor:clear_highlights', {}, origin);
    ctx.hub.broadcast('explorer:clear_hints', {}, origin);
    let summary: string | null = null;
    try {
      summary = sessionSummary(ctx, session);
    } catch (err) {
      ctx.logger.warn({ err, sessionId: session.id }, 'session summary unavailable');
    }
    ctx.hub.broadcast(
      'session:ended',
      { sessionId: session.id, status: session.status, endedAt: session.endedAt ?? ctx.now().toISOString(), summary },
      origin,
    );
  });
  ctx.sessions.on('completed', (session, result, origin) => {
    ctx.hub.broadcast(
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
  ctx.resyncHooks.push((conn) => resync(ctx, conn));

  return {
    async 'session:start'(payload, { origin }) {
      const session = await ctx.sessions.start(payload, origin);
      // The page shows the pipeline's progress instead of a silent wait (issue 23 item 4): Claude Code explores first.
      const issue = `issue #${session.issueNumber ?? payload.issueNumber}${session.issueTitle ? ` ("${session.issueTitle.slice(0, 200)}")` : ''}`;
      reportProgress(ctx, {
        sessionId: session.id,
        stage: 'exploring',
        message: `Session started for ${issue}. Paige and Claude Code explore the codebase and plan the work with you.`,
        nextStep: `Talk to Paige in the terminal: say "Let's work on issue #${session.issueNumber ?? payload.issueNumber}" to start exploring and planning.`,
      });
    },
    async 'session:resume'({ sessionId }, { origin }) {
      await ctx.sessions.resume(sessionId, origin);
    },
    async 'session:end'(_payload, { origin }) {
      refuseWhilePlanning(ctx);
      const r = await ctx.sessions.end({ wait: false }, origin);
      if (r.alreadyEnded) throw new SessionError('NO_ACTIVE_SESSION', `No active session to end (session ${r.sessionId} already ${r.status})`);
    },
  };
}

/** Registers `paige_start_session` and `paige_end_session`. */
export function registerSessionTools(server: McpServer, ctx: AppContext): void {
  defineTool(
    server,
    ctx,
    {
      name: 'paige_start_session',
      title: 'Start coaching session',
      description:
        'Start the Paige coaching session for the current project. Call this once when a coaching conversation ' +
        'begins (the Paige plugin\'s SessionStart hook does it for you). Optionally pass the GitHub issue being ' +
        'worked on. Fails with a clear error naming the session if one is already active. Returns the new ' +
        'session id and start time.',
      input: mcpTools.paige_start_session.input,
      output: mcpTools.paige_start_session.output,
      readOnly: false,
      needsSession: false,
    },
    async (args) => {
      const s = await ctx.sessions.start(args);
      return {
        structured: { sessionId: s.id, status: 'active' as const, startedAt: s.startedAt, issueNumber: s.issueNumber, issueTitle: s.issueTitle },
        text: `Coaching session ${s.id} started${s.issueTitle ? ` for "${s.issueTitle}"` : ''}.`,
      };
    },
  );

  defineTool(
    server,
    ctx,
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
      refuseWhilePlanning(ctx);
      const r = await ctx.sessions.end({ sessionTranscript: args.sessionTranscript, wait: args.wait });
      const text = r.alreadyEnded
        ? `Session ${r.sessionId} had already ended (${r.status}); nothing to do.`
        : r.wrapUpComplete
          ? `Session ${r.sessionId} ended (${r.status}): ${r.counts.memoriesStored} memories, ${r.counts.knowledgeGaps} knowledge gaps, ${r.counts.kataSpecs} katas, ${r.counts.dreyfusUpdates} skill assessments.`
          : `Session ${r.sessionId} ended; the wrap-up is running in the background.`;
      return {
        structured: { sessionId: r.sessionId, sessionStatus: r.status, ...r.counts, errors: r.errors, pending: !r.wrapUpComplete },
        text,
      };
    },
  );
}
