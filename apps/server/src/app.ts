/**
 * The composition root: `createServer(config)` builds the whole backend graph by construction (no module
 * singletons) and returns `{ url, start, stop }`, so tests run the real server in-process on port 0.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createAuth, loadOrCreateToken, type Auth } from './auth.js';
import type { ServerConfig } from './config.js';
import { createHttpSurface, MCP_MAX_BODY_BYTES } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { createMcpSessionManager } from './mcp/sessions.js';
import { createAppContext, type AppContext } from './context.js';
import { installCoaching } from './features/coaching.js';
import { createMcpServerFactory } from './mcp/server.js';
import { createPtyEndpoint, type PtySessionInfo } from './pty/endpoint.js';
import { GC_PACE_BYTES, GC_PACE_MIN_FRAME_BYTES, minorGc } from './runtime.js';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file.js';
import type * as WebPackage from '@paige/web';
import { DEFAULT_VIEW_ROUTES, loadWebPage, type WebPage } from './web.js';
import { createWsHub, type WsHubOptions } from './ws/hub.js';
import { CONCURRENT_MESSAGE_TYPES, createClientHandlers, mapWireError } from './ws/handlers.js';

/** Options of {@link createServer} beyond the configuration. */
export interface CreateServerOptions {
  logger?: Logger;
  /** `performance.now()` at process start, for `/health` uptime and the ready log. */
  startedAt?: number;
  /** Overrides the hub's young-generation pacing (default: `runtime.ts` `minorGc` every 2 MiB of large frames). */
  gcPacing?: WsHubOptions['gcPacing'];
}

/** A running (or startable) Paige backend. */
export interface PaigeServer {
  /** `http://host:port` once started. @throws Error before `start()`. */
  readonly url: string;
  readonly port: number;
  /** The service graph (tests inspect the store through it). */
  readonly context: AppContext;
  /** Live MCP sessions. */
  readonly mcpSessionCount: number;
  /** The token of /ws and /pty (issue 17). @throws Error before `start()`. */
  readonly token: string;
  /** Live `/pty` sessions (empty when the terminal is disabled). */
  readonly terminals: readonly PtySessionInfo[];
  /** True once started when the built page is served at `/` (`PAIGE_WEB` on and the page built). */
  readonly webServed: boolean;
  /** Opens the database, starts services, listens. Resolves when HTTP accepts connections. */
  start(): Promise<void>;
  /** Graceful shutdown; idempotent. */
  stop(): Promise<void>;
}

/**
 * The built face to serve: `PAIGE_WEB_DIR`, else `@paige/web`'s `dist/` (found through the package's export).
 * Logs a warning and returns `undefined` when it was not built.
 */
async function findWebPage(config: ServerConfig, logger: Logger): Promise<{ page: WebPage | undefined; viewRoutes: readonly string[] }> {
  let pkg: typeof WebPackage | undefined;
  try {
    pkg = await import('@paige/web');
  } catch (err) {
    if (config.webDir === undefined) {
      logger.warn({ err }, 'the @paige/web package was not found: the page at / is off');
      return { page: undefined, viewRoutes: DEFAULT_VIEW_ROUTES };
    }
  }
  const dir = config.webDir ?? (pkg as typeof WebPackage).webDistDir;
  const page = await loadWebPage(dir);
  if (!page) logger.warn({ dir }, 'the web page is not built (no index.html): / answers 503 until `pnpm build`');
  return { page, viewRoutes: pkg?.webViewRoutes ?? DEFAULT_VIEW_ROUTES };
}

/** Builds the backend for `config`; nothing listens or opens files until `start()`. */
export function createServer(config: ServerConfig, options: CreateServerOptions = {}): PaigeServer {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const startedAt = options.startedAt ?? performance.now();
  const ctx = createAppContext(config, logger);
  installCoaching(ctx);
  let http: Server | undefined;
  let port = 0;
  let webServed = false;
  let stopping: Promise<void> | undefined;

  const mcp = createMcpSessionManager({
    createMcpServer: createMcpServerFactory(ctx),
    idleMs: config.mcpSessionIdleMs,
    maxSessions: config.mcpMaxSessions,
    maxBodyBytes: MCP_MAX_BODY_BYTES,
    logger: logger.child({ component: 'mcp' }),
  });
  const ws = createWsHub({
    logger: logger.child({ component: 'ws' }),
    maxPayload: config.wsMaxPayload,
    handlers: createClientHandlers(ctx),
    mapError: mapWireError,
    concurrentTypes: CONCURRENT_MESSAGE_TYPES,
    gcPacing: options.gcPacing ?? { minFrameBytes: GC_PACE_MIN_FRAME_BYTES, everyBytes: GC_PACE_BYTES, collect: minorGc },
  });
  ctx.attachHub(ws);
  let auth: Auth | undefined;
  let runtimeFileWritten = false;
  const urlOf = (p: number) => `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${p}`;
  const pty = config.terminal.enabled
    ? createPtyEndpoint({
        logger: logger.child({ component: 'pty' }),
        cwd: config.projectDir,
        command: () => ({
          command: config.terminal.command,
          searchPath: config.terminal.env.PATH,
          shell: config.terminal.env.SHELL,
          pluginDir: config.terminal.pluginDir,
        }),
        env: () => ({ ...config.terminal.env, PAIGE_URL: urlOf(port) }),
      })
    : undefined;
  const requireAuth = (): Auth => {
    if (!auth) throw new Error('server not started');
    return auth;
  };

  return {
    get url() {
      if (!http) throw new Error('server not started');
      return urlOf(port);
    },
    get token() {
      return requireAuth().token;
    },
    get terminals() {
      return pty?.sessions ?? [];
    },
    get port() {
      return port;
    },
    get webServed() {
      return webServed;
    },
    context: ctx,
    get mcpSessionCount() {
      return mcp.size;
    },
    async start() {
      const { token, source: tokenSource } = loadOrCreateToken({ dataDir: config.dataDir, fixed: config.token, rotate: config.rotateToken, logger });
      await ctx.open();
      const web = config.web ? await findWebPage(config, logger) : undefined;
      webServed = web?.page !== undefined;
      http = createHttpSurface({
        logger,
        mcp,
        ws,
        allowedOrigins: config.allowedOrigins,
        bindHost: config.host,
        startedAt,
        auth: requireAuth,
        port: () => port,
        pty,
        web,
      });
      const server = http;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      port = (server.address() as AddressInfo).port;
      auth = createAuth(token, port);
      writeRuntimeFile(config.dataDir, { url: urlOf(port), port, pid: process.pid, token, startedAt: new Date().toISOString() });
      runtimeFileWritten = true;
      logger.info(
        {
          host: config.host,
          port,
          projectDir: config.projectDir,
          dataDir: config.dataDir,
          startupMs: Math.round(performance.now() - startedAt),
          tokenSource,
          terminal: config.terminal.enabled,
        },
        `ready on ${urlOf(port)} (${web?.page ? '/, ' : ''}/health, /mcp, /ws${pty ? ', /pty' : ''}); open ${urlOf(port)}/?token=${token}`,
      );
      ctx.startBackground();
    },
    stop() {
      stopping ??= (async () => {
        logger.info('shutdown: closing http listener');
        const server = http;
        const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
        logger.info('shutdown: closing mcp transports');
        await mcp.close();
        logger.info('shutdown: closing websocket clients');
        await ws.close();
        if (pty) {
          logger.info('shutdown: hanging up terminals');
          await pty.close();
        }
        server?.closeAllConnections();
        await closed;
        await ctx.close();
        if (runtimeFileWritten) removeRuntimeFile(config.dataDir, { pid: process.pid, port });
        logger.info('shutdown: done');
      })();
      return stopping;
    },
  };
}
