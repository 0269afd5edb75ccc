/**
 * Explain This and Review My Work (Story 11, issue 10 item 1). `user:explain` reads ±50 lines of the live buffer,
 * the most relevant Dreyfus stage (default novice) and the active phase, and answers `explain:response` or
 * `explain:error` (echoing the request id). `user:review` reviews the work of the active phase with
 * `@paige/coaching`'s `reviewWork` and answers `review:response { review, suggestions, references, hintLevel }`
 * (references confined to existing project files; issue 23 item 2) or `review:error` (one at a time:
 * `ALREADY_IN_PROGRESS`). Both are optional model calls:
 * the daily budget (`@paige/coaching/budget`) is checked first. Both answers pass the solution-leak guard at the hint
 * level in force, with the learner's open files as the code they may quote (issue 20 item 7).
 */
import {
  explainSelection,
  reviewCandidatePaths,
  reviewWork,
  REVIEW_MAX_FILES,
  toUserFacingError,
} from '@paige/coaching';
import type { Budget } from '@paige/coaching/budget';
import { listDreyfusAssessments, type PaigeDatabase } from '@paige/store';
import { WorkspaceError, type Workspace } from '@paige/workspace';
import type { Logger } from '../logger.js';
import type { LlmSource, LogAction } from '../parts.js';
import type { CoachingState } from '../services/coaching-state.js';
import type { SessionService } from '../services/session-service.js';
import type { ServerGuard } from './guard.js';
import { activePhase } from './shared.js';
import type { HandlerGroup } from './types.js';

/** The parts of Explain This and Review My Work. */
export interface ExplainFeatureDeps {
  workspace: Pick<
    Workspace,
    'getBuffer' | 'readFile' | 'detectLanguage' | 'getDirtyPaths' | 'getOpenFiles' | 'getDiff'
  >;
  sessions: Pick<SessionService, 'active'>;
  db: PaigeDatabase;
  llm: LlmSource;
  budget: Pick<Budget, 'assertAllows'>;
  guard: ServerGuard;
  logAction: LogAction;
  logger: Logger;
  /** One review at a time (issue 23 item 2). */
  arc: Pick<CoachingState, 'claim' | 'release'>;
}

export function createExplainFeature(deps: ExplainFeatureDeps): HandlerGroup<'user:explain' | 'user:review'> {
  /** The live buffer, else the file on disk, else null. */
  async function readLive(path: string): Promise<string | null> {
    const buffer = await deps.workspace.getBuffer(path).catch(() => null);
    if (buffer) return buffer.content;
    const file = await deps.workspace.readFile(path).catch(() => null);
    return file?.content ?? null;
  }

  /**
   * Why an Explain request cannot be answered, before any model call: an empty (or whitespace-only) selection
   * (issue 20 item 4, EC-74), or a binary file (EC-75: "Cannot explain binary files"). `null` = go ahead.
   */
  async function refuseExplain(
    path: string,
    selectedText: string,
  ): Promise<{ error: string; code: 'INVALID_PAYLOAD' | 'BINARY_FILE' } | null> {
    if (selectedText.trim().length === 0) {
      return {
        error: 'Nothing is selected: select the code you want explained, then choose "Explain This" again.',
        code: 'INVALID_PAYLOAD',
      };
    }
    const binary = {
      error: 'Cannot explain binary files: Explain This works on text source files.',
      code: 'BINARY_FILE' as const,
    };
    if (selectedText.includes('\0')) return binary;
    if (await deps.workspace.getBuffer(path).catch(() => null)) return null;
    try {
      await deps.workspace.readFile(path);
    } catch (err) {
      if (err instanceof WorkspaceError && err.code === 'BINARY_FILE') return binary;
    }
    return null;
  }

  return {
    async 'user:explain'(payload, { reply }) {
      const session = deps.sessions.active();
      deps.logAction('user_explain_request', { path: payload.path, range: payload.range });
      const refused = await refuseExplain(payload.path, payload.selectedText);
      if (refused) {
        deps.logAction('explain_completed', {
          path: payload.path,
          model: 'none',
          latency_ms: 0,
          success: false,
          error: refused.error,
        });
        reply('explain:error', { path: payload.path, ...refused });
        return;
      }
      const started = Date.now();
      let model = 'sonnet';
      try {
        deps.budget.assertAllows('explain_this');
        const llm = await deps.llm();
        model = llm.resolveModel('sonnet');
        const phase = session ? activePhase(deps.db, session.id) : null;
        const result = await explainSelection(
          llm,
          {
            path: payload.path,
            range: payload.range,
            selectedText: payload.selectedText,
            language: payload.language ?? (await deps.workspace.detectLanguage(payload.path)),
            content: await readLive(payload.path),
            clientContext: payload.surroundingContext ?? null,
            assessments: listDreyfusAssessments(deps.db),
            phase: phase
              ? { number: phase.number, title: phase.title, description: phase.description }
              : null,
            hintLevel: deps.guard.hintLevel(),
            otherLearnerCode: await deps.guard.learnerCode(),
          },
          { sessionId: session?.id ?? null },
        );
        deps.guard.log(result.solutionGuard);
        deps.logAction('explain_completed', {
          path: payload.path,
          model: result.model,
          latency_ms: Math.round(result.latencyMs),
          success: true,
          stage: result.stage,
        });
        reply('explain:response', result.payload);
      } catch (err) {
        const failure = toUserFacingError(err, 'Could not explain this code');
        deps.logger.warn({ err, path: payload.path }, 'explain this failed');
        deps.logAction('explain_completed', {
          path: payload.path,
          model,
          latency_ms: Date.now() - started,
          success: false,
          error: failure.message,
        });
        reply('explain:error', {
          path: payload.path,
          error: failure.message,
          ...(failure.code ? { code: failure.code } : {}),
        });
      }
    },

    async 'user:review'(_payload, { reply }) {
      const session = deps.sessions.active();
      deps.logAction('review_requested', {});
      if (!session) {
        reply('review:error', {
          error: 'Start a coaching session first: "Review My Work" reviews the work of the current phase.',
          code: 'NO_ACTIVE_SESSION',
        });
        return;
      }
      // One review at a time (issue 23 item 2): a second request while one runs is refused; the first still answers.
      if (!deps.arc.claim('review')) {
        reply('review:error', {
          error: 'A review of your work is already running; its answer will appear in a moment.',
          code: 'ALREADY_IN_PROGRESS',
        });
        return;
      }
      const started = Date.now();
      let model = 'sonnet';
      try {
        deps.budget.assertAllows('review_my_work');
        const phase = activePhase(deps.db, session.id);
        const paths = reviewCandidatePaths({
          dirty: deps.workspace.getDirtyPaths(),
          expected: phase?.expectedFiles ?? [],
          open: deps.workspace.getOpenFiles(),
        });
        const files: Array<{ path: string; content: string }> = [];
        for (const path of paths) {
          if (files.length >= REVIEW_MAX_FILES) break;
          const content = await readLive(path);
          if (content !== null) files.push({ path, content });
        }
        const llm = await deps.llm();
        model = llm.resolveModel('sonnet');
        const hintLevel = deps.guard.hintLevel();
        const result = await reviewWork(
          llm,
          {
            phase,
            issueTitle: session.issueTitle,
            files,
            diffs: await deps.workspace.getDiff().catch(() => []),
            assessments: listDreyfusAssessments(deps.db),
            hintLevel,
            knownCode: await deps.guard.learnerCode(paths),
            // References must point into existing files of PROJECT_DIR (the workspace confines and reads them).
            lineCount: async (path) => {
              const text = await readLive(path);
              return text === null ? null : text.split(/\r\n|\r|\n/).length;
            },
          },
          { sessionId: session.id },
        );
        deps.logAction('review_completed', {
          kataId: phase?.id ?? session.id,
          passed: result.passed,
          model: result.model,
          latency_ms: Math.round(result.latencyMs),
          success: true,
          scope: 'session',
          references: result.payload.references.length,
          droppedReferences: result.droppedReferences,
          hintLevel,
        });
        deps.guard.log(result.solutionGuard, session.id);
        reply('review:response', result.payload);
      } catch (err) {
        const failure = toUserFacingError(err, 'Could not review your work');
        deps.logger.warn({ err }, 'review my work failed');
        deps.logAction('review_completed', {
          kataId: session.id,
          model,
          latency_ms: Date.now() - started,
          success: false,
          error: failure.message,
          scope: 'session',
        });
        reply('review:error', { error: failure.message, ...(failure.code ? { code: failure.code } : {}) });
      } finally {
        deps.arc.release('review');
      }
    },
  };
}
