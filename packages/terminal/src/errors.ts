/** The one error class of `@paige/terminal`. */

/**
 * Why a terminal operation failed:
 * - `PTY_EXITED`: input or a resize reached a session whose process has ended;
 * - `INVALID_SIZE`: a size outside 1..{@link TERMINAL_LIMITS}`.maxCols` x 1..`maxRows`, or not an integer;
 * - `SPAWN_FAILED`: the PTY or the command could not be started (missing `cwd`, no such executable, ...);
 * - `MANAGER_CLOSED`: `spawn` after `close()`;
 * - `WATCHDOG_MISSING`: the package's `watchdog.sh` is not there (a broken install).
 */
export type TerminalErrorCode =
  'PTY_EXITED' | 'INVALID_SIZE' | 'SPAWN_FAILED' | 'MANAGER_CLOSED' | 'WATCHDOG_MISSING';

export class TerminalError extends Error {
  override readonly name = 'TerminalError';
  constructor(
    readonly code: TerminalErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Size bounds in character cells (the `/pty` protocol uses the same numbers). */
export const TERMINAL_LIMITS = { maxCols: 1000, maxRows: 500 } as const;

/**
 * Checks a terminal size.
 * @throws TerminalError `INVALID_SIZE` unless both are integers with 1 <= cols <= 1000 and 1 <= rows <= 500.
 */
export function assertTerminalSize(cols: number, rows: number): void {
  const ok = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!ok(cols, TERMINAL_LIMITS.maxCols) || !ok(rows, TERMINAL_LIMITS.maxRows)) {
    throw new TerminalError(
      'INVALID_SIZE',
      `invalid terminal size ${String(cols)}x${String(rows)}: columns must be 1..${TERMINAL_LIMITS.maxCols} and rows 1..${TERMINAL_LIMITS.maxRows}`,
    );
  }
}
