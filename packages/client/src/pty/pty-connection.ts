/**
 * One terminal session over `/pty` (issue 17; the wire format is in `packages/terminal/README.md`): the only code
 * of the page that touches that socket. Output arrives as binary frames (raw bytes, handed on untouched: an escape
 * or UTF-8 sequence may be split across frames, xterm.js's parser copes); input goes out as `pty:input` text
 * messages (split at the protocol's 64 Ki limit) or binary frames (xterm.js `onBinary`: mouse reports and other
 * non-UTF-8 bytes); size changes as `pty:resize`; the page's flow control as `pty:pause` / `pty:resume`.
 * `pty:started`, `pty:exit` and `pty:error` are validated with the protocol's parser; an invalid frame is reported,
 * never thrown.
 */
import {
  parsePtyServerMessage,
  PTY_LIMITS,
  PtySizeSchema,
  type PtyClientMessageType,
  type PtyClientPayload,
  type PtySize,
  type PtyServerMessage,
} from '@paige/protocol';
import { PaigeClientError } from '../errors.js';

/** `pty:started`'s payload: the session's leader pid, what runs (`claude`, `shell`, `custom`), its size. */
export type PtyStarted = Extract<PtyServerMessage, { type: 'pty:started' }>['payload'];
/** `pty:exit`'s payload: `exitCode` (null when a signal ended it) and `signal`. */
export type PtyExit = Extract<PtyServerMessage, { type: 'pty:exit' }>['payload'];
/** `pty:error`'s payload. */
export type PtyError = Extract<PtyServerMessage, { type: 'pty:error' }>['payload'];

/**
 * `connecting` (socket opening, or open and `pty:started` awaited), `running` (after `pty:started`), `exited`
 * (after `pty:exit`; the socket may still be open), `closed` (the socket is gone).
 */
export type PtyConnectionState = 'connecting' | 'running' | 'exited' | 'closed';

/** How the socket ended. */
export interface PtyClose {
  /** WebSocket close code: 1000 normal, 1001 the server is shutting down, 1006 dropped, 1011 could not start. */
  code: number;
  reason: string;
  /** Whether `pty:started` had arrived. */
  started: boolean;
  /** Whether `pty:exit` had arrived. */
  exited: boolean;
  /** Whether this side closed it (`close()`). */
  byClient: boolean;
}

/** The socket the connection needs (the browser's `WebSocket` fits; tests pass their own). */
export interface PtySocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Options of {@link openPtyConnection}. */
export interface PtyConnectionOptions {
  /** `ws://host/pty` (the size is added as `?cols=&rows=`). */
  url: string;
  /** The size to start at (cells); default 80 x 24. */
  size?: PtySize;
  /** Socket factory (default: the platform's `new WebSocket(url)`; throws `PaigeClientError` `NO_WEBSOCKET` without one). */
  createSocket?: (url: string) => PtySocketLike;
  /** An invalid text frame from the server (dropped). Default: `console.warn`. */
  onInvalidFrame?: (message: string) => void;
}

/** A terminal session's connection. */
export interface PtyConnection {
  readonly state: PtyConnectionState;
  /** `pty:started`'s payload once it arrived. */
  readonly started: PtyStarted | null;
  /** `pty:exit`'s payload once it arrived. */
  readonly exit: PtyExit | null;
  /** Output bytes received so far. */
  readonly bytesIn: number;
  /** Terminal output, in order. The array is the frame's own buffer: use it before returning or copy it. */
  onOutput(handler: (bytes: Uint8Array) => void): () => void;
  onStarted(handler: (started: PtyStarted) => void): () => void;
  onExit(handler: (exit: PtyExit) => void): () => void;
  /** A `pty:error` (a refused message, or a failed start when a 1011 close follows). */
  onError(handler: (error: PtyError) => void): () => void;
  onClose(handler: (close: PtyClose) => void): () => void;
  /**
   * Sends typed text (xterm.js `onData`) as `pty:input`, split into 64 Ki-code-unit messages (never inside a
   * surrogate pair). Text typed before `pty:started` waits (up to 64 Ki) and goes out when the session starts.
   * @returns false when the session cannot take input (exited or closed): nothing was sent.
   */
  input(data: string): boolean;
  /** Sends raw bytes given as a binary string (xterm.js `onBinary`), split into 64 KiB frames. @returns as `input`. */
  inputBinary(data: string): boolean;
  /**
   * Reports a new size (`pty:resize`); repeated sizes are not sent again. Before `pty:started` the latest size is
   * sent when the session starts. @returns false for an invalid size (0, over 1000 x 500) or an ended session.
   */
  resize(cols: number, rows: number): boolean;
  /**
   * Flow control: asks the server to stop (`true`, `pty:pause`) or go on (`false`, `pty:resume`) reading the PTY,
   * because the terminal emulator has fallen behind or caught up. Only changes are sent; a change asked for before
   * `pty:started` is sent when the session starts. Nothing is sent once the session ended.
   */
  setOutputPaused(paused: boolean): void;
  /** Whether the output was last asked to pause. */
  readonly outputPaused: boolean;
  /** Closes the socket (the server hangs up the whole session). Idempotent. */
  close(code?: number): void;
}

const OPEN = 1;

/**
 * The platform's `WebSocket` (browsers, Electron renderers, Node 22+).
 * @throws PaigeClientError `NO_WEBSOCKET` when there is none (Node 20: pass the `ws` package as `createSocket`).
 */
function defaultPtySocket(url: string): PtySocketLike {
  const Ctor = (globalThis as { WebSocket?: new (url: string) => PtySocketLike }).WebSocket;
  if (!Ctor)
    throw new PaigeClientError(
      'NO_WEBSOCKET',
      'No WebSocket in this runtime: pass createSocket (the ws package in Node 20)',
    );
  return new Ctor(url);
}

/** A handler's exception, reported without breaking the others (the browser's `reportError`, else the console). */
function reportHandlerError(err: unknown): void {
  const g = globalThis as { reportError?: (e: unknown) => void };
  if (typeof g.reportError === 'function') g.reportError(err);
  else console.error('Paige terminal: a handler threw', err);
}

function socketUrl(base: string, size: PtySize): string {
  const url = new URL(base);
  url.searchParams.set('cols', String(size.cols));
  url.searchParams.set('rows', String(size.rows));
  return url.toString();
}

/** Splits `data` into pieces of at most `max` UTF-16 code units, never between the halves of a surrogate pair. */
export function splitInput(data: string, max: number = PTY_LIMITS.maxInputChars): string[] {
  if (data.length <= max) return data.length ? [data] : [];
  const parts: string[] = [];
  let i = 0;
  while (i < data.length) {
    let end = Math.min(i + max, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(data.slice(i, end));
    i = end;
  }
  return parts;
}

/**
 * Opens a `/pty` session at once (the server spawns the program on connect).
 * @see packages/terminal/README.md "The `/pty` wire format"
 */
export function openPtyConnection(options: PtyConnectionOptions): PtyConnection {
  const initial = options.size ?? { cols: 80, rows: 24 };
  const warn = options.onInvalidFrame ?? ((m: string) => console.warn(`Paige terminal: ${m}`));
  const socket = (options.createSocket ?? defaultPtySocket)(socketUrl(options.url, initial));
  socket.binaryType = 'arraybuffer';

  let state: PtyConnectionState = 'connecting';
  let started: PtyStarted | null = null;
  let exit: PtyExit | null = null;
  let bytesIn = 0;
  let byClient = false;
  let sentSize: PtySize = initial;
  let wantedSize: PtySize = initial;
  let early: string[] = [];
  let earlyChars = 0;
  let wantPaused = false;
  let sentPaused = false;

  const output = new Set<(bytes: Uint8Array) => void>();
  const startedHandlers = new Set<(s: PtyStarted) => void>();
  const exitHandlers = new Set<(e: PtyExit) => void>();
  const errorHandlers = new Set<(e: PtyError) => void>();
  const closeHandlers = new Set<(c: PtyClose) => void>();
  const sub = <H>(set: Set<H>, h: H) => {
    set.add(h);
    return () => void set.delete(h);
  };
  const emit = <A>(set: Set<(a: A) => void>, arg: A) => {
    for (const h of [...set]) {
      try {
        h(arg);
      } catch (err) {
        reportHandlerError(err);
      }
    }
  };

  const sendText = <T extends PtyClientMessageType>(type: T, payload: PtyClientPayload<T>) => {
    if (socket.readyState === OPEN) socket.send(JSON.stringify({ type, payload }));
  };
  const syncPaused = () => {
    if (state !== 'running' || socket.readyState !== OPEN || wantPaused === sentPaused) return;
    sentPaused = wantPaused;
    sendText(wantPaused ? 'pty:pause' : 'pty:resume', {});
  };

  const onMessage = (data: unknown) => {
    if (data instanceof ArrayBuffer) {
      bytesIn += data.byteLength;
      const bytes = new Uint8Array(data);
      for (const h of output) h(bytes);
      return;
    }
    if (typeof data !== 'string') return;
    const parsed = parsePtyServerMessage(data);
    if (!parsed.ok) {
      warn(`ignored an invalid /pty message (${parsed.error.code}): ${parsed.error.message}`);
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'pty:started':
        started = m.payload;
        sentSize = { cols: m.payload.cols, rows: m.payload.rows };
        state = 'running';
        emit(startedHandlers, m.payload);
        // What was typed and the size chosen while the session was starting.
        for (const chunk of early) sendText('pty:input', { data: chunk });
        early = [];
        earlyChars = 0;
        if (wantedSize.cols !== sentSize.cols || wantedSize.rows !== sentSize.rows) {
          sentSize = wantedSize;
          sendText('pty:resize', wantedSize);
        }
        syncPaused();
        break;
      case 'pty:exit':
        exit = m.payload;
        state = 'exited';
        emit(exitHandlers, m.payload);
        break;
      case 'pty:error':
        emit(errorHandlers, m.payload);
        break;
    }
  };

  socket.onmessage = (event) => onMessage(event.data);
  socket.onerror = () => undefined; // the close event follows and says what happened
  socket.onclose = (event) => {
    if (state === 'closed') return;
    state = 'closed';
    emit(closeHandlers, {
      code: event.code,
      reason: event.reason,
      started: started !== null,
      exited: exit !== null,
      byClient,
    });
    output.clear();
  };

  const canInput = () => state === 'connecting' || state === 'running';

  return {
    get state() {
      return state;
    },
    get started() {
      return started;
    },
    get exit() {
      return exit;
    },
    get bytesIn() {
      return bytesIn;
    },
    onOutput: (h) => sub(output, h),
    onStarted: (h) => sub(startedHandlers, h),
    onExit: (h) => sub(exitHandlers, h),
    onError: (h) => sub(errorHandlers, h),
    onClose: (h) => sub(closeHandlers, h),
    input(data) {
      if (!canInput()) return false;
      const parts = splitInput(data);
      if (state === 'connecting') {
        for (const p of parts) {
          if (earlyChars + p.length > PTY_LIMITS.maxInputChars) break;
          early.push(p);
          earlyChars += p.length;
        }
        return true;
      }
      for (const p of parts) sendText('pty:input', { data: p });
      return true;
    },
    inputBinary(data) {
      if (state !== 'running' || socket.readyState !== OPEN) return state === 'connecting';
      for (let i = 0; i < data.length; i += PTY_LIMITS.maxInputBytes) {
        const piece = data.slice(i, i + PTY_LIMITS.maxInputBytes);
        socket.send(Uint8Array.from(piece, (c) => c.charCodeAt(0) & 0xff));
      }
      return true;
    },
    resize(cols, rows) {
      if (!canInput() || !PtySizeSchema.safeParse({ cols, rows }).success) return false;
      wantedSize = { cols, rows };
      if (state !== 'running' || (sentSize.cols === cols && sentSize.rows === rows)) return true;
      sentSize = wantedSize;
      sendText('pty:resize', wantedSize);
      return true;
    },
    setOutputPaused(paused) {
      wantPaused = paused;
      syncPaused();
    },
    get outputPaused() {
      return wantPaused;
    },
    close(code = 1000) {
      if (state === 'closed') return;
      byClient = true;
      try {
        socket.close(code);
      } catch {
        // already closing
      }
    },
  };
}
