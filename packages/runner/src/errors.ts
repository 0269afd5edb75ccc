/** Error codes of {@link RunnerError}. */
export type RunnerErrorCode = 'INVALID_INPUT' | 'INVALID_LIMITS';

/**
 * The one error class of `@paige/runner`, thrown only for bad input (a request that fails its schema, a limit out of
 * range). Everything that goes wrong while running (timeouts, crashes, syntax errors, a missing interpreter) is a
 * {@link KataRunResult} status, never a thrown error.
 */
export class RunnerError extends Error {
  readonly code: RunnerErrorCode;

  constructor(code: RunnerErrorCode, message: string) {
    super(message);
    this.name = 'RunnerError';
    this.code = code;
  }
}
