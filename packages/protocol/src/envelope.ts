/**
 * The WebSocket envelope and the wire error codes (DESIGN section 3, Story 5).
 *
 * Every message is `{ type, payload, id?, timestamp? }`. A client may set `id` on any message; every reply
 * the server sends because of it echoes that `id`. Server messages always carry `timestamp` (ISO 8601).
 */
import { z } from 'zod';
import { IsoTimestampSchema } from './common.js';

/** Version of this wire contract, sent in `connection:init.capabilities.protocolVersion`. */
export const PROTOCOL_VERSION = '1.0.0';

/** Correlation id chosen by the client (1..128 chars); replies echo it (DESIGN section 3). */
export const MessageIdSchema = z.string().min(1).max(128);

/** A message type name such as `file:open` (`domain:action`, lowercase, snake_case action). */
export const MessageTypeNameSchema = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[a-z]+:[a-z_]+$/, 'type must look like domain:action');

/**
 * The timestamp a client may put on its envelope: ISO 8601 (DESIGN section 3) or Unix ms (the discovery
 * spec's `timestamp: number`). The server never relies on it.
 */
export const ClientTimestampSchema = z.union([IsoTimestampSchema, z.number().int().nonnegative()]);

/** The untyped envelope: what any frame must look like before its `type` is known. */
export const EnvelopeSchema = z.object({
  type: z.string(),
  payload: z.unknown(),
  id: MessageIdSchema.optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

/**
 * Every error code a client can see on the wire: in `connection:error.code`, `fs:save_error.code`,
 * `explain:error.code`, `review:error.code`, `dashboard:issues_error.code`.
 *
 * - Envelope and router (Story 5): `INVALID_JSON`, `UNKNOWN_TYPE`, `INVALID_PAYLOAD`, `NOT_IMPLEMENTED`
 *   (FR-062), `INTERNAL_ERROR`, `PAYLOAD_TOO_LARGE`.
 * - Files and buffers (Story 3, issue 4): `PATH_OUTSIDE_PROJECT`, `FILE_NOT_FOUND`, `NOT_A_FILE`,
 *   `BINARY_FILE`, `FILE_TOO_LARGE`, `PERMISSION_DENIED`, `DISK_FULL`, `CONFLICT` (the `baseHash` of
 *   `file:save` no longer matches the disk), `PARENT_NOT_FOUND`, `BUFFER_CACHE_FULL`, `IO_ERROR`.
 * - Incremental buffer sync (issue 16, `buffer:sync_error.code`): `VERSION_MISMATCH`, `BAD_RANGE`, `NO_BUFFER`.
 * - Sessions and phases (Stories 2, 6, 9): `NO_ACTIVE_SESSION`, `SESSION_ALREADY_ACTIVE`,
 *   `SESSION_NOT_FOUND`, `NO_ACTIVE_PLAN`, `PHASE_NOT_FOUND`, `ILLEGAL_PHASE_TRANSITION`, `PIPELINE_RUNNING` (ending a session while its coaching
 *   pipeline runs, issue 23), `ALREADY_IN_PROGRESS` (a review or wrap-up request already running, answered once).
 * - Model-backed features (Stories 7, 11, 12, issue 10): `KATA_NOT_FOUND`, `CONSTRAINT_LOCKED` (a practice
 *   submission chose a constraint not unlocked yet, issue 18), `NO_RUNNABLE_TESTS` (a kata stored with its tests
 *   in words only, issue 24), `RUN_QUEUE_FULL` (too many practice runs waiting, issue 24),
 *   `CHALLENGE_NOT_FOUND` (a quiz or explain-it-back challenge that does not exist, issue 24), `BUDGET_EXCEEDED`, `API_ERROR`,
 *   `API_RATE_LIMIT`, `API_SERVER_ERROR`, `API_NETWORK_ERROR`, `API_REFUSAL`, `API_MAX_TOKENS`,
 *   `API_VALIDATION_ERROR`, `MEMORY_UNAVAILABLE`.
 * - GitHub CLI (Story 12 EC-82/83): `GH_NOT_FOUND`, `GH_NOT_AUTHENTICATED`, `GH_TIMEOUT`, `GH_FAILED`,
 *   `GH_INVALID_OUTPUT`.
 */
export const WsErrorCodeSchema = z.enum([
  'INVALID_JSON',
  'UNKNOWN_TYPE',
  'INVALID_PAYLOAD',
  'NOT_IMPLEMENTED',
  'INTERNAL_ERROR',
  'PAYLOAD_TOO_LARGE',
  'PATH_OUTSIDE_PROJECT',
  'FILE_NOT_FOUND',
  'NOT_A_FILE',
  'BINARY_FILE',
  'FILE_TOO_LARGE',
  'PERMISSION_DENIED',
  'DISK_FULL',
  'CONFLICT',
  'PARENT_NOT_FOUND',
  'BUFFER_CACHE_FULL',
  'IO_ERROR',
  'VERSION_MISMATCH',
  'BAD_RANGE',
  'NO_BUFFER',
  'NO_ACTIVE_SESSION',
  'SESSION_ALREADY_ACTIVE',
  'SESSION_NOT_FOUND',
  'NO_ACTIVE_PLAN',
  'PHASE_NOT_FOUND',
  'ILLEGAL_PHASE_TRANSITION',
  'PIPELINE_RUNNING',
  'ALREADY_IN_PROGRESS',
  'KATA_NOT_FOUND',
  'CONSTRAINT_LOCKED',
  'NO_RUNNABLE_TESTS',
  'RUN_QUEUE_FULL',
  'CHALLENGE_NOT_FOUND',
  'BUDGET_EXCEEDED',
  'API_ERROR',
  'API_RATE_LIMIT',
  'API_SERVER_ERROR',
  'API_NETWORK_ERROR',
  'API_REFUSAL',
  'API_MAX_TOKENS',
  'API_VALIDATION_ERROR',
  'MEMORY_UNAVAILABLE',
  'GH_NOT_FOUND',
  'GH_NOT_AUTHENTICATED',
  'GH_TIMEOUT',
  'GH_FAILED',
  'GH_INVALID_OUTPUT',
]);
export type WsErrorCode = z.infer<typeof WsErrorCodeSchema>;

/** Every `WsErrorCode`. */
export const WS_ERROR_CODES = WsErrorCodeSchema.options;
