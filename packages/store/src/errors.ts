/** Errors thrown by `@paige/store`. */

/**
 * Codes carried by {@link StoreError}:
 * - `SCHEMA_TOO_NEW`: the database was written by a newer Paige (unknown migrations); it is never downgraded.
 * - `OPEN_FAILED`: the file could not be opened or is not a usable SQLite database (Story 2 EC-06).
 * - `NOT_FOUND`: a referenced session, plan, phase, gap or kata does not exist.
 * - `INVALID_INPUT`: input failed validation (enum value, JSON column shape, ...).
 * - `ILLEGAL_PHASE_TRANSITION`, `PHASE_NOT_FOUND`, `NO_ACTIVE_PLAN`: see {@link PhaseTransitionError}.
 */
export type StoreErrorCode =
  | 'SCHEMA_TOO_NEW'
  | 'OPEN_FAILED'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'ILLEGAL_PHASE_TRANSITION'
  | 'PHASE_NOT_FOUND'
  | 'NO_ACTIVE_PLAN';

/** The one error class of this package; `code` says what went wrong. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/**
 * A phase status change the lifecycle forbids (`pending -> active -> complete` only, one `active` per plan,
 * no skipping, no re-activation), or a missing phase / active plan. Nothing is written when it is thrown.
 * @see Story 6 "Phase Status Lifecycle"
 */
export class PhaseTransitionError extends StoreError {
  constructor(code: 'ILLEGAL_PHASE_TRANSITION' | 'PHASE_NOT_FOUND' | 'NO_ACTIVE_PLAN', message: string) {
    super(code, message);
    this.name = 'PhaseTransitionError';
  }
}
