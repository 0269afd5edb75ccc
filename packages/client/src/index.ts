/**
 * `@paige/client`: the typed, browser-safe client of Paige's `/ws` (DESIGN section 11). Depends on
 * `@paige/protocol` only; runs in browsers, Electron renderers and Node (with the `ws` package as `createSocket`).
 * @packageDocumentation
 */
export { createClient, connect, CLIENT_VERSION } from './client.js';
export type {
  ClientOptions,
  ConnectionInit,
  ConnectionState,
  HelloPayload,
  PaigeClient,
  ReconnectOptions,
  RequestOptions,
  SendOptions,
  ServerEventPayload,
  WebSocketLike,
} from './client.js';
export { PaigeClientError, isAbortError, isPaigeClientError } from './errors.js';
export type { PaigeClientErrorCode } from './errors.js';
export { REQUEST_REPLY_TYPES, isRequestType } from './requests.js';
export type { ReplyOf, ReplyTypeOf, RequestType } from './requests.js';
export { createBufferSync } from './buffer-sync.js';
export type {
  BufferSync,
  BufferSyncIssue,
  BufferSyncOptions,
  BufferSyncStats,
  ContentChangeEventLike,
  TextChangeLike,
  TrackDocumentOptions,
  TrackedDocument,
} from './buffer-sync.js';
