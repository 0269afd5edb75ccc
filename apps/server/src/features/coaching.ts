/**
 * The coaching pipeline and wrap-up (Story 9): the MCP tools `paige_run_coaching_pipeline` and
 * `paige_retry_wrap_up`, and {@link installCoaching}, which makes `paige_end_session` run the wrap-up agents.
 */
import type { CoachingLogAction, CoachingLogger } from '@paige/coaching';
import type { MemoryService } from '@paige/memory/service';
import { LIMITS, mcpTools } from '@paige/protocol';
import type { PaigeDatabase } from '@paige/store';
import type { Workspace } from '@paige/workspace';
import type { Logger } from '../logger.js';
import type { ToolRegistry } from '../mcp/tool-kit.js';
import type { LlmSource, LogAction } from '../parts.js';
import type { SessionService } from '../services/session-service.js';
import type { UiState } from '../services/ui-state.js';
import type { CoachingState, PipelineProgress } from '../services/coaching-state.js';
import type { Broadcaster } from '../ws/hub.js';
import { applyPhaseHints, followPhaseSuggestion } from './hints.js';

/** `@paige/coaching` (and with it the Anthropic SDK) is loaded on first use, off the start-up path. */
const coaching = () => import('@paige/coaching');

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** The parts the coaching pipeline and the wrap-up run with. */
export interface CoachingDeps {
  db: PaigeDatabase;
  llm: LlmSource;
  /** The memory (its store is `null` while Chroma is off or starting: coaching runs without memories). */
  memory: Pick<MemoryService, 'store'>;
  logger: Logger;
  logAction: LogAction;
}

/** The parts of the coaching tools. */
export interface CoachingToolsDeps extends CoachingDeps {
  sessions: Pick<SessionService, 'requireActive' | 'active' | 'invalidate'>;
  workspace: Pick<Workspace, 'getBuffer' | 'readFile'>;
  ui: UiState;
  hub: Pick<Broadcaster, 'broadcast'>;
  /** The pipeline's progress (issue 23 item 4). */
  arc: CoachingState;
}

function coachingLogger(deps: { logger: Logger }): CoachingLogger {
  const log = deps.logger.child({ component: 'coaching' });
  return { info: (obj, msg) => log.info(obj, msg), warn: (obj, msg) => log.warn(obj, msg) };
}

function coachingLogAction(deps: { logAction: LogAction }): CoachingLogAction {
  return (type, data, sessionId) => deps.logAction(type, data, sessionId);
}

/**
 * Records and broadcasts the coaching pipeline's stage (issue 23 item 4): `coaching:pipeline_progress` to every window,
 * kept for `coaching:pipeline_status` and the resync.
 */
export function reportProgress(
  deps: { arc: Pick<CoachingState, 'setProgress'>; hub: Pick<Broadcaster, 'broadcast'> },
  progress: PipelineProgress,
): void {
  deps.arc.setProgress(progress);
  deps.hub.broadcast('coaching:pipeline_progress', progress);
}

/**
 * Registers `paige_run_coaching_pipeline` and `paige_retry_wrap_up` on one MCP server.
 * - `paige_run_coaching_pipeline({ planText, issueSummary, issueNumber? })` (needs a session): runs
 *   `runCoachingPipeline` (memories from the memory service, `null` when ChromaDB is off), logs `coaching_pipeline_run`,
 *   broadcasts `coaching:plan_ready`, applies the first phase's hints and returns the plan summary
 *   `{ planId, phases[{ number, title, description, hintLevel }], memoryConnection, estimatedDifficulty }`.
 *   A coach failure is an MCP error and nothing is stored (primary Story 9 AS-3).
 * - `paige_retry_wrap_up({ sessionId, agent? })`: re-runs the failed agents (or `agent`) from the stored
 *   transcript and returns `{ sessionId, sessionStatus, retried, errors, knowledgeGaps, kataSpecs,
 *   dreyfusUpdates, memoriesStored }` where the counts are what the retried agents stored and `errors` the
 *   errors still on record; when an agent ran, the new status is written and `session:completed` broadcast.
 * @see primary Story 9
 */
export function defineCoachingTools(tools: ToolRegistry, deps: CoachingToolsDeps): void {
  tools.define(
    {
      name: 'paige_run_coaching_pipeline',
      title: 'Run coaching pipeline',
      description:
        'After you have planned the work with the learner, pass your plan here. Paige turns it into phased, ' +
        "Dreyfus-calibrated coaching (phases, file and line hints) using the learner's skill assessments and past " +
        'sessions, stores it, and shows it in the editor. Returns the plan summary.',
      input: mcpTools.paige_run_coaching_pipeline.input,
      output: mcpTools.paige_run_coaching_pipeline.output,
      readOnly: false,
      needsSession: true,
      summarize: (a) => ({ planChars: a.planText.length, issueNumber: a.issueNumber }),
    },
    async (args, call) => {
      const session = call.session ?? deps.sessions.requireActive();
      if (deps.arc.pipelineRunning(session.id)) {
        throw Object.assign(
          new Error(
            'The coaching pipeline is already writing a plan for this session: wait for it to finish.',
          ),
          { code: 'ALREADY_IN_PROGRESS' },
        );
      }
      reportProgress(deps, {
        sessionId: session.id,
        stage: 'planning',
        message: 'Paige is turning the plan into coaching phases (a few seconds to a minute).',
      });
      let result: Awaited<ReturnType<Awaited<ReturnType<typeof coaching>>['runCoachingPipeline']>>;
      try {
        result = await runPipeline();
      } catch (err) {
        reportProgress(deps, {
          sessionId: session.id,
          stage: 'failed',
          message: 'The coaching plan could not be written; the session is still active.',
          nextStep: 'Ask Paige in the terminal to try planning again.',
          error: clip(
            err instanceof Error && err.message ? err.message : 'the coaching pipeline failed',
            LIMITS.errorMessage,
          ),
        });
        throw err;
      }
      async function runPipeline() {
        const llm = await deps.llm();
        return (await coaching()).runCoachingPipeline({
          database: deps.db,
          llm,
          memory: deps.memory.store(),
          session,
          input: {
            planText: args.planText,
            issueSummary: args.issueSummary,
            issueNumber: args.issueNumber ?? null,
          },
          logger: coachingLogger(deps),
          logAction: coachingLogAction(deps),
          // The guard lets hover texts and phase descriptions quote the learner's files (issue 20 item 7).
          readLearnerFile: async (path) => {
            const buffer = await deps.workspace.getBuffer(path).catch(() => null);
            if (buffer) return buffer.content;
            return (await deps.workspace.readFile(path).catch(() => null))?.content ?? null;
          },
          signal: call.signal,
        });
      }
      const { plan } = result;
      const phases = plan.phases.map((p) => ({
        id: p.id,
        number: p.number,
        title: clip(p.title, LIMITS.label),
        description: clip(p.description, LIMITS.prose),
        status: p.status,
        hintLevel: p.hintLevel ?? session.hintLevel,
        expectedFiles: p.expectedFiles.slice(0, LIMITS.list),
      }));
      const memoryConnection =
        plan.memoryConnection === null ? null : clip(plan.memoryConnection, LIMITS.prose);
      deps.hub.broadcast('coaching:plan_ready', {
        planId: plan.id,
        phases,
        memoryConnection,
        estimatedDifficulty: result.estimatedDifficulty,
      });
      // The first phase's level is the coach's suggestion (followed unless the learner chose); its hints are shown.
      const current = followPhaseSuggestion(deps, deps.sessions.active() ?? session);
      const applied = applyPhaseHints(deps, plan.phases[0], current.hintLevel);
      const first = plan.phases[0];
      reportProgress(deps, {
        sessionId: session.id,
        stage: 'coaching',
        message: `Coaching plan ready: ${plan.phases.length} phase${plan.phases.length === 1 ? '' : 's'}.`,
        nextStep: clip(
          `Talk to Paige in the terminal: ask her to start phase 1${first ? ` ("${first.title}")` : ''}; the files to look at glow in the explorer.`,
          LIMITS.prose,
        ),
      });
      const structured = {
        planId: plan.id,
        phases: phases.map((p) => ({
          number: p.number,
          title: p.title,
          description: p.description,
          hintLevel: p.hintLevel,
        })),
        memoryConnection,
        estimatedDifficulty: result.estimatedDifficulty,
      };
      const text =
        `Coaching plan ${plan.id} stored (${result.estimatedDifficulty}): ` +
        phases.map((p) => `${p.number}. ${p.title} [hints ${p.hintLevel}]`).join('; ') +
        `. Phase 1 hints shown: ${applied.lines} line range(s), ${applied.files} file(s). ` +
        `Memories: ${result.memoriesUsed} of ${result.memoriesRetrieved} used.`;
      return { structured, text };
    },
  );

  tools.define(
    {
      name: 'paige_retry_wrap_up',
      title: 'Retry session wrap-up',
      description:
        'Re-run the wrap-up agents that failed for an ended session (or only the named agent) from its stored ' +
        'transcript. Call it when paige_end_session (or session:completed) reported errors. Returns the counts of ' +
        'what the retried agents stored, the errors still on record and the session status.',
      input: mcpTools.paige_retry_wrap_up.input,
      output: mcpTools.paige_retry_wrap_up.output,
      readOnly: false,
      needsSession: false,
    },
    async (args, call) => {
      const llm = await deps.llm();
      const result = await (
        await coaching()
      ).retryWrapUp({
        database: deps.db,
        llm,
        memory: deps.memory.store(),
        sessionId: args.sessionId,
        agent: args.agent,
        logger: coachingLogger(deps),
        logAction: coachingLogAction(deps),
        signal: call.signal,
      });
      const errors = result.errors.map((e) => ({
        agent: e.agent,
        message: clip(e.message, LIMITS.errorMessage),
      }));
      if (
        result.retried.length > 0 &&
        (result.sessionStatus === 'completed' || result.sessionStatus === 'completed_with_errors')
      ) {
        deps.hub.broadcast('session:completed', {
          sessionId: result.sessionId,
          status: result.sessionStatus,
          ...result.counts,
          ...(errors.length ? { errors } : {}),
        });
      }
      const structured = {
        sessionId: result.sessionId,
        sessionStatus: result.sessionStatus,
        retried: result.retried,
        errors,
        ...result.counts,
      };
      const text =
        result.retried.length === 0
          ? `Nothing to retry: session ${result.sessionId} has no failed wrap-up agents (status ${result.sessionStatus}).`
          : `Retried ${result.retried.join(', ')}: stored ${result.counts.knowledgeGaps} gaps, ${result.counts.kataSpecs} katas, ` +
            `${result.counts.dreyfusUpdates} assessments, ${result.counts.memoriesStored} memories. Status ${result.sessionStatus}` +
            (errors.length
              ? `; still failing: ${errors.map((e) => `${e.agent} (${e.message})`).join('; ')}`
              : '') +
            '.';
      return { structured, text };
    },
  );
}

/**
 * Installs the wrap-up runner: `paige_end_session` (and `session:end`) then run the three wrap-up agents of
 * `@paige/coaching` on the ended session. Call once from the server composition.
 * @see primary Story 9 AS-4..AS-6
 */
export function installCoaching(
  deps: CoachingDeps & { sessions: Pick<SessionService, 'setWrapUpRunner'> },
): void {
  deps.sessions.setWrapUpRunner(async (session, transcript) => {
    const llm = await deps.llm();
    return (await coaching()).runWrapUp({
      database: deps.db,
      llm,
      memory: deps.memory.store(),
      session,
      transcript,
      logger: coachingLogger(deps),
      logAction: coachingLogAction(deps),
    });
  });
}
