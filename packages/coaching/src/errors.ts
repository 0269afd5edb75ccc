/**
 * The one error class of `@paige/coaching` (STYLE "Errors": one class per package with a string `code`).
 */

/**
 * Error codes raised by this package.
 * - `GH_NOT_FOUND`: the `gh` executable is missing (spawn `ENOENT`). @see Story 12 AS-11
 * - `GH_NOT_AUTHENTICATED`: `gh` exited because it has no credentials (exit code 4 or a `gh auth login` hint).
 * - `GH_TIMEOUT`: `gh` did not finish within the configured time and was killed.
 * - `GH_FAILED`: any other `gh` failure (non-zero exit, missing project directory, not a GitHub repository...).
 * - `GH_INVALID_OUTPUT`: `gh` printed something that is not the expected `--json` array.
 * - `EMPTY_PLAN`: the coach agent replied with no phases (nothing is stored). @see primary Story 9 AS-3
 * - `SESSION_NOT_FOUND`: `retryWrapUp` was given an unknown session id.
 * - `SESSION_NOT_ENDED`: `retryWrapUp` was given a session that is still active.
 */
export type CoachingErrorCode =
  | 'GH_NOT_FOUND'
  | 'GH_NOT_AUTHENTICATED'
  | 'GH_TIMEOUT'
  | 'GH_FAILED'
  | 'GH_INVALID_OUTPUT'
  | 'EMPTY_PLAN'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_NOT_ENDED';

/**
 * Error thrown by `@paige/coaching`. `message` is readable by a user (the server forwards it, e.g. in
 * `dashboard:issues_error`); `cause` keeps the underlying error for logs.
 */
export class CoachingError extends Error {
  /** Machine-readable reason; see {@link CoachingErrorCode}. */
  readonly code: CoachingErrorCode;

  constructor(code: CoachingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CoachingError';
    this.code = code;
  }
}

/** Type guard for {@link CoachingError}, optionally for one code. */
export function isCoachingError(value: unknown, code?: CoachingErrorCode): value is CoachingError {
  return value instanceof CoachingError && (code === undefined || value.code === code);
}
