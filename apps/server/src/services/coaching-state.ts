/**
 * In-memory state of a session's arc (issue 23 items 2 and 4): the coaching pipeline's progress per session, the
 * sessions whose wrap-up still runs, and the one-at-a-time guards of Review My Work and the manager summary. Not
 * persisted: after a restart nothing runs.
 */
import type { ServerPayload } from '@paige/protocol';

/** The `coaching:pipeline_progress` payload. */
export type PipelineProgress = ServerPayload<'coaching:pipeline_progress'>;

/** See the module comment. */
export class CoachingState {
  private readonly progress = new Map<string, PipelineProgress>();
  private readonly wrapping = new Set<string>();
  private readonly busy = new Set<string>();

  /** Records the pipeline's latest stage for its session (what `coaching:pipeline_status` answers). */
  setProgress(progress: PipelineProgress): void {
    this.progress.set(progress.sessionId, progress);
  }

  /** The latest stage of `sessionId`'s pipeline, or undefined when none ran in this process. */
  progressOf(sessionId: string): PipelineProgress | undefined {
    return this.progress.get(sessionId);
  }

  /** True while the coach agent of `sessionId` runs (stage `planning`): `session:end` is refused meanwhile. */
  pipelineRunning(sessionId: string): boolean {
    return this.progress.get(sessionId)?.stage === 'planning';
  }

  /** Marks the wrap-up of `sessionId` as running (true) or finished (false). */
  setWrapping(sessionId: string, running: boolean): void {
    if (running) this.wrapping.add(sessionId);
    else this.wrapping.delete(sessionId);
  }

  /** True while the wrap-up agents of `sessionId` run. */
  isWrapping(sessionId: string): boolean {
    return this.wrapping.has(sessionId);
  }

  /**
   * Claims `key` (e.g. `review` or `summary:<sessionId>`) for one request: false when it is already claimed (the
   * second request is answered `ALREADY_IN_PROGRESS`). Release with {@link CoachingState.release}.
   */
  claim(key: string): boolean {
    if (this.busy.has(key)) return false;
    this.busy.add(key);
    return true;
  }

  release(key: string): void {
    this.busy.delete(key);
  }
}
