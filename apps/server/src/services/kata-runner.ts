/**
 * The kata runner part (issue 24): `@paige/runner`'s `runKata` behind a small queue (two runs at once on this
 * machine's few cores; a waiting run learns its place). Runs make no model call and are not budgeted (DESIGN section 3
 * "Practice runs before it is judged"). `stop()` cancels every run, so no child outlives the server. `@paige/runner`
 * (and esbuild) is imported on the first run, off the start-up path.
 */
import type { KataRunLimits, RunQueue, runKata as RunKata } from '@paige/runner';
import type { KataRunResult, KataTests } from '@paige/protocol';

/** Options of {@link createKataRunner}. */
export interface KataRunnerOptions {
  /** Runs at once (default 2). */
  concurrency?: number;
  /** Runs waiting at most before `RUN_QUEUE_FULL` (default 20). */
  maxWaiting?: number;
  /** Limits over the runner's defaults (10 s, 512 MiB, 1 MiB of output). */
  limits?: Partial<KataRunLimits>;
}

/** One run request. */
export interface KataRunRequest {
  tests: KataTests;
  code: string;
  signal?: AbortSignal;
  /** Called at once when the run must wait; `position` 1 is the next to start. */
  onQueued?: (position: number) => void;
}

/** The runner part the features receive. */
export interface KataRunner {
  /**
   * Runs `code` against `tests`. Resolves with a result for whatever the solution does (`cancelled` when the signal
   * aborts, even while waiting).
   * @throws Error with `code: 'RUN_QUEUE_FULL'` when too many runs wait.
   */
  run(request: KataRunRequest): Promise<KataRunResult>;
  /** Cancels every run going or waiting (shutdown). */
  stop(): void;
}

const cancelled = (language: KataTests['language']): KataRunResult => ({
  status: 'cancelled',
  language,
  tests: [],
  message: 'The run was cancelled.',
  stdout: '',
  stderr: '',
  outputTruncated: false,
  durationMs: 0,
});

/** Creates the {@link KataRunner} part. */
export function createKataRunner(options: KataRunnerOptions = {}): KataRunner {
  let loaded: Promise<{ queue: RunQueue; runKata: typeof RunKata }> | undefined;
  const load = () =>
    (loaded ??= import('@paige/runner').then((m) => ({
      queue: m.createRunQueue({
        concurrency: options.concurrency ?? 2,
        maxWaiting: options.maxWaiting ?? 20,
      }),
      runKata: m.runKata,
    })));
  const all = new AbortController();
  return {
    async run({ tests, code, signal, onQueued }) {
      const signals = [all.signal, ...(signal ? [signal] : [])];
      const combined = AbortSignal.any(signals);
      if (combined.aborted) return cancelled(tests.language);
      const { queue, runKata } = await load();
      try {
        return await queue.run(
          () =>
            runKata({
              language: tests.language,
              solution: code,
              tests,
              signal: combined,
              ...(options.limits ? { limits: options.limits } : {}),
            }),
          {
            signal: combined,
            ...(onQueued ? { onQueued } : {}),
          },
        );
      } catch (err) {
        if (combined.aborted) return cancelled(tests.language);
        if (
          err instanceof Error &&
          'code' in err &&
          err.code === 'INVALID_INPUT' &&
          /too many runs waiting/.test(err.message)
        ) {
          throw Object.assign(new Error('Too many practice runs are waiting. Try again in a moment.'), {
            code: 'RUN_QUEUE_FULL',
          });
        }
        throw err;
      }
    },
    stop() {
      all.abort();
    },
  };
}
