/** Error codes of {@link ObserverError}. */
export type ObserverErrorCode = 'INVALID_SETTINGS' | 'OBSERVER_STOPPED';

/**
 * The one error class of `@paige/observer`. `code` is `INVALID_SETTINGS` (a setting is not a finite number in
 * range) or `OBSERVER_STOPPED` (`start()` after `stop()`: an Observer lives for one session).
 */
export class ObserverError extends Error {
  readonly code: ObserverErrorCode;

  constructor(code: ObserverErrorCode, message: string) {
    super(message);
    this.name = 'ObserverError';
    this.code = code;
  }
}
