/**
 * The HTTP surface: hono for /health, /mcp and the token exchange, and the WebSocket upgrades of /ws and /pty, on one
 * Node server.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { PtySizeSchema, type PtySize } from '@paige/protocol';
import { Hono } from 'hono';
import { bearerOf, tokenExchange, type Auth } from './auth.js';
import { healthReport, type HealthComponents } from './health.js';
import type { Logger } from './logger.js';
import type { McpSessionManager } from './mcp/sessions.js';
import type { PtyEndpoint } from './pty/endpoint.js';
import { checkRequestOrigin } from './security.js';
import { mountWebPage, type WebPage } from './web.js';
import type { WsHub } from './ws/hub.js';

/** MCP request bodies are capped at 4 MiB (DESIGN section 7). */
export const MCP_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Options of {@link createHttpSurface}. */
export interface HttpSurfaceOptions {
  logger: Logger;
  mcp: McpSessionManager;
  ws: WsHub;
  allowedOrigins: readonly string[];
  bindHost: string;
  /** Monotonic start time (ms, `performance.now()` clock) for `/health` uptime. */
  startedAt: number;
  /** The token checks (available once the server listens: the cookie name holds the port). */
  auth: () => Auth;
  /** The port the server listens on (the own-origin rule of /ws and /pty). */
  port: () => number;
  /** The terminal endpoint; `undefined` when `PAIGE_TERMINAL=false` (then /pty answers 404). */
  pty?: PtyEndpoint | undefined;
  /**
   * The face at `/` (`PAIGE_WEB`): `{ page }` serves it (`page` undefined = not built: a 503 that says how to
   * build it); omitted = no page (every other path is a JSON 404 as before).
   */
  web?: { page: WebPage | undefined; viewRoutes: readonly string[] } | undefined;
  /** Version reported by `/health`. */
  version: string;
  /**
   * State of each component for `/health`, called on every request: it must read memory only (no I/O, no await).
   * See `health.ts` `createComponentsProvider`.
   */
  components: () => HealthComponents;
}

/** Initial terminal size from the `/pty` upgrade query (`?cols=&rows=`, default 80 x 24), or an error text. */
export function ptySizeFromQuery(url: URL): { ok: true; size: PtySize } | { ok: false; reason: string } {
  const read = (name: string, def: number) => {
    const v = url.searchParams.get(name);
    return v === null ? def : /^\d{1,6}$/.test(v) ? Number(v) : Number.NaN;
  };
  const parsed = PtySizeSchema.safeParse({ cols: read('cols', 80), rows: read('rows', 24) });
  if (parsed.success) return { ok: true, size: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    reason: `invalid terminal size (${String(issue?.path[0] ?? 'size')}: ${issue?.message ?? 'invalid'}): cols must be 1..1000 and rows 1..500`,
  };
}

/**
 * The hono app of the HTTP routes (`/health`, the token exchange, `/auth`, `/mcp`, the page): testable in-process with
 * `app.request()`, no port. The WebSocket upgrades of `/ws` and `/pty` are on the Node server ({@link createHttpSurface}).
 */
export function createHttpApp(
  opts: Omit<HttpSurfaceOptions, 'ws' | 'pty'>,
): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.get('/health', (c) =>
    c.json(healthReport(opts.version, opts.startedAt, opts.components), 200, { 'cache-control': 'no-store' }),
  );

  // `/?token=...` -> cookie + redirect; before any other route (the web page is served at `/`)
  app.use('*', tokenExchange({ auth: opts.auth, bindHost: opts.bindHost, logger: opts.logger }));

  // Whether this browser holds the token: a page cannot read the status of a refused WebSocket upgrade, so it asks
  // here before connecting (204, or 401 with the reason) and tells the user to open the URL from the start log.
  app.get('/auth', (c) => {
    const host = checkRequestOrigin({ host: c.req.header('host') }, [], opts.bindHost);
    if (!host.ok) return c.json({ error: `Forbidden: ${host.reason}` }, 403);
    const verdict = opts
      .auth()
      .check({ authorization: c.req.header('authorization'), cookie: c.req.header('cookie') });
    c.header('cache-control', 'no-store');
    return verdict === 'ok' ? c.body(null, 204) : c.json({ error: `${verdict} token` }, 401);
  });

  app.use('/mcp', async (c, next) => {
    const check = checkRequestOrigin(
      { host: c.req.header('host'), origin: c.req.header('origin') },
      opts.allowedOrigins,
      opts.bindHost,
    );
    if (!check.ok) {
      opts.logger.warn({ path: '/mcp', reason: check.reason }, 'request rejected (403)');
      return c.json(
        { jsonrpc: '2.0', error: { code: -32000, message: `Forbidden: ${check.reason}` }, id: null },
        403,
      );
    }
    // /mcp needs no token (Claude Code's plugin has none); a client that presents one must present the right one
    const bearer = bearerOf(c.req.header('authorization'));
    if (bearer !== undefined && !opts.auth().matches(bearer)) {
      opts.logger.warn({ path: '/mcp' }, 'request rejected: wrong bearer token (401)');
      return c.json(
        { jsonrpc: '2.0', error: { code: -32001, message: 'Unauthorized: wrong bearer token' }, id: null },
        401,
      );
    }
    return next();
  });
  app.on(['GET', 'POST', 'DELETE'], '/mcp', (c) => opts.mcp.handle(c.req.raw, c.env.incoming));
  app.all('/mcp', (c) =>
    c.json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed' }, id: null }, 405, {
      allow: 'GET, POST, DELETE',
    }),
  );
  if (opts.web)
    mountWebPage(app, {
      page: opts.web.page,
      viewRoutes: opts.web.viewRoutes,
      bindHost: opts.bindHost,
      logger: opts.logger,
    });
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    opts.logger.error({ err, path: c.req.path }, 'http handler failed');
    return c.json({ error: 'internal error' }, 500);
  });

  return app;
}

/** Builds the Node HTTP server (not listening yet): {@link createHttpApp} plus the WebSocket upgrades. */
export function createHttpSurface(opts: HttpSurfaceOptions): Server {
  const app = createHttpApp(opts);
  const server = createHttpServer(getRequestListener(app.fetch));
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reject = (status: number, text: string, body = '', extra = '') => {
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n${extra}Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      // An upgrade socket is no longer the HTTP server's: read (and drop) whatever the client still sends so its
      // close is seen, and destroy it after 1 s at the latest, or `server.close()` would wait for it forever.
      socket.resume();
      setTimeout(() => socket.destroy(), 1000).unref();
    };
    const path = url.pathname;
    const pty = path === '/pty' ? opts.pty : undefined;
    if (path !== '/ws' && !pty) return reject(404, 'Not Found');
    const denied = checkSocketDoor(req, path);
    if (denied)
      return reject(
        denied.status,
        denied.text,
        denied.body,
        denied.status === 401 ? 'WWW-Authenticate: Bearer realm="paige"\r\n' : '',
      );
    if (!pty) return opts.ws.handleUpgrade(req, socket, head);
    const size = ptySizeFromQuery(url);
    if (!size.ok) return reject(400, 'Bad Request', `${size.reason}\n`);
    if (!pty.hasRoom) {
      opts.logger.warn({ path }, 'terminal refused: too many sessions (503)');
      return reject(503, 'Service Unavailable', 'too many terminal sessions: close one first\n');
    }
    pty.handleUpgrade(req, socket, head, size.size);
  });

  /**
   * The doors of /ws and /pty (issue 17): Host and the narrowed Origin (403), then the token (401), before anything
   * is started. @returns the refusal, or `undefined` to go on.
   */
  function checkSocketDoor(
    req: IncomingMessage,
    path: string,
  ): { status: number; text: string; body: string } | undefined {
    const check = checkRequestOrigin(
      { host: req.headers.host, origin: req.headers.origin },
      opts.allowedOrigins,
      opts.bindHost,
      {
        port: opts.port(),
      },
    );
    if (!check.ok) {
      opts.logger.warn({ path, reason: check.reason }, 'websocket upgrade rejected (403)');
      return { status: 403, text: 'Forbidden', body: `Forbidden: ${check.reason}\n` };
    }
    const auth = opts.auth();
    const verdict = auth.check({ authorization: req.headers.authorization, cookie: req.headers.cookie });
    if (verdict !== 'ok') {
      opts.logger.warn({ path, reason: `${verdict} token` }, 'websocket upgrade rejected (401)');
      return {
        status: 401,
        text: 'Unauthorized',
        body: `Unauthorized: ${verdict} token. Open the URL the Paige server printed at start (it sets the ${auth.cookieName} cookie) or send Authorization: Bearer <token> (DATA_DIR/server.json).\n`,
      };
    }
    return undefined;
  }
  return server;
}
