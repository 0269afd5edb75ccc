/**
 * The graceful stop of a long-running command (`paige`, `paige-team`): the first SIGINT or SIGTERM stops the server
 * and exits once the log is flushed; a second one exits at once. DESIGN section 5 ("clean SIGTERM") and issue 26
 * item 1 ("clean SIGTERM, logs like the learner's server").
 */

/** What {@link stopOnSignals} stops: `stop()` closes listeners, children and the database, and resolves when done. */
export interface StoppableServer {
  stop(): Promise<void>;
}

/** The logger calls {@link stopOnSignals} makes (a pino `Logger` fits). */
export interface ShutdownLogger {
  info(objOrMsg: object | string, msg?: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  /** Writes what is buffered, then calls `cb` (pino's `flush`). */
  flush(cb: (err?: Error) => void): void;
}

/** Options of {@link stopOnSignals}. */
export interface StopOnSignalsOptions {
  /** The signals to handle (default `['SIGINT', 'SIGTERM']`). */
  signals?: readonly NodeJS.Signals[];
  /** Ends the process (default `process.exit`). */
  exit?: (code: number) => void;
}

/**
 * Installs SIGINT/SIGTERM handlers on `process`. The first signal logs `shutdown requested` (with `signal`), awaits
 * `server.stop()`, logs `shutdown complete` and exits 0 after `logger.flush`; a `stop()` that rejects logs
 * `shutdown failed` (with `err`) and exits 1 after the flush. A second signal while stopping logs
 * `second signal: exiting now` and exits 1 at once (a stuck stop never holds the terminal).
 * @returns a function that removes the handlers.
 */
export function stopOnSignals(
  server: StoppableServer,
  logger: ShutdownLogger,
  opts: StopOnSignalsOptions = {},
): () => void {
  const signals = opts.signals ?? ['SIGINT', 'SIGTERM'];
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutdown requested');
    server.stop().then(
      () => {
        logger.info('shutdown complete');
        logger.flush(() => exit(0));
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        logger.flush(() => exit(1));
      },
    );
  };
  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}
