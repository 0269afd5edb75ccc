/**
 * The /ws endpoint: connection tracking, the typed router, and broadcast (Story 5).
 *
 * `ws` runs in `noServer` mode on the HTTP server's `upgrade` event, so /ws shares the port with /mcp and
 * /health. Every inbound frame is parsed with `@paige/protocol` before a handler sees it; every outbound
 * message is validated against the server catalog. A failing handler answers its client with a typed
 * `connection:error` and never takes the connection or the server down.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  parseClientMessage,
  serverMessages,
  type ClientMessageType,
  type ClientPayload,
  type ServerMessageType,
  type ServerPayload,
} from '@paige/protocol';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';

/** Metadata kept per socket (Story 5 "Connection Metadata"). */
export interface ConnectionMeta {
  version?: string;
  platform?: string;
  windowSize?: { width: number; height: number };
  connectedAt: string;
  helloAt?: string;
  terminal?: { cols: number; rows: number };
}

/** One live WebSocket client. */
export interface Connection {
  readonly id: string;
  readonly ws: WebSocket;
  meta: ConnectionMeta;
}

/**
 * The request a broadcast answers: its copy to the requesting connection echoes `requestId` (DESIGN section 3: every
 * reply the server sends because of a message echoes its `id`); every other window gets the same message without it.
 */
export interface BroadcastOrigin {
  connectionId: string;
  requestId?: string | undefined;
}

/** What a handler gets besides its payload. */
export interface HandlerContext {
  readonly connection: Connection;
  /** The request's correlation id, echoed by {@link HandlerContext.reply}. */
  readonly requestId: string | undefined;
  /** This request as a {@link BroadcastOrigin}, for services that broadcast on its behalf. */
  readonly origin: BroadcastOrigin;
  /**
   * Sends a message to this client only, echoing the request id. For replies that carry the requester's own data
   * (a file's content, an explanation, a review, the dashboard it asked for).
   */
  reply<T extends ServerMessageType>(type: T, payload: ServerPayload<T>): void;
  /**
   * Sends a state change to every window (issue 20 item 2, Story 5 AS-9, EC-25): this client's copy echoes the
   * request id, the others get it without one.
   */
  broadcast<T extends ServerMessageType>(type: T, payload: ServerPayload<T>): void;
}

/** One handler per client message type: the mapped type makes the router complete by construction. */
export type ClientHandlers = {
  [T in ClientMessageType]: (payload: ClientPayload<T>, ctx: HandlerContext) => void | Promise<void>;
};

/** An error a handler may throw to answer with a specific wire code. */
export interface CodedError {
  code: string;
  message: string;
}

/** Options of {@link createWsHub}. */
export interface WsHubOptions {
  logger: Logger;
  /**
   * Largest accepted frame, bytes; a larger frame closes the socket with 1009 and a reason naming the limit
   * ({@link oversizeCloseReason}).
   */
  maxPayload: number;
  handlers: ClientHandlers;
  /** Maps a thrown error to a wire error; `undefined` -> `INTERNAL_ERROR`. */
  mapError?: (err: unknown) => CodedError | undefined;
  /**
   * Types handled concurrently (model-backed requests that may take seconds, matched by `id`). Every other
   * message of a connection is handled strictly in arrival order, so a save never overtakes the buffer
   * update before it.
   */
  concurrentTypes?: ReadonlySet<string>;
  /** The connection table the hub fills (built first: the features broadcast through it; see {@link createBroadcaster}). */
  broadcaster: Broadcaster;
}

/**
 * Sends server messages to the open /ws clients. Built before the features and the hub (the features broadcast
 * through it; the hub adds and removes the connections), so nothing waits for the hub to exist.
 */
export interface Broadcaster {
  /**
   * Validates and sends to every open client; with `origin`, the requesting client's copy echoes its request id.
   * @throws ZodError on a payload that breaks the catalog (a bug).
   */
  broadcast<T extends ServerMessageType>(type: T, payload: ServerPayload<T>, origin?: BroadcastOrigin): void;
  /** Validates and sends to one client. */
  send<T extends ServerMessageType>(conn: Connection, type: T, payload: ServerPayload<T>, id?: string): void;
  /** The open connections by id (the hub adds and removes them). */
  readonly connections: Map<string, Connection>;
}

/** The /ws hub. */
export interface WsHub extends Broadcaster {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Loads `ws` and creates the WebSocket server now instead of on the first upgrade (warm-up after listen). */
  warm(): Promise<void>;
  /** Closes every client with 1001 (going away). */
  close(): Promise<void>;
}

function encode(type: ServerMessageType, payload: unknown, id?: string): string {
  const schema = serverMessages[type];
  const checked: unknown = schema.parse(payload);
  return JSON.stringify(
    id === undefined
      ? { type, payload: checked, timestamp: new Date().toISOString() }
      : { type, payload: checked, id, timestamp: new Date().toISOString() },
  );
}

const sendRaw = (conn: Connection, data: string) => {
  if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(data);
};

/** Creates an empty connection table with its broadcast and send (see {@link Broadcaster}). */
export function createBroadcaster(): Broadcaster {
  const connections = new Map<string, Connection>();
  return {
    connections,
    broadcast(type, payload, origin) {
      const data = encode(type, payload);
      const echo = origin?.requestId === undefined ? undefined : connections.get(origin.connectionId);
      for (const conn of connections.values()) {
        if (conn === echo) sendRaw(conn, encode(type, payload, origin?.requestId));
        else sendRaw(conn, data);
      }
    },
    send(conn, type, payload, id) {
      sendRaw(conn, encode(type, payload, id));
    },
  };
}

/**
 * The close reason of a frame over the limit (at most 123 bytes, the WebSocket limit for a reason), e.g.
 * `message too big: frames are limited to 16777216 bytes (PAIGE_WS_MAX_PAYLOAD)`.
 */
export function oversizeCloseReason(maxPayload: number): string {
  return `message too big: frames are limited to ${maxPayload} bytes (PAIGE_WS_MAX_PAYLOAD)`;
}

/**
 * `ws` closes a socket whose frame exceeds `maxPayload` with 1009 and no reason. This gives that close (the only
 * 1009 the library sends on its own) a reason naming the limit, so the client can tell the user what happened.
 */
function explainOversizeClose(ws: WebSocket, maxPayload: number): void {
  const close = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) => {
    close(
      code,
      code === 1009 && (reason === undefined || reason.length === 0)
        ? oversizeCloseReason(maxPayload)
        : reason,
    );
  };
}

/** Creates the hub. */
export function createWsHub(opts: WsHubOptions): WsHub {
  const { logger } = opts;
  /**
   * `ws` (with its native `bufferutil` masking) is imported on the first upgrade: its load time stays off the
   * start-up path, and the first WebSocket client waits for it once.
   */
  let wssReady: Promise<WebSocketServer> | undefined;
  const getWss = (): Promise<WebSocketServer> =>
    (wssReady ??= import('ws').then(({ WebSocketServer: Server }) => {
      const server = new Server({ noServer: true, maxPayload: opts.maxPayload, perMessageDeflate: false });
      server.on('connection', onConnection);
      return server;
    }));
  const { connections, broadcast } = opts.broadcaster;
  /** Per-connection tail of the in-order frame chain (never rejects: `dispatch` and `invoke` catch). */
  const queues = new Map<string, Promise<void>>();

  function sendError(
    conn: Connection,
    code: string,
    message: string,
    context?: Record<string, unknown>,
    id?: string,
  ) {
    sendRaw(
      conn,
      encode(
        'connection:error',
        { code, message, ...(context ? { context } : {}) } as ServerPayload<'connection:error'>,
        id,
      ),
    );
  }

  async function dispatch(conn: Connection, raw: string): Promise<void> {
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      const e = parsed.error;
      if (e.code === 'UNKNOWN_TYPE') {
        // Story 5 AS-8: an unknown type is logged and ignored.
        logger.warn({ connectionId: conn.id, type: e.type }, 'unknown websocket message type ignored');
        return;
      }
      logger.warn({ connectionId: conn.id, code: e.code, type: e.type }, 'invalid websocket message');
      sendError(
        conn,
        e.code,
        e.message,
        { ...(e.type ? { type: e.type } : {}), ...(e.issues ? { issues: e.issues } : {}) },
        e.id,
      );
      return;
    }
    const msg = parsed.message;
    const origin: BroadcastOrigin = { connectionId: conn.id, requestId: msg.id };
    const ctx: HandlerContext = {
      connection: conn,
      requestId: msg.id,
      origin,
      reply: (type, payload) => sendRaw(conn, encode(type, payload, msg.id)),
      broadcast: (type, payload) => broadcast(type, payload, origin),
    };
    const handler = opts.handlers[msg.type] as (p: unknown, c: HandlerContext) => void | Promise<void>;
    const run = () => invoke(conn, msg.type, msg.id, () => handler(msg.payload, ctx));
    // a model-backed request must not hold up the editor's messages behind it
    if (opts.concurrentTypes?.has(msg.type)) void run();
    else await run();
  }

  /**
   * Queues one frame of a connection. Frames are decoded, parsed and handled strictly in arrival order, each in
   * its own macrotask, so a burst of large frames (a 200 KB buffer update is about 0.5 ms of decoding and JSON
   * parsing) never holds other clients and `/health` off the event loop.
   */
  function enqueue(conn: Connection, data: Buffer | ArrayBuffer | Buffer[]): void {
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    const step = (queues.get(conn.id) ?? Promise.resolve())
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => dispatch(conn, bytes.toString('utf8')))
      .catch((err: unknown) =>
        logger.error({ err, connectionId: conn.id }, 'websocket frame handling failed'),
      );
    queues.set(conn.id, step);
    void step.finally(() => {
      if (queues.get(conn.id) === step) queues.delete(conn.id);
    });
  }

  /** Runs one handler; a thrown error becomes a typed `connection:error` for this client only. */
  async function invoke(
    conn: Connection,
    type: string,
    id: string | undefined,
    fn: () => void | Promise<void>,
  ): Promise<void> {
    try {
      await fn();
    } catch (err) {
      const mapped = opts.mapError?.(err);
      if (mapped) {
        logger.info({ connectionId: conn.id, type, code: mapped.code }, mapped.message);
        sendError(conn, mapped.code, mapped.message, { type }, id);
      } else {
        logger.error({ err, connectionId: conn.id, type }, 'websocket handler failed');
        sendError(conn, 'INTERNAL_ERROR', `Handling ${type} failed`, { type }, id);
      }
    }
  }

  function onConnection(ws: WebSocket): void {
    explainOversizeClose(ws, opts.maxPayload);
    const conn: Connection = { id: randomUUID(), ws, meta: { connectedAt: new Date().toISOString() } };
    connections.set(conn.id, conn);
    logger.info({ connectionId: conn.id, clients: connections.size }, 'websocket connected');
    ws.on('message', (data) => enqueue(conn, data));
    ws.on('error', (err) => {
      // ws closes the socket itself (1009 for an oversized frame); log why.
      logger.warn({ connectionId: conn.id, err: err.message }, 'websocket error');
    });
    ws.on('close', (code, reason) => {
      connections.delete(conn.id);
      logger.info(
        { connectionId: conn.id, code, reason: reason.toString(), clients: connections.size },
        'websocket closed',
      );
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      getWss().then(
        (wss) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
        (err: unknown) => {
          logger.error({ err }, 'websocket server unavailable');
          socket.destroy();
        },
      );
    },
    broadcast,
    async warm() {
      await getWss();
    },
    send: opts.broadcaster.send,
    connections,
    async close() {
      if (!wssReady) return;
      const wss = await wssReady;
      for (const conn of connections.values()) conn.ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        if (connections.size === 0) return wss.close(done);
        const t = setTimeout(() => {
          for (const conn of connections.values()) conn.ws.terminate();
        }, 1000);
        t.unref();
        wss.close(() => {
          clearTimeout(t);
          done();
        });
      });
    },
  };
}
