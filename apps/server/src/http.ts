/**
 * The HTTP surface: hono for /health and /mcp, and the WebSocket upgrade for /ws, on one Node server.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { healthReport, type HealthComponents } from './health.js';
import type { Logger } from './logger.js';
import type { McpSessionManager } from './mcp/sessions.js';
import { checkRequestOrigin } from './security.js';
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
  /** Version reported by `/health`. */
  version: string;
  /**
   * State of each component for `/health`, called on every request: it must read memory only (no I/O, no await).
   * See `health.ts` `createComponentsProvider`.
   */
  components: () => HealthComponents;
}

/** Builds the Node HTTP server (not listening yet). */
export function createHttpSurface(opts: HttpSurfaceOptions): Server {
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.get('/health', (c) =>
    c.json(healthReport(opts.version, opts.startedAt, opts.components), 200, { 'cache-control': 'no-store' }),
  );

  app.use('/mcp', async (c, next) => {
    const check = checkRequestOrigin(
      { host: c.req.header('host'), origin: c.req.header('origin') },
      opts.allowedOrigins,
      opts.bindHost,
    );
    if (!check.ok) {
      opts.logger.warn({ path: '/mcp', reason: check.reason }, 'request rejected (403)');
      return c.json({ jsonrpc: '2.0', error: { code: -32000, message: `Forbidden: ${check.reason}` }, id: null }, 403);
    }
    return next();
  });
  app.on(['GET', 'POST', 'DELETE'], '/mcp', (c) => opts.mcp.handle(c.req.raw, c.env.incoming));
  app.all('/mcp', (c) =>
    c.json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed' }, id: null }, 405, {
      allow: 'GET, POST, DELETE',
    }),
  );
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    opts.logger.error({ err, path: c.req.path }, 'http handler failed');
    return c.json({ error: 'internal error' }, 500);
  });

  const server = createHttpServer(getRequestListener(app.fetch));
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return reject(404, 'Not Found');
    const check = checkRequestOrigin(
      { host: req.headers.host, origin: req.headers.origin },
      opts.allowedOrigins,
      opts.bindHost,
    );
    if (!check.ok) {
      opts.logger.warn({ path: '/ws', reason: check.reason }, 'websocket upgrade rejected (403)');
      return reject(403, 'Forbidden');
    }
    opts.ws.handleUpgrade(req, socket, head);
  });
  return server;
}
