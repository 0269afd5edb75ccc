/**
 * The `/pty` socket (issue 17): one pseudo-terminal session per WebSocket connection, beside `/ws`.
 *
 * - Server -> client **binary** frames carry the terminal's output: raw bytes, in order, never re-encoded (UTF-8
 *   sequences and escape sequences may be split across frames; feed them to a streaming decoder such as xterm.js's
 *   `write(Uint8Array)`).
 * - Client -> server **binary** frames are raw input bytes (xterm.js `onBinary`), at most
 *   {@link PTY_LIMITS}`.maxInputBytes` per frame.
 * - Everything else is a **text** frame holding a JSON envelope `{ type, payload, id?, timestamp? }` from the catalogs
 *   below (server messages always carry an ISO 8601 `timestamp`, and echo the `id` of the message they answer).
 *
 * The full wire description, with the close codes and the flow control, is in `packages/terminal/README.md`.
 */
import { z } from 'zod';
import { ErrorMessageSchema, IsoTimestampSchema, LabelSchema, LIMITS } from '../common.js';
import { ClientTimestampSchema, MessageIdSchema } from '../envelope.js';
import { parseWith, toIssues, type ParseIssue, type ParseResult } from '../parse.js';

/**
 * Bounds of the `/pty` socket. Sizes are character cells; input limits are UTF-16 code units for `pty:input.data`
 * and bytes for a binary input frame.
 */
export const PTY_LIMITS = {
  /** Widest terminal accepted (cells). A 4K screen with a 6 px font is about 640 columns. */
  maxCols: 1000,
  /** Tallest terminal accepted (cells). */
  maxRows: 500,
  /** Largest `pty:input.data` (64 Ki UTF-16 code units); split longer pastes. */
  maxInputChars: LIMITS.terminalInput,
  /** Largest binary input frame (64 KiB). */
  maxInputBytes: LIMITS.terminalInput,
} as const;

/** A terminal size in character cells: `cols` 1..1000, `rows` 1..500 (zero or absurd sizes are rejected). */
export const PtySizeSchema = z.object({
  cols: z.number().int().min(1).max(PTY_LIMITS.maxCols),
  rows: z.number().int().min(1).max(PTY_LIMITS.maxRows),
});
export type PtySize = z.infer<typeof PtySizeSchema>;

/**
 * What the session runs (issue 17): `claude` (Claude Code with the Paige plugin), `shell` (the user's `$SHELL`) or
 * `custom` (`PAIGE_TERMINAL_COMMAND`). Nudges are written only into a `claude` session.
 */
export const PtyCommandKindSchema = z.enum(['claude', 'shell', 'custom']);
export type PtyCommandKind = z.infer<typeof PtyCommandKindSchema>;

/**
 * Error codes of `pty:error`: the envelope ones (`INVALID_JSON`, `UNKNOWN_TYPE`, `INVALID_PAYLOAD`), a binary input
 * frame over the limit (`PAYLOAD_TOO_LARGE`), input or resize after the process ended (`PTY_EXITED`), a command that
 * could not be started (`SPAWN_FAILED`), and anything unexpected (`INTERNAL_ERROR`).
 */
export const PtyErrorCodeSchema = z.enum([
  'INVALID_JSON',
  'UNKNOWN_TYPE',
  'INVALID_PAYLOAD',
  'PAYLOAD_TOO_LARGE',
  'PTY_EXITED',
  'SPAWN_FAILED',
  'INTERNAL_ERROR',
]);
export type PtyErrorCode = z.infer<typeof PtyErrorCodeSchema>;

/** Client -> server text messages of `/pty`. */
export const ptyClientMessages = {
  /** Keystrokes or a paste, as text (UTF-8 on the PTY side). Never logged: it may hold secrets. */
  'pty:input': z.object({ data: z.string().min(1).max(PTY_LIMITS.maxInputChars) }),
  /** The pane changed size; the process gets `SIGWINCH`. */
  'pty:resize': PtySizeSchema,
  /**
   * Flow control from the page (optional; a client that never sends it is never held back by it): the client's
   * terminal has more unprocessed output than it wants (its high-water mark, e.g. bytes handed to xterm.js
   * `write()` whose callback has not run yet). The server stops reading the PTY, so the process blocks on its next
   * write; output already on its way (at most the server's socket queue and the kernel's buffers) still arrives.
   * Idempotent. The PTY runs only while the client has not paused it and the socket's send queue is below its own
   * high-water mark.
   */
  'pty:pause': z.object({}),
  /** The client caught up (its low-water mark): the server reads the PTY again unless the socket is still full. Idempotent. */
  'pty:resume': z.object({}),
} as const satisfies Record<string, z.ZodType>;

/** Server -> client text messages of `/pty`. */
export const ptyServerMessages = {
  /**
   * The process started (first message of every session). `pid` is the session leader (its process group and
   * session id), `command` the executable's base name (`claude`, `bash`, ...), `cols`/`rows` the size it started at.
   */
  'pty:started': PtySizeSchema.extend({
    pid: z.number().int().positive(),
    kind: PtyCommandKindSchema,
    command: LabelSchema,
  }),
  /**
   * The process ended; sent after its last output frame. `exitCode` is its exit status (`null` when a signal ended
   * it), `signal` the signal's name (`SIGHUP`, ...) or `null`. The socket stays open: further input is refused with
   * `pty:error PTY_EXITED`; the client closes it (or opens a new `/pty` for a new session).
   */
  'pty:exit': z.object({
    exitCode: z.number().int().nullable(),
    signal: z.string().min(1).max(32).nullable(),
  }),
  /** A message was refused or the session failed; the connection stays open unless the close code says otherwise. */
  'pty:error': z.object({
    code: PtyErrorCodeSchema,
    message: ErrorMessageSchema,
    type: z.string().max(128).optional(),
    issues: z
      .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
      .optional(),
  }),
} as const satisfies Record<string, z.ZodType>;

export type PtyClientMessageType = keyof typeof ptyClientMessages;
export type PtyServerMessageType = keyof typeof ptyServerMessages;
/** Payload of `/pty` client message `T` (parsed). */
export type PtyClientPayload<T extends PtyClientMessageType> = z.infer<(typeof ptyClientMessages)[T]>;
/** Payload of `/pty` server message `T` (as the builder accepts it). */
export type PtyServerPayload<T extends PtyServerMessageType> = z.input<(typeof ptyServerMessages)[T]>;

/** Every `/pty` client message type. */
export const PTY_CLIENT_MESSAGE_TYPES = Object.keys(ptyClientMessages) as PtyClientMessageType[];
/** Every `/pty` server message type. */
export const PTY_SERVER_MESSAGE_TYPES = Object.keys(ptyServerMessages) as PtyServerMessageType[];

function isPtyClientType(s: unknown): s is PtyClientMessageType {
  return typeof s === 'string' && Object.hasOwn(ptyClientMessages, s);
}
function isPtyServerType(s: unknown): s is PtyServerMessageType {
  return typeof s === 'string' && Object.hasOwn(ptyServerMessages, s);
}

function clientEnvelope<T extends PtyClientMessageType>(type: T) {
  return z.object({
    type: z.literal(type),
    payload: ptyClientMessages[type],
    id: MessageIdSchema.optional(),
    timestamp: ClientTimestampSchema.optional(),
  });
}
function serverEnvelope<T extends PtyServerMessageType>(type: T) {
  return z.object({
    type: z.literal(type),
    payload: ptyServerMessages[type],
    id: MessageIdSchema.optional(),
    timestamp: IsoTimestampSchema,
  });
}

/** Envelope schema per `/pty` client type. */
export const ptyClientEnvelopes = {
  'pty:input': clientEnvelope('pty:input'),
  'pty:resize': clientEnvelope('pty:resize'),
  'pty:pause': clientEnvelope('pty:pause'),
  'pty:resume': clientEnvelope('pty:resume'),
};
/** Envelope schema per `/pty` server type. */
export const ptyServerEnvelopes = {
  'pty:started': serverEnvelope('pty:started'),
  'pty:exit': serverEnvelope('pty:exit'),
  'pty:error': serverEnvelope('pty:error'),
};

/** Discriminated union of the `/pty` client envelopes. */
export const PtyClientMessageSchema = z.discriminatedUnion('type', [
  ptyClientEnvelopes['pty:input'],
  ptyClientEnvelopes['pty:resize'],
  ptyClientEnvelopes['pty:pause'],
  ptyClientEnvelopes['pty:resume'],
]);
/** Discriminated union of the `/pty` server envelopes. */
export const PtyServerMessageSchema = z.discriminatedUnion('type', [
  ptyServerEnvelopes['pty:started'],
  ptyServerEnvelopes['pty:exit'],
  ptyServerEnvelopes['pty:error'],
]);
export type PtyClientMessage = z.infer<typeof PtyClientMessageSchema>;
export type PtyServerMessage = z.infer<typeof PtyServerMessageSchema>;

/**
 * Parses one `/pty` client text frame. Never throws.
 * @returns the validated message, or an error `INVALID_JSON`, `UNKNOWN_TYPE` or `INVALID_PAYLOAD` (zod `issues`
 *   prefixed by `payload`; `id` and `type` echoed when readable). A resize to zero or absurd sizes is
 *   `INVALID_PAYLOAD`.
 */
export function parsePtyClientMessage(raw: string): ParseResult<PtyClientMessage> {
  return parseWith<PtyClientMessageType, PtyClientMessage>(raw, ptyClientEnvelopes, isPtyClientType);
}

/** Parses one `/pty` server text frame (for the page and tests). Never throws. */
export function parsePtyServerMessage(raw: string): ParseResult<PtyServerMessage> {
  return parseWith<PtyServerMessageType, PtyServerMessage>(raw, ptyServerEnvelopes, isPtyServerType);
}

/**
 * Builds a `/pty` server message: validates `payload`, stamps an ISO 8601 `timestamp`, sets `id` when given.
 * @throws Error naming the first zod issue when the payload breaks the catalog (a bug in the sender).
 */
export function ptyServerMessage<T extends PtyServerMessageType>(
  type: T,
  payload: PtyServerPayload<T>,
  id?: string,
): Extract<PtyServerMessage, { type: T }> {
  const result = (ptyServerMessages[type] as z.ZodType).safeParse(payload);
  if (!result.success) {
    const issues: ParseIssue[] = toIssues(result.error, ['payload']);
    const first = issues[0];
    throw new Error(`Invalid ${type} payload${first ? ` (${first.path.join('.')}: ${first.message})` : ''}`);
  }
  const message = {
    type,
    payload: result.data,
    timestamp: new Date().toISOString(),
    ...(id === undefined ? {} : { id }),
  };
  return message as Extract<PtyServerMessage, { type: T }>;
}
