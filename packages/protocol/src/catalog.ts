/**
 * The complete WebSocket catalog (Story 5 "Comprehensive WebSocket Message Catalog" plus the additive
 * types of Stories 9-12 and issues 4, 5, 10) and everything derived from it: types, envelope schemas,
 * discriminated unions, the client parser and the server message builder.
 */
import { z } from 'zod';
import { IsoTimestampSchema } from './common.js';
import { ClientTimestampSchema, MessageIdSchema } from './envelope.js';
import { parseWith, toIssues, type ParseIssue, type ParseResult } from './parse.js';
import { coachingClientMessages, coachingServerMessages } from './messages/coaching.js';
import { connectionClientMessages, connectionServerMessages } from './messages/connection.js';
import { dashboardClientMessages, dashboardServerMessages } from './messages/dashboard.js';
import { explorerClientMessages, explorerServerMessages } from './messages/explorer.js';
import { fileClientMessages, fileServerMessages } from './messages/files.js';
import { observerClientMessages, observerServerMessages } from './messages/observer.js';
import { practiceClientMessages, practiceServerMessages } from './messages/practice.js';
import {
  challengeClientMessages,
  challengeServerMessages,
  practiceRunClientMessages,
  practiceRunServerMessages,
} from './messages/practice-run.js';
import { sessionClientMessages, sessionServerMessages } from './messages/session.js';
import { teamClientMessages, teamServerMessages } from './messages/team.js';
import { terminalClientMessages } from './messages/terminal.js';

/** Client -> server payload schemas, keyed by message type (the 23 of Story 5 plus the additive ones). */
export const clientMessages = {
  ...connectionClientMessages,
  ...dashboardClientMessages,
  ...sessionClientMessages,
  ...fileClientMessages,
  ...explorerClientMessages,
  ...coachingClientMessages,
  ...practiceClientMessages,
  ...practiceRunClientMessages,
  ...challengeClientMessages,
  ...observerClientMessages,
  ...terminalClientMessages,
  ...teamClientMessages,
} as const satisfies Record<string, z.ZodType>;

/** Server -> client payload schemas, keyed by message type (the 32 of Story 5 plus the additive ones). */
export const serverMessages = {
  ...connectionServerMessages,
  ...dashboardServerMessages,
  ...fileServerMessages,
  ...explorerServerMessages,
  ...sessionServerMessages,
  ...coachingServerMessages,
  ...observerServerMessages,
  ...practiceServerMessages,
  ...practiceRunServerMessages,
  ...challengeServerMessages,
  ...teamServerMessages,
} as const satisfies Record<string, z.ZodType>;

export type ClientMessageType = keyof typeof clientMessages;
export type ServerMessageType = keyof typeof serverMessages;

/** Every client payload type, keyed by message type (parsed, output types). */
export type ClientPayloads = { [K in ClientMessageType]: z.infer<(typeof clientMessages)[K]> };
/** Every server payload type, keyed by message type (what the builder accepts: input types). */
export type ServerPayloads = { [K in ServerMessageType]: z.input<(typeof serverMessages)[K]> };
/** Payload of client message `T` (the parsed, output type). */
export type ClientPayload<T extends ClientMessageType> = ClientPayloads[T];
/** Payload of server message `T` as the builder accepts it (input type). */
export type ServerPayload<T extends ServerMessageType> = ServerPayloads[T];

/** Every client message type, in catalog order. */
export const CLIENT_MESSAGE_TYPES = Object.keys(clientMessages) as ClientMessageType[];
/** Every server message type, in catalog order. */
export const SERVER_MESSAGE_TYPES = Object.keys(serverMessages) as ServerMessageType[];

/** True when `s` names a client -> server message of the catalog. */
export function isClientMessageType(s: unknown): s is ClientMessageType {
  return typeof s === 'string' && Object.hasOwn(clientMessages, s);
}

/** True when `s` names a server -> client message of the catalog. */
export function isServerMessageType(s: unknown): s is ServerMessageType {
  return typeof s === 'string' && Object.hasOwn(serverMessages, s);
}

type ClientEnvelopeSchema<T extends ClientMessageType> = z.ZodObject<{
  type: z.ZodLiteral<T>;
  payload: (typeof clientMessages)[T];
  id: z.ZodOptional<typeof MessageIdSchema>;
  timestamp: z.ZodOptional<typeof ClientTimestampSchema>;
}>;

type ServerEnvelopeSchema<T extends ServerMessageType> = z.ZodObject<{
  type: z.ZodLiteral<T>;
  payload: (typeof serverMessages)[T];
  id: z.ZodOptional<typeof MessageIdSchema>;
  timestamp: typeof IsoTimestampSchema;
}>;

function buildClientEnvelopes(): { [T in ClientMessageType]: ClientEnvelopeSchema<T> } {
  const out: Record<string, z.ZodObject> = {};
  for (const type of CLIENT_MESSAGE_TYPES) {
    out[type] = z.object({
      type: z.literal(type),
      payload: clientMessages[type],
      id: MessageIdSchema.optional(),
      timestamp: ClientTimestampSchema.optional(),
    });
  }
  return out as { [T in ClientMessageType]: ClientEnvelopeSchema<T> };
}

function buildServerEnvelopes(): { [T in ServerMessageType]: ServerEnvelopeSchema<T> } {
  const out: Record<string, z.ZodObject> = {};
  for (const type of SERVER_MESSAGE_TYPES) {
    out[type] = z.object({
      type: z.literal(type),
      payload: serverMessages[type],
      id: MessageIdSchema.optional(),
      timestamp: IsoTimestampSchema,
    });
  }
  return out as { [T in ServerMessageType]: ServerEnvelopeSchema<T> };
}

/**
 * Full envelope schema per client type: `{ type, payload, id?, timestamp? }` (DESIGN section 3;
 * `timestamp` may be ISO 8601 or Unix ms and is informational).
 */
export const clientEnvelopes = buildClientEnvelopes();
/** Full envelope schema per server type: `{ type, payload, id?, timestamp }` with an ISO 8601 timestamp. */
export const serverEnvelopes = buildServerEnvelopes();

type AnyClientEnvelopeSchema = (typeof clientEnvelopes)[ClientMessageType];
type AnyServerEnvelopeSchema = (typeof serverEnvelopes)[ServerMessageType];

/** Discriminated union (on `type`) of every client envelope. */
export const ClientMessageSchema = z.discriminatedUnion(
  'type',
  Object.values(clientEnvelopes) as [AnyClientEnvelopeSchema, ...AnyClientEnvelopeSchema[]],
);
/** Discriminated union (on `type`) of every server envelope. */
export const ServerMessageSchema = z.discriminatedUnion(
  'type',
  Object.values(serverEnvelopes) as [AnyServerEnvelopeSchema, ...AnyServerEnvelopeSchema[]],
);

/** A parsed client message, narrowed by `type`. */
export type ClientMessage = { [T in ClientMessageType]: z.infer<ClientEnvelopeSchema<T>> }[ClientMessageType];
/** A server message as sent on the wire, narrowed by `type`. */
export type ServerMessage = { [T in ServerMessageType]: z.infer<ServerEnvelopeSchema<T>> }[ServerMessageType];
/** A server message of one type. */
export type ServerMessageOf<T extends ServerMessageType> = z.infer<ServerEnvelopeSchema<T>>;
/** A client message of one type. */
export type ClientMessageOf<T extends ClientMessageType> = z.infer<ClientEnvelopeSchema<T>>;

export type { ParseErrorCode, ParseIssue, ParseError, ParseResult } from './parse.js';

/**
 * Parses one client -> server frame.
 *
 * @returns `{ ok: true, message }` with a fully validated {@link ClientMessage}, or `{ ok: false, error }`
 *   with code `INVALID_JSON` (not JSON), `UNKNOWN_TYPE` (a `type` not in the catalog: log and ignore,
 *   Story 5 AS-8) or `INVALID_PAYLOAD` (not an object, no `type`, or a payload that breaks its schema;
 *   `issues` carry the zod paths, prefixed by `payload`). `id` and `type` are echoed when readable.
 *   Never throws.
 * @see Story 5 AS-8, EC-22, EC-23; DESIGN section 3 (envelope)
 */
export function parseClientMessage(raw: string): ParseResult<ClientMessage> {
  return parseWith<ClientMessageType, ClientMessage>(raw, clientEnvelopes, isClientMessageType);
}

/**
 * Parses one server -> client frame (for the Electron side and tests). Same result shape as
 * {@link parseClientMessage}. Never throws.
 */
export function parseServerMessage(raw: string): ParseResult<ServerMessage> {
  return parseWith<ServerMessageType, ServerMessage>(raw, serverEnvelopes, isServerMessageType);
}

/** The one error class of this package. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  /** `INVALID_SERVER_MESSAGE` (a payload breaks the catalog: a bug in the sender) or `UNKNOWN_TYPE`. */
  readonly code: 'INVALID_SERVER_MESSAGE' | 'UNKNOWN_TYPE';
  /** Zod issues, when validation failed. */
  readonly issues: ParseIssue[];

  constructor(code: ProtocolError['code'], message: string, issues: ParseIssue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}

/** Options of {@link serverMessage}. */
export interface ServerMessageOptions {
  /** Clock for the timestamp (default `() => new Date()`). */
  now?: () => Date;
}

/**
 * Builds a server -> client message: validates `payload` against the catalog, stamps an ISO 8601
 * `timestamp`, and sets `id` when given (replies echo the request's `id`, DESIGN section 3).
 *
 * @returns the envelope, ready for `JSON.stringify`.
 * @throws ProtocolError `INVALID_SERVER_MESSAGE` when the payload breaks its schema, `UNKNOWN_TYPE` for a
 *   type outside the catalog.
 */
export function serverMessage<T extends ServerMessageType>(
  type: T,
  payload: ServerPayload<T>,
  id?: string,
  options: ServerMessageOptions = {},
): ServerMessageOf<T> {
  if (!isServerMessageType(type))
    throw new ProtocolError('UNKNOWN_TYPE', `Unknown server message type "${String(type)}"`);
  const schema: z.ZodType = serverMessages[type];
  const result = schema.safeParse(payload);
  if (!result.success) {
    const issues = toIssues(result.error, ['payload']);
    const first = issues[0];
    throw new ProtocolError(
      'INVALID_SERVER_MESSAGE',
      `Invalid ${type} payload${first ? ` (${first.path.join('.')}: ${first.message})` : ''}`,
      issues,
    );
  }
  const timestamp = (options.now ?? (() => new Date()))().toISOString();
  const message = { type, payload: result.data, timestamp, ...(id === undefined ? {} : { id }) };
  return message as ServerMessageOf<T>;
}
