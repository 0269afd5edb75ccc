/**
 * Stateful MCP Streamable HTTP sessions (Story 1, Story 6; DESIGN section 9).
 *
 * One `WebStandardStreamableHTTPServerTransport` and one `McpServer` per MCP session, created by an
 * `initialize` request without `Mcp-Session-Id`; the SDK generates the session id (UUID) and returns it in
 * the `Mcp-Session-Id` header. Unknown session id -> 404, missing id on a non-initialize request -> 400, except:
 *
 * A single `tools/call` request without `Mcp-Session-Id` is answered statelessly (the Streamable HTTP transport's
 * session-less mode): a one-shot server handles that one request, answers with JSON and is closed. This lets a
 * client with a tight deadline make one HTTP request instead of four (initialize, initialized, call, DELETE); the
 * Claude Code plugin's SessionEnd hook sends the transcript this way (issue 19 item 6).
 * Sessions idle for `idleMs` are closed, and at most `maxSessions` live at once (the least recently used is
 * evicted first), so a client that never sends DELETE cannot grow memory without bound.
 *
 * The SDK is imported on the first /mcp request, which keeps it off the server's start-up path.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Logger } from '../logger.js';

interface LiveSession {
  id: string;
  transport: WebStandardStreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
}

/** Options of {@link createMcpSessionManager}. */
export interface McpSessionManagerOptions {
  /** Builds a fresh `McpServer` with every tool registered, for one session. */
  createMcpServer: () => McpServer | Promise<McpServer>;
  /** Idle time (ms) after which a session is closed. */
  idleMs: number;
  /** Maximum live sessions. */
  maxSessions: number;
  /** Largest accepted POST body, bytes (DESIGN section 7: 4 MiB); larger -> 413. */
  maxBodyBytes: number;
  logger: Logger;
  now?: () => number;
  /** Called after an idle sweep closed at least one session, with how many it closed. */
  onIdleSwept?: (closed: number) => void;
}

/** The /mcp endpoint's session table. */
export interface McpSessionManager {
  /**
   * Handles one HTTP request to /mcp (POST, GET, DELETE). `incoming` is the Node request behind `req`: the body is
   * read from it directly (no WHATWG stream, no full `Request` object built: about 0.2 ms per call); `req` serves the
   * method, URL and headers.
   */
  handle(req: Request, incoming: IncomingMessage): Promise<Response>;
  /** Number of live sessions. */
  readonly size: number;
  /**
   * Loads the MCP SDK and builds (then discards) one `McpServer` with every tool registered, so the first
   * `initialize` finds everything loaded (warm-up after listen).
   */
  warm(): Promise<void>;
  /** Closes idle sessions now (also runs on a timer). Returns how many were closed. */
  sweepIdle(): Promise<number>;
  /** Closes every session and stops the sweep timer. */
  close(): Promise<void>;
}

const SESSION_HEADER = 'mcp-session-id';

function jsonRpcError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/**
 * Reads a Node request body up to `limit` bytes. Resolves with the bytes, or with `null` as soon as the body grows past
 * the limit (reading stops there; the caller answers 413 and closes the connection, so the rest is never buffered).
 * @throws Error when the client aborts the request before its end
 */
function readNodeBody(incoming: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        incoming.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('request aborted before its body ended'));
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

/** A single JSON-RPC request (not a batch, not a notification) calling a tool. */
function isSingleToolsCall(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const m = body as { jsonrpc?: unknown; method?: unknown; id?: unknown };
  return (
    m.jsonrpc === '2.0' && m.method === 'tools/call' && (typeof m.id === 'string' || typeof m.id === 'number')
  );
}

type SdkModules = {
  Transport: typeof WebStandardStreamableHTTPServerTransport;
  isInitializeRequest: (value: unknown) => boolean;
};

/** Creates the session table; see the module comment for the rules. */
export function createMcpSessionManager(opts: McpSessionManagerOptions): McpSessionManager {
  const now = opts.now ?? Date.now;
  const sessions = new Map<string, LiveSession>();
  let sdk: Promise<SdkModules> | undefined;
  const loadSdk = () =>
    (sdk ??= Promise.all([
      import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
      import('@modelcontextprotocol/sdk/types.js'),
    ]).then(([t, types]) => ({
      Transport: t.WebStandardStreamableHTTPServerTransport,
      isInitializeRequest: types.isInitializeRequest,
    })));

  const sweepEvery = Math.max(250, Math.min(60_000, Math.floor(opts.idleMs / 4)));
  const timer = setInterval(() => void sweepIdle(), sweepEvery);
  timer.unref();

  async function closeSession(s: LiveSession, why: string): Promise<void> {
    if (!sessions.delete(s.id)) return;
    opts.logger.debug({ mcpSessionId: s.id, why }, 'mcp session closed');
    try {
      await s.transport.close();
    } catch (err) {
      opts.logger.warn({ err, mcpSessionId: s.id }, 'closing mcp transport failed');
    }
    try {
      await s.server.close();
    } catch {
      // already closed with its transport
    }
  }

  async function sweepIdle(): Promise<number> {
    const cutoff = now() - opts.idleMs;
    const idle = [...sessions.values()].filter((s) => s.lastSeen <= cutoff);
    for (const s of idle) await closeSession(s, 'idle');
    if (idle.length) {
      opts.logger.info({ closed: idle.length, live: sessions.size }, 'idle mcp sessions closed');
      opts.onIdleSwept?.(idle.length);
    }
    return idle.length;
  }

  async function evictForCapacity(): Promise<void> {
    while (sessions.size >= opts.maxSessions) {
      let oldest: LiveSession | undefined;
      for (const s of sessions.values()) if (!oldest || s.lastSeen < oldest.lastSeen) oldest = s;
      if (!oldest) return;
      opts.logger.info(
        { mcpSessionId: oldest.id, max: opts.maxSessions },
        'mcp session cap reached: evicting least recently used',
      );
      await closeSession(oldest, 'capacity');
    }
  }

  /** Reads and parses the JSON body, refusing more than `maxBodyBytes` (declared or streamed) with 413. */
  async function readJson(
    req: Request,
    incoming: IncomingMessage,
  ): Promise<{ ok: true; body: unknown } | { ok: false; res: Response }> {
    const limit =
      opts.maxBodyBytes % 1_048_576 === 0
        ? `${opts.maxBodyBytes / 1_048_576} MiB`
        : `${opts.maxBodyBytes} bytes`;
    // The unread rest of the body is not drained: the connection is closed after the answer.
    const tooLarge = () => ({
      ok: false as const,
      res: jsonRpcError(413, -32000, `Request body exceeds ${limit}`, { connection: 'close' }),
    });
    if (Number(req.headers.get('content-length') ?? 0) > opts.maxBodyBytes) return tooLarge();
    const bytes = await readNodeBody(incoming, opts.maxBodyBytes);
    if (bytes === null) return tooLarge();
    try {
      return { ok: true, body: JSON.parse(bytes.toString('utf8')) };
    } catch {
      return { ok: false, res: jsonRpcError(400, -32700, 'Parse error: request body is not valid JSON') };
    }
  }

  async function handle(req: Request, incoming: IncomingMessage): Promise<Response> {
    const { Transport, isInitializeRequest } = await loadSdk();
    const sessionId = req.headers.get(SESSION_HEADER);
    let parsedBody: unknown;
    if (req.method === 'POST') {
      const r = await readJson(req, incoming);
      if (!r.ok) return r.res;
      parsedBody = r.body;
    }

    if (sessionId) {
      const s = sessions.get(sessionId);
      if (!s)
        return jsonRpcError(
          404,
          -32001,
          'Session not found: it ended or expired; send a new initialize request',
        );
      s.lastSeen = now();
      const res = await s.transport.handleRequest(req, parsedBody === undefined ? undefined : { parsedBody });
      if (req.method === 'DELETE' && res.ok) await closeSession(s, 'deleted by client');
      return res;
    }

    if (req.method === 'POST' && isSingleToolsCall(parsedBody)) return handleOnce(req, parsedBody);

    const isInit =
      req.method === 'POST' &&
      (isInitializeRequest(parsedBody) ||
        (Array.isArray(parsedBody) && parsedBody.some((m) => isInitializeRequest(m))));
    if (!isInit) {
      return jsonRpcError(
        400,
        -32000,
        'Bad Request: Mcp-Session-Id header is required (send initialize first)',
      );
    }

    await evictForCapacity();
    const server = await opts.createMcpServer();
    let live: LiveSession | undefined;
    const transport = new Transport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        live = { id, transport, server, lastSeen: now() };
        sessions.set(id, live);
        opts.logger.debug({ mcpSessionId: id, live: sessions.size }, 'mcp session initialized');
      },
      onsessionclosed: (id) => {
        const s = sessions.get(id);
        if (s) void closeSession(s, 'deleted by client');
      },
    });
    transport.onclose = () => {
      if (live) sessions.delete(live.id);
    };
    await server.connect(transport);
    const res = await transport.handleRequest(req, { parsedBody });
    if (!live) {
      // initialize failed (e.g. invalid params): nothing to keep
      await transport.close().catch(() => undefined);
      await server.close().catch(() => undefined);
    }
    return res;
  }

  /** Serves one session-less `tools/call` with a one-shot server (see the module comment). */
  async function handleOnce(req: Request, parsedBody: unknown): Promise<Response> {
    const { Transport } = await loadSdk();
    const server = await opts.createMcpServer();
    const transport = new Transport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(req, { parsedBody });
    } finally {
      await transport.close().catch(() => undefined);
      await server.close().catch(() => undefined);
    }
  }

  return {
    handle,
    async warm() {
      await loadSdk();
      const server = await opts.createMcpServer();
      await server.close().catch(() => undefined);
    },
    get size() {
      return sessions.size;
    },
    sweepIdle,
    async close() {
      clearInterval(timer);
      for (const s of [...sessions.values()]) await closeSession(s, 'server shutdown');
    },
  };
}
