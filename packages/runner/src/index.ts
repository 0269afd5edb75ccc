/**
 * @paige/runner: runs a learner's solution against a kata's tests in a child process with limits (issue 24 item 2)
 * and returns per-test results. It protects Paige and the machine from a runaway solution; it is not a sandbox for
 * untrusted code. Depends only on `@paige/protocol` (types and schemas) and esbuild (TypeScript).
 */
export { runKata } from './run-kata.js';
export type { RunKataOptions } from './run-kata.js';
export { DEFAULT_LIMITS, resolveLimits } from './limits.js';
export type { KataRunLimits } from './limits.js';
export { createRunQueue } from './queue.js';
export type { RunQueue, RunQueueOptions } from './queue.js';
export { assembleTestFile } from './harness.js';
export { RunnerError } from './errors.js';
export type { RunnerErrorCode } from './errors.js';
export type {
  KataLanguage,
  KataRunResult,
  KataRunStatus,
  KataTestResult,
  KataTests,
  KataTestCase,
} from '@paige/protocol';
