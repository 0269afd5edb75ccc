/**
 * The typed `/ws` client (DESIGN section 11): hello -> init, id-matched requests with timeouts, typed
 * subscriptions, a connection state, reconnect with exponential backoff and jitter, and a resync event after every
 * reconnect. Every inbound frame is validated with `parseServerMessage`; nothing the server sends can throw into
 * the caller. Browser-safe: no Node import, the socket comes from `globalThis.WebSocket` or `createSocket`.
 */
import {
  clientMessages,
  parseServerMessage,
  type ClientMessageType,
  type ClientPayload,
  type ParseError,
  type ServerMessage,
  type ServerMessageOf,
  type ServerMessageType,
} from '@paige/protocol';
import { PaigeClientError } from './errors.js';
import { REQUEST_REPLY_TYPES, type ReplyOf, type RequestType } from './requests.js';

/** Version this client reports in `connection:hello` unless `hello` says otherwise. */
export const CLIENT_VERSION = '0.1.0';

/** `connection:init`'s payload: `{ connectionId, sessionId, capabilities, featureFlags }`. */
export type ConnectionInit = ServerEventPayload<'connection:init'>;
/** `connection:hello`'s payload: `{ version, platform, windowSize: { width, height } }`. */
export type HelloPayload = ClientPayload<'connection:hello'>;
/** The payload of a received server message of type `T` (the parsed, output type). */
export type ServerEventPayload<T extends ServerMessageType> =
  ServerMessageOf<T> extends { payload: infer P } ? P : never;

/**
 * - `idle`: created, `connect()` not called yet.
 * - `connecting`: the first attempt (socket opening, or `connection:hello` sent and `connection:init` awaited).
 * - `open`: `connection:init` received; `send` goes straight to the socket.
 * - `reconnecting`: the connection dropped (or an attempt failed); a new attempt is scheduled or running.
 * - `closed`: `close()` was called, the handshake was refused, or `reconnect: false` and the socket dropped. Final.
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * The part of a WebSocket the client uses: the browser's `WebSocket`, and the `ws` package's client, fit it.
 * `onmessage` receives text frames as `event.data` (a string; `ArrayBuffer`/`Uint8Array` are decoded as UTF-8).
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed (the WebSocket standard's constants). */
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

/** Reconnect policy: delay before attempt `n` (0-based) is `min(maxDelayMs, initialDelayMs * factor^n)`, jittered. */
export interface ReconnectOptions {
  /** Delay before the first retry, ms (default 250). */
  initialDelayMs?: number;
  /** Cap of the delay, ms (default 10,000). */
  maxDelayMs?: number;
  /** Growth per failed attempt (default 2). */
  factor?: number;
  /** Fraction of the delay drawn at random, 0..1: the delay is `d * (1 - jitter * random())` (default 0.5). */
  jitter?: number;
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The endpoint, `ws://127.0.0.1:3000/ws` (in a page served by Paige: `ws://${location.host}/ws`). */
  url: string;
  /**
   * The `connection:hello` payload, or a function called on every (re)connect (so `windowSize` is current).
   * Default: `{ version: CLIENT_VERSION, platform: <browser|node|unknown>, windowSize: <innerWidth x innerHeight or 0 x 0> }`.
   */
  hello?: HelloPayload | (() => HelloPayload);
  /**
   * Opens a socket (default `new globalThis.WebSocket(url)`). Node 20 has no global WebSocket: pass the `ws`
   * package, e.g. `(url) => new WebSocket(url, { headers: { Authorization: 'Bearer ' + token } })`.
   */
  createSocket?: (url: string) => WebSocketLike;
  /** `false`: a drop closes the client for good. Default: reconnect forever with {@link ReconnectOptions} defaults. */
  reconnect?: false | ReconnectOptions;
  /** Default timeout of `request()`, ms (default 30,000; model-backed requests may need more: pass `timeoutMs`). */
  requestTimeoutMs?: number;
  /** How long an opened socket may wait for `connection:init`, ms, before it is dropped and retried (default 10,000). */
  handshakeTimeoutMs?: number;
  /** Messages kept while not open; beyond it the oldest are dropped (a dropped request rejects `QUEUE_OVERFLOW`). Default 1,000. */
  maxQueuedMessages?: number;
  /** Bound of the offline queue in UTF-16 units of the encoded frames (default 32 Mi); the oldest go first. */
  maxQueuedChars?: number;
  /** Prefix of generated request ids: `${idPrefix}-${n}` (default `c`). */
  idPrefix?: string;
  /** Clock, ms since the epoch (default `Date.now`); used for `nextReconnectAt`. */
  now?: () => number;
  /** Random source in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
  /**
   * Called when a subscriber (`on`, `onAny`, `onState`, `onResync`, `onInvalidFrame`) throws. The client keeps
   * dispatching. Default: `globalThis.reportError` when it exists (browsers), else `console.error`.
   */
  onHandlerError?: (error: unknown) => void;
}

/** Options of one `request()`. */
export interface RequestOptions {
  /** Timeout, ms, counted from the call (queued time included). Default: the client's `requestTimeoutMs`. */
  timeoutMs?: number;
  /** The correlation id to use (default: a new `nextId()`). Replies carry it. */
  id?: string;
  /**
   * Cancels the request (the MCP SDK's `RequestOptions.signal` is the model; issue 25 item 2): when it aborts
   * before a reply, the promise rejects with a `PaigeClientError` of code `REQUEST_ABORTED` (its `cause` is the
   * signal's `reason`), the pending entry is removed (a request still in the offline queue is not sent), and a
   * reply that arrives later is ignored by `request` (subscribers of `on` still see it). An already aborted signal
   * rejects at once and sends nothing. The server is not told: it may still do the work (an explanation or a
   * review is then simply not shown).
   */
  signal?: AbortSignal;
}

/** Options of one `send()`. */
export interface SendOptions {
  /** Correlation id to put on the envelope; replies caused by the message echo it (DESIGN section 3). */
  id?: string;
}

/** The client. Create with {@link createClient} or {@link connect}. */
export interface PaigeClient {
  /**
   * Opens the connection: sends `connection:hello`, resolves with `connection:init`'s payload. Idempotent: while
   * connecting it returns the same promise, when open it resolves at once. With reconnect enabled a failed first
   * attempt is retried (state `reconnecting`) and the promise waits; with `reconnect: false` it rejects.
   * @throws PaigeClientError `CONNECTION_CLOSED` (closed before init), `HANDSHAKE_FAILED`, `NO_WEBSOCKET`
   */
  connect(): Promise<ConnectionInit>;
  /** The latest `connection:init` payload (`connectionId` changes on every reconnect), or `undefined` before the first. */
  readonly init: ConnectionInit | undefined;
  /** The connection state now. */
  readonly state: ConnectionState;
  /** When the next reconnect attempt starts (ms since the epoch, by `now`), while one is scheduled. */
  readonly nextReconnectAt: number | undefined;
  /** Subscribes to state changes; returns the unsubscribe function. */
  onState(handler: (state: ConnectionState) => void): () => void;
  /**
   * Sends a message. While not open it is queued (bounded, oldest dropped first) and sent after the next
   * `connection:init`, after the `onResync` handlers ran. The payload is validated first.
   * @throws PaigeClientError `INVALID_MESSAGE` (nothing sent), `CONNECTION_CLOSED` (after `close()`)
   */
  send<T extends ClientMessageType>(type: T, payload: ClientPayload<T>, options?: SendOptions): void;
  /**
   * Sends a request with a fresh `id` and resolves with the first reply echoing it whose type answers `T`
   * ({@link ReplyOf}: error replies such as `fs:save_error` and `connection:error` resolve too, narrow on `type`).
   * @throws PaigeClientError `REQUEST_TIMEOUT`, `CONNECTION_LOST` (dropped after sending), `CONNECTION_CLOSED`,
   *   `QUEUE_OVERFLOW`, `INVALID_MESSAGE`, `INVALID_REPLY`
   */
  request<T extends RequestType>(
    type: T,
    payload: ClientPayload<T>,
    options?: RequestOptions,
  ): Promise<ReplyOf<T>>;
  /** A new unique correlation id (`${idPrefix}-${n}`), for `send(..., { id })` flows with several replies. */
  nextId(): string;
  /** Subscribes to one server message type (validated); returns the unsubscribe function. */
  on<T extends ServerMessageType>(
    type: T,
    handler: (payload: ServerEventPayload<T>, message: ServerMessageOf<T>) => void,
  ): () => void;
  /** Subscribes to every valid server message (after the typed handlers). */
  onAny(handler: (message: ServerMessage) => void): () => void;
  /**
   * Called after every reconnect's `connection:init` (not the first connect), before the state turns `open` for
   * subscribers, before queued messages are flushed and before the server's resync messages (`fs:tree`,
   * `session:resumed`, highlights, hints, `observer:status`) are dispatched: clear view state here and let those
   * messages rebuild it (DESIGN section 3 "Resync").
   */
  onResync(handler: (init: ConnectionInit) => void): () => void;
  /** Called for every frame that fails validation (bad JSON, unknown type, bad payload); such frames are dropped. */
  onInvalidFrame(handler: (error: ParseError, raw: string) => void): () => void;
  /**
   * While `reconnecting` with a retry scheduled, makes the attempt now and restarts the backoff (the cause of the
   * failures is gone: the user opened the token URL, the network is back). @returns whether an attempt started.
   */
  retryNow(): boolean;
  /** Closes for good: rejects pending requests (`CONNECTION_CLOSED`), stops reconnecting, state `closed`. */
  close(): void;
}

interface PendingRequest {
  type: string;
  accepts: readonly string[];
  resolve: (message: ServerMessage) => void;
  reject: (err: PaigeClientError) => void;
  timer: ReturnType<typeof setTimeout>;
  /** Written to a socket (a drop then rejects it); false while queued. */
  sent: boolean;
}

interface QueuedFrame {
  data: string;
  requestId?: string;
}

type Listener<A extends unknown[]> = (...args: A) => void;

const OPEN = 1;
const textDecoder = typeof TextDecoder === 'function' ? new TextDecoder() : undefined;

function defaultHello(): HelloPayload {
  const g = globalThis as {
    innerWidth?: unknown;
    innerHeight?: unknown;
    navigator?: { userAgent?: unknown };
    process?: { versions?: { node?: unknown } };
  };
  const width = typeof g.innerWidth === 'number' ? Math.max(0, Math.round(g.innerWidth)) : 0;
  const height = typeof g.innerHeight === 'number' ? Math.max(0, Math.round(g.innerHeight)) : 0;
  const platform =
    typeof g.process?.versions?.node === 'string' && typeof g.innerWidth !== 'number'
      ? 'node'
      : typeof g.navigator?.userAgent === 'string'
        ? 'browser'
        : 'unknown';
  return { version: CLIENT_VERSION, platform, windowSize: { width, height } };
}

function defaultSocket(url: string): WebSocketLike {
  const Ctor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (typeof Ctor !== 'function') {
    throw new PaigeClientError(
      'NO_WEBSOCKET',
      'No global WebSocket here (Node 20?): pass createSocket, e.g. (url) => new WebSocket(url) from the "ws" package',
    );
  }
  return new Ctor(url);
}

function defaultReportError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error('[paige-client] a subscriber threw:', error);
}

function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (!textDecoder) return undefined;
  if (data instanceof ArrayBuffer) return textDecoder.decode(new Uint8Array(data));
  if (ArrayBuffer.isView(data))
    return textDecoder.decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  if (Array.isArray(data) && data.every((c) => ArrayBuffer.isView(c))) {
    return (
      data
        .map((c: ArrayBufferView) =>
          textDecoder.decode(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), { stream: true }),
        )
        .join('') + textDecoder.decode()
    );
  }
  return undefined;
}

class Client implements PaigeClient {
  private currentState: ConnectionState = 'idle';
  private latestInit: ConnectionInit | undefined;
  private socket: WebSocketLike | undefined;
  private attempt = 0;
  private connectedOnce = false;
  private helloId: string | undefined;
  private helloCounter = 0;
  private idCounter = 0;
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAt: number | undefined;
  private readonly pending = new Map<string, PendingRequest>();
  private queue: QueuedFrame[] = [];
  private queuedChars = 0;
  private connectWaiters: Array<{
    resolve: (init: ConnectionInit) => void;
    reject: (err: PaigeClientError) => void;
  }> = [];
  private connectPromise: Promise<ConnectionInit> | undefined;
  private readonly typed = new Map<string, Set<Listener<[unknown, ServerMessage]>>>();
  private readonly anyListeners = new Set<Listener<[ServerMessage]>>();
  private readonly stateListeners = new Set<Listener<[ConnectionState]>>();
  private readonly resyncListeners = new Set<Listener<[ConnectionInit]>>();
  private readonly invalidListeners = new Set<Listener<[ParseError, string]>>();

  private readonly url: string;
  private readonly reconnectPolicy: Required<ReconnectOptions> | false;
  private readonly requestTimeoutMs: number;
  private readonly handshakeTimeoutMs: number;
  private readonly maxQueued: number;
  private readonly maxQueuedChars: number;
  private readonly idPrefix: string;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly reportError: (error: unknown) => void;
  private readonly makeSocket: (url: string) => WebSocketLike;
  private readonly hello: () => HelloPayload;

  constructor(options: ClientOptions) {
    this.url = options.url;
    this.reconnectPolicy =
      options.reconnect === false
        ? false
        : {
            initialDelayMs: options.reconnect?.initialDelayMs ?? 250,
            maxDelayMs: options.reconnect?.maxDelayMs ?? 10_000,
            factor: options.reconnect?.factor ?? 2,
            jitter: Math.min(1, Math.max(0, options.reconnect?.jitter ?? 0.5)),
          };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;
    this.maxQueued = Math.max(1, options.maxQueuedMessages ?? 1000);
    this.maxQueuedChars = Math.max(1, options.maxQueuedChars ?? 32 * 1024 * 1024);
    this.idPrefix = options.idPrefix ?? 'c';
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.reportError = options.onHandlerError ?? defaultReportError;
    this.makeSocket = options.createSocket ?? defaultSocket;
    const hello = options.hello;
    this.hello = typeof hello === 'function' ? hello : hello ? () => hello : defaultHello;
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get init(): ConnectionInit | undefined {
    return this.latestInit;
  }

  get nextReconnectAt(): number | undefined {
    return this.retryAt;
  }

  connect(): Promise<ConnectionInit> {
    if (this.currentState === 'closed')
      return Promise.reject(
        new PaigeClientError('CONNECTION_CLOSED', 'The client is closed; create a new one'),
      );
    if (this.currentState === 'open' && this.latestInit) return Promise.resolve(this.latestInit);
    if (this.connectPromise) return this.connectPromise;
    const promise = new Promise<ConnectionInit>((resolve, reject) => {
      this.connectWaiters.push({ resolve, reject });
    });
    this.connectPromise = promise;
    // A rejection nobody awaits (a caller that only uses onState) must not surface as unhandled.
    promise.catch(() => undefined);
    if (this.currentState === 'idle') {
      this.setState('connecting');
      this.openSocket();
    }
    return promise;
  }

  onState(handler: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(handler);
    return () => this.stateListeners.delete(handler);
  }

  onResync(handler: (init: ConnectionInit) => void): () => void {
    this.resyncListeners.add(handler);
    return () => this.resyncListeners.delete(handler);
  }

  onInvalidFrame(handler: (error: ParseError, raw: string) => void): () => void {
    this.invalidListeners.add(handler);
    return () => this.invalidListeners.delete(handler);
  }

  retryNow(): boolean {
    if (this.currentState !== 'reconnecting' || this.retryTimer === undefined) return false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.attempt = 0;
    this.openSocket();
    return true;
  }

  onAny(handler: (message: ServerMessage) => void): () => void {
    this.anyListeners.add(handler);
    return () => this.anyListeners.delete(handler);
  }

  on<T extends ServerMessageType>(
    type: T,
    handler: (payload: ServerEventPayload<T>, message: ServerMessageOf<T>) => void,
  ): () => void {
    let set = this.typed.get(type);
    if (!set) {
      set = new Set();
      this.typed.set(type, set);
    }
    const listener = handler as unknown as Listener<[unknown, ServerMessage]>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  nextId(): string {
    return `${this.idPrefix}-${++this.idCounter}`;
  }

  send<T extends ClientMessageType>(type: T, payload: ClientPayload<T>, options: SendOptions = {}): void {
    if (this.currentState === 'closed')
      throw new PaigeClientError('CONNECTION_CLOSED', `Cannot send ${type}: the client is closed`, { type });
    this.transmit({ data: this.encode(type, payload, options.id) });
  }

  request<T extends RequestType>(
    type: T,
    payload: ClientPayload<T>,
    options: RequestOptions = {},
  ): Promise<ReplyOf<T>> {
    if (this.currentState === 'closed') {
      return Promise.reject(
        new PaigeClientError('CONNECTION_CLOSED', `Cannot send ${type}: the client is closed`, { type }),
      );
    }
    const accepts = REQUEST_REPLY_TYPES[type] as readonly string[] | undefined;
    if (!accepts)
      return Promise.reject(
        new PaigeClientError(
          'INVALID_MESSAGE',
          `${String(type)} is not a request type (no reply echoes its id)`,
          { type },
        ),
      );
    const id = options.id ?? this.nextId();
    let data: string;
    try {
      data = this.encode(type, payload, id);
    } catch (err) {
      return Promise.reject(err as PaigeClientError);
    }
    if (this.pending.has(id))
      return Promise.reject(
        new PaigeClientError('INVALID_MESSAGE', `Request id ${id} is already in use`, {
          type,
          requestId: id,
        }),
      );
    const signal = options.signal;
    const aborted = (): PaigeClientError =>
      new PaigeClientError('REQUEST_ABORTED', `${type} (id ${id}) was aborted`, {
        type,
        requestId: id,
        cause: signal?.reason,
      });
    if (signal?.aborted) return Promise.reject(aborted());
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    return new Promise<ReplyOf<T>>((resolve, reject) => {
      const forget = () => {
        this.pending.delete(id);
        this.queue = this.queue.filter((f) => {
          if (f.requestId !== id) return true;
          this.queuedChars -= f.data.length;
          return false;
        });
      };
      const onAbort = () => {
        const p = this.pending.get(id);
        if (!p) return;
        clearTimeout(p.timer);
        forget();
        reject(aborted());
      };
      const unlisten = () => signal?.removeEventListener('abort', onAbort);
      const timer = setTimeout(() => {
        unlisten();
        forget();
        reject(
          new PaigeClientError('REQUEST_TIMEOUT', `No reply to ${type} (id ${id}) within ${timeoutMs} ms`, {
            type,
            requestId: id,
          }),
        );
      }, timeoutMs);
      this.pending.set(id, {
        type,
        accepts,
        resolve: (m: ServerMessage) => {
          unlisten();
          (resolve as (m: ServerMessage) => void)(m);
        },
        reject: (err: PaigeClientError) => {
          unlisten();
          reject(err);
        },
        timer,
        sent: false,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.transmit({ data, requestId: id });
    });
  }

  close(): void {
    if (this.currentState === 'closed') return;
    this.clearTimers();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      this.detach(socket);
      try {
        socket.close(1000, 'client closed');
      } catch {
        // already closing
      }
    }
    this.failPending(() => true, 'CONNECTION_CLOSED', 'The client was closed');
    this.queue = [];
    this.queuedChars = 0;
    this.failConnect(
      new PaigeClientError('CONNECTION_CLOSED', 'The client was closed before connection:init'),
    );
    this.setState('closed');
  }

  // ---------------------------------------------------------------------------------------------- internals

  private encode(type: ClientMessageType, payload: unknown, id: string | undefined): string {
    if (!Object.hasOwn(clientMessages, type)) {
      throw new PaigeClientError('INVALID_MESSAGE', `Unknown client message type "${String(type)}"`, {
        type: String(type),
      });
    }
    const checked = clientMessages[type].safeParse(payload);
    if (!checked.success) {
      const first = checked.error.issues[0];
      const where = first ? `${first.path.join('.') || '(payload)'}: ${first.message}` : 'invalid';
      throw new PaigeClientError('INVALID_MESSAGE', `Invalid ${type} payload (${where}); nothing was sent`, {
        type,
        ...(id === undefined ? {} : { requestId: id }),
      });
    }
    // Send what the caller gave (zod strips unknown keys, defaults nothing here): the server re-validates.
    return JSON.stringify(id === undefined ? { type, payload } : { type, payload, id });
  }

  private transmit(frame: QueuedFrame): void {
    const socket = this.socket;
    if (this.currentState === 'open' && socket && socket.readyState === OPEN) {
      this.writeFrame(socket, frame);
      return;
    }
    this.queue.push(frame);
    this.queuedChars += frame.data.length;
    while (
      this.queue.length > this.maxQueued ||
      (this.queuedChars > this.maxQueuedChars && this.queue.length > 1)
    ) {
      const dropped = this.queue.shift();
      this.queuedChars -= dropped?.data.length ?? 0;
      if (dropped?.requestId !== undefined) {
        const p = this.pending.get(dropped.requestId);
        if (p) {
          this.pending.delete(dropped.requestId);
          clearTimeout(p.timer);
          p.reject(
            new PaigeClientError(
              'QUEUE_OVERFLOW',
              `${p.type} waited offline and was pushed out of the queue`,
              { type: p.type, requestId: dropped.requestId },
            ),
          );
        }
      }
    }
  }

  private writeFrame(socket: WebSocketLike, frame: QueuedFrame): void {
    if (frame.requestId !== undefined) {
      const p = this.pending.get(frame.requestId);
      if (!p) return; // timed out while queued
      p.sent = true;
    }
    socket.send(frame.data);
  }

  private openSocket(): void {
    this.retryAt = undefined;
    let socket: WebSocketLike;
    try {
      socket = this.makeSocket(this.url);
    } catch (err) {
      // No WebSocket at all, or a URL the constructor refuses: retrying cannot help.
      this.failConnect(
        err instanceof PaigeClientError
          ? err
          : new PaigeClientError(
              'CONNECTION_CLOSED',
              `Cannot open a WebSocket to ${this.url}: ${(err as Error)?.message ?? String(err)}`,
              { cause: err },
            ),
      );
      this.close();
      return;
    }
    this.socket = socket;
    socket.onopen = (() => {
      if (this.socket !== socket) return;
      this.helloId = `hello-${++this.helloCounter}`;
      let hello: HelloPayload;
      try {
        hello = this.hello();
        socket.send(this.encode('connection:hello', hello, this.helloId));
      } catch (err) {
        this.failConnect(
          err instanceof PaigeClientError
            ? new PaigeClientError('HANDSHAKE_FAILED', err.message, { type: 'connection:hello' })
            : new PaigeClientError('HANDSHAKE_FAILED', String(err)),
        );
        this.close();
        return;
      }
      this.handshakeTimer = setTimeout(() => {
        if (this.socket !== socket) return;
        this.drop(socket);
      }, this.handshakeTimeoutMs);
    }) as never;
    socket.onmessage = ((event: { data: unknown }) => {
      if (this.socket !== socket) return;
      this.onFrame(event.data);
    }) as never;
    socket.onclose = (() => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.onDrop();
    }) as never;
    socket.onerror = (() => {
      // a close event follows; nothing to do until then
    }) as never;
  }

  private detach(socket: WebSocketLike): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    // An abandoned socket may still report an error (closed while connecting): swallow it. With Node's `ws`, an
    // error event without a listener would be thrown as an uncaught exception.
    socket.onerror = () => {};
  }

  /** Abandons `socket` (handshake timeout) and goes through the drop path. */
  private drop(socket: WebSocketLike): void {
    this.detach(socket);
    this.socket = undefined;
    try {
      socket.close(4000, 'handshake timeout');
    } catch {
      // ignore
    }
    this.onDrop();
  }

  private onDrop(): void {
    if (this.currentState === 'closed') return;
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
    this.helloId = undefined;
    this.failPending((p) => p.sent, 'CONNECTION_LOST', 'The connection dropped before the reply arrived');
    if (this.reconnectPolicy === false) {
      this.failConnect(new PaigeClientError('CONNECTION_CLOSED', `Could not connect to ${this.url}`));
      this.close();
      return;
    }
    const { initialDelayMs, maxDelayMs, factor, jitter } = this.reconnectPolicy;
    const base = Math.min(maxDelayMs, initialDelayMs * factor ** this.attempt);
    const delay = Math.max(0, Math.round(base * (1 - jitter * this.random())));
    this.attempt += 1;
    this.retryAt = this.now() + delay;
    this.setState('reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.currentState === 'reconnecting') this.openSocket();
    }, delay);
  }

  private onFrame(data: unknown): void {
    const raw = frameText(data);
    if (raw === undefined) {
      this.emitInvalid(
        { code: 'INVALID_PAYLOAD', message: 'Binary frame: the /ws protocol is JSON text' },
        '',
      );
      return;
    }
    const parsed = parseServerMessage(raw);
    if (!parsed.ok) {
      const p = parsed.error.id === undefined ? undefined : this.pending.get(parsed.error.id);
      if (p && parsed.error.id !== undefined) {
        this.pending.delete(parsed.error.id);
        clearTimeout(p.timer);
        p.reject(
          new PaigeClientError(
            'INVALID_REPLY',
            `The reply to ${p.type} failed validation: ${parsed.error.message}`,
            { type: p.type, requestId: parsed.error.id },
          ),
        );
      }
      this.emitInvalid(parsed.error, raw);
      return;
    }
    const message = parsed.message;
    if (message.type === 'connection:init' && this.helloId !== undefined && message.id === this.helloId) {
      this.onInit(message);
      return;
    }
    if (message.type === 'connection:error' && this.helloId !== undefined && message.id === this.helloId) {
      // The server refused the hello itself: retrying the same hello cannot succeed.
      this.failConnect(
        new PaigeClientError('HANDSHAKE_FAILED', `connection:hello refused: ${message.payload.message}`, {
          type: 'connection:hello',
        }),
      );
      this.dispatch(message);
      this.close();
      return;
    }
    if (message.id !== undefined) {
      const p = this.pending.get(message.id);
      if (p && (p.accepts.includes(message.type) || message.type === 'connection:error')) {
        this.pending.delete(message.id);
        clearTimeout(p.timer);
        p.resolve(message);
      }
    }
    this.dispatch(message);
  }

  private onInit(message: ServerMessageOf<'connection:init'>): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
    this.helloId = undefined;
    this.latestInit = message.payload;
    const isResync = this.connectedOnce;
    this.connectedOnce = true;
    this.attempt = 0;
    this.retryAt = undefined;
    // `open` for send() before the resync handlers run, so they can send directly; subscribers hear it after.
    this.currentState = 'open';
    if (isResync) for (const h of [...this.resyncListeners]) this.safely(() => h(message.payload));
    this.notifyState('open');
    this.dispatch(message);
    this.flushQueue();
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    this.connectPromise = undefined;
    for (const w of waiters) w.resolve(message.payload);
  }

  private flushQueue(): void {
    const socket = this.socket;
    if (!socket || this.currentState !== 'open') return;
    const frames = this.queue;
    this.queue = [];
    this.queuedChars = 0;
    for (const frame of frames) this.writeFrame(socket, frame);
  }

  private dispatch(message: ServerMessage): void {
    const set = this.typed.get(message.type);
    if (set) for (const h of [...set]) this.safely(() => h(message.payload, message));
    for (const h of [...this.anyListeners]) this.safely(() => h(message));
  }

  private emitInvalid(error: ParseError, raw: string): void {
    if (this.invalidListeners.size === 0) {
      console.warn(`[paige-client] dropped an invalid frame (${error.code}): ${error.message}`);
      return;
    }
    for (const h of [...this.invalidListeners]) this.safely(() => h(error, raw));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      try {
        this.reportError(err);
      } catch {
        // a failing reporter must not break dispatch either
      }
    }
  }

  private setState(state: ConnectionState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.notifyState(state);
  }

  private notifyState(state: ConnectionState): void {
    for (const h of [...this.stateListeners]) this.safely(() => h(state));
  }

  private failPending(
    which: (p: PendingRequest) => boolean,
    code: 'CONNECTION_LOST' | 'CONNECTION_CLOSED',
    message: string,
  ): void {
    for (const [id, p] of [...this.pending]) {
      if (!which(p)) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(
        new PaigeClientError(code, `${message} (${p.type}, id ${id})`, { type: p.type, requestId: id }),
      );
    }
  }

  private failConnect(err: PaigeClientError): void {
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    this.connectPromise = undefined;
    for (const w of waiters) w.reject(err);
  }

  private clearTimers(): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.handshakeTimer = undefined;
    this.retryTimer = undefined;
    this.retryAt = undefined;
  }
}

/**
 * Creates a client; nothing happens until `connect()`.
 * @example
 * const client = createClient({ url: `ws://${location.host}/ws` });
 * client.on('fs:tree', ({ root }) => renderTree(root));
 * await client.connect();
 */
export function createClient(options: ClientOptions): PaigeClient {
  return new Client(options);
}

/**
 * Creates a client and connects it; resolves once `connection:init` arrived.
 * @throws PaigeClientError as {@link PaigeClient.connect}
 */
export async function connect(url: string, options: Omit<ClientOptions, 'url'> = {}): Promise<PaigeClient> {
  const client = createClient({ ...options, url });
  await client.connect();
  return client;
}
