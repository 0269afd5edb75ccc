/**
 * `@paige/process`: the start-up pieces `paige` and `paige-team` share: {@link stopOnSignals} (a graceful stop on
 * SIGINT/SIGTERM with the log flushed) and {@link parseOptions} with its helpers (command-line options from one table,
 * on `node:util` `parseArgs`). Node only; no dependency.
 */
export * from './options.js';
export * from './signals.js';
