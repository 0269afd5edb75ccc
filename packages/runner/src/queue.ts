/**
 * A small queue bounding how many runs go at once (the machine has few cores): runs past `concurrency` wait in
 * order, and the caller learns their place so it can tell the learner (issue 24 "Bad input and failure": two runs at
 * once from two windows are both answered, or the second is queued with a notice).
 */
import { RunnerError } from './errors.js';

export interface RunQueueOptions {
  /** Runs at once (default 2). */
  concurrency?: number;
  /** Runs waiting at most; one more is refused (default 20). */
  maxWaiting?: number;
}

export interface RunQueue {
  /**
   * Runs `task` when a slot is free. `onQueued(position)` is called at once when it must wait (1 = next).
   * An aborted `signal` removes a waiting task; it rejects with the signal's reason.
   * @throws RunnerError `INVALID_INPUT` (as a rejection) when `maxWaiting` tasks already wait.
   */
  run<T>(
    task: () => Promise<T>,
    opts?: { onQueued?: (position: number) => void; signal?: AbortSignal },
  ): Promise<T>;
  /** Runs going now. */
  readonly active: number;
  /** Runs waiting. */
  readonly waiting: number;
}

/** Creates a {@link RunQueue}. */
export function createRunQueue(options: RunQueueOptions = {}): RunQueue {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 2));
  const maxWaiting = Math.max(0, Math.floor(options.maxWaiting ?? 20));
  let active = 0;
  const waiting: Array<() => void> = [];

  const release = (): void => {
    active -= 1;
    const next = waiting.shift();
    if (next) next();
  };

  return {
    get active() {
      return active;
    },
    get waiting() {
      return waiting.length;
    },
    run<T>(
      task: () => Promise<T>,
      opts: { onQueued?: (position: number) => void; signal?: AbortSignal } = {},
    ): Promise<T> {
      const start = (): Promise<T> => {
        active += 1;
        return task().finally(release);
      };
      if (active < concurrency) return start();
      if (waiting.length >= maxWaiting)
        return Promise.reject(new RunnerError('INVALID_INPUT', `too many runs waiting (${maxWaiting})`));
      return new Promise<T>((resolve, reject) => {
        const go = (): void => {
          opts.signal?.removeEventListener('abort', onAbort);
          start().then(resolve, reject);
        };
        const onAbort = (): void => {
          const i = waiting.indexOf(go);
          if (i >= 0) waiting.splice(i, 1);
          reject(opts.signal?.reason ?? new Error('aborted'));
        };
        waiting.push(go);
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        opts.onQueued?.(waiting.length);
      });
    },
  };
}
