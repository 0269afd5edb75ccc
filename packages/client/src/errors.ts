/** The one error class of `@paige/client`, with a string `code` (STYLE 7). */

/**
 * Why a client operation failed.
 *
 * - `REQUEST_TIMEOUT`: no reply echoing the request's `id` arrived within the timeout.
 * - `CONNECTION_LOST`: the socket dropped after the request was sent; the server may or may not have handled it.
 * - `CONNECTION_CLOSED`: `close()` was called (or the client gave up reconnecting) before a reply came.
 * - `HANDSHAKE_FAILED`: the server refused `connection:hello` (`connection:error`); retrying would not help.
 * - `QUEUE_OVERFLOW`: the request waited in the offline queue and was pushed out by newer messages.
 * - `INVALID_MESSAGE`: the outgoing payload breaks the protocol's schema (a bug in the caller; nothing was sent).
 * - `INVALID_REPLY`: the reply echoing the request's `id` failed the protocol's validation.
 * - `REQUEST_ABORTED`: the request's `AbortSignal` aborted before a reply came (`cause` is the signal's reason);
 *   the server may or may not have handled it. {@link isAbortError} tells it apart.
 * - `NO_WEBSOCKET`: no `createSocket` was given and `globalThis.WebSocket` does not exist (Node 20: pass `ws`).
 */
export type PaigeClientErrorCode =
  | 'REQUEST_TIMEOUT'
  | 'CONNECTION_LOST'
  | 'CONNECTION_CLOSED'
  | 'HANDSHAKE_FAILED'
  | 'QUEUE_OVERFLOW'
  | 'INVALID_MESSAGE'
  | 'INVALID_REPLY'
  | 'REQUEST_ABORTED'
  | 'NO_WEBSOCKET';

/** Thrown by `send`, and the rejection of `connect` and `request`. Never carries a stack from the server. */
export class PaigeClientError extends Error {
  override readonly name = 'PaigeClientError';
  readonly code: PaigeClientErrorCode;
  /** The message type the failing call was about, when there was one. */
  readonly type: string | undefined;
  /** The request `id`, for request failures. */
  readonly requestId: string | undefined;

  constructor(
    code: PaigeClientErrorCode,
    message: string,
    details: { type?: string; requestId?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.type = details.type;
    this.requestId = details.requestId;
  }
}

/** True when `err` is a {@link PaigeClientError}, optionally of one of `codes`. */
export function isPaigeClientError(err: unknown, ...codes: PaigeClientErrorCode[]): err is PaigeClientError {
  return err instanceof PaigeClientError && (codes.length === 0 || codes.includes(err.code));
}

/** True when `err` is the rejection of a request whose `AbortSignal` aborted (code `REQUEST_ABORTED`). */
export function isAbortError(err: unknown): err is PaigeClientError {
  return isPaigeClientError(err, 'REQUEST_ABORTED');
}
