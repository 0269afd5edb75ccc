/**
 * The error class of `@paige/memory`. Memory operations (`addMemories`, `queryMemories`) never throw: they degrade
 * and log. A {@link MemoryError} is thrown only where a caller must act on it: a collection built with another
 * embedding function (from `connect()`), bad options, and a local Chroma that cannot be started.
 *
 * @see Story 8 (degradation: operations never crash the server)
 */

/** Stable codes carried by {@link MemoryError.code}. */
export type MemoryErrorCode =
  /** The collection was built with another embedding function name or dimension (or another distance space). */
  | 'EMBEDDING_MISMATCH'
  /** An option is out of range or malformed (bad URL, dimension, limit, ...). */
  | 'INVALID_OPTIONS'
  /** The `chromadb` package's CLI (`dist/cli.mjs`) or the watchdog script could not be found. */
  | 'CHROMA_CLI_NOT_FOUND'
  /** The requested Chroma port is already taken by another process. */
  | 'CHROMA_PORT_IN_USE'
  /** The Chroma child process exited before answering its heartbeat. */
  | 'CHROMA_START_FAILED'
  /** The Chroma child process did not answer `GET /api/v2/heartbeat` within `readyTimeoutMs`. */
  | 'CHROMA_START_TIMEOUT'
  /** A Chroma request took longer than `requestTimeoutMs` (internal: logged, never thrown to callers). */
  | 'CHROMA_TIMEOUT';

/** Options of the {@link MemoryError} constructor. */
export interface MemoryErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Every error thrown by `@paige/memory`: `{ name: 'MemoryError', code, message, cause? }`.
 * @see Story 8
 */
export class MemoryError extends Error {
  readonly code: MemoryErrorCode;

  constructor(code: MemoryErrorCode, message: string, options: MemoryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MemoryError';
    this.code = code;
  }
}
