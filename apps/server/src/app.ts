/**
 * The composition root: `createServer(config)` builds the whole backend graph by construction (no module
 * singletons) and returns `{ url, start, stop }`, so tests run the real server in-process on port 0.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ServerConfig } from './config.js';
import { createHttpSurface, MCP_MAX_BODY_BYTES } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { createMcpSessionManager } from './mcp/sessions.js';
import { createAppContext, type AppContext } from './context.js';
import { installCoaching } from './features/coaching.js';
import { createMcpServerFactory } from './mcp/server.js';
import { compactHeap, GC_PACE_BYTES, GC_PACE_MIN_FRAME_BYTES, minorGc } from './runtime.js';
import { runWarmUpSteps, serverWarmUpSteps, startWarmUp, type WarmUp, type WarmUpReport } from './warm-up.js';
import { createWsHub, type WsHubOptions } from './ws/hub.js';
import { CONCURRENT_MESSAGE_TYPES, createClientHandlers, mapWireError } from './ws/handlers.js';

/** An MCP idle sweep closing at least this many sessions compacts the heap afterwards (`runtime.ts` `compactHeap`). */
export const COMPACT_AFTER_SWEPT_SESSIONS = 16;

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
  /**
   * The warm-up after listen (`warm-up.ts`; the MCP SDK is loaded before listening): resolves with its report once
   * every step ran; `undefined` before `start()` resolved.
   */
  readonly warmedUp: Promise<WarmUpReport> | undefined;
  /** Opens the database, starts services, listens. Resolves when HTTP accepts connections. */
  start(): Promise<void>;
  /** Graceful shutdown; idempotent. */
  stop(): Promise<void>;
}

/** Builds the backend for `config`; nothing listens or opens files until `start()`. */
export function createServer(config: ServerConfig, options: CreateServerOptions = {}): PaigeServer {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const startedAt = options.startedAt ?? performance.now();
  const ctx = createAppContext(config, logger);
  installCoaching(ctx);
  let http: Server | undefined;
  let port = 0;
  let stopping: Promise<void> | undefined;
  let warmUp: WarmUp | undefined;

  const mcp = createMcpSessionManager({
    createMcpServer: createMcpServerFactory(ctx),
    idleMs: config.mcpSessionIdleMs,
    maxSessions: config.mcpMaxSessions,
    maxBodyBytes: MCP_MAX_BODY_BYTES,
    logger: logger.child({ component: 'mcp' }),
    // Many sessions swept at once leave their heap committed: give it back while the server is idle anyway.
    onIdleSwept: (closed) => {
      if (closed < COMPACT_AFTER_SWEPT_SESSIONS) return;
      compactHeap().then(
        ({ rssBefore, rssAfter }) => logger.info({ closed, rssBeforeMb: Math.round(rssBefore / 2 ** 20), rssAfterMb: Math.round(rssAfter / 2 ** 20) }, 'heap compacted after the MCP idle sweep'),
        (err: unknown) => logger.warn({ err }, 'heap compaction failed'),
      );
    },
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

  return {
    get url() {
      if (!http) throw new Error('server not started');
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      return `http://${host}:${port}`;
    },
    get port() {
      return port;
    },
    context: ctx,
    get mcpSessionCount() {
      return mcp.size;
    },
    get warmedUp() {
      return warmUp?.done;
    },
    async start() {
      await ctx.open();
      const warm = serverWarmUpSteps({
        ws,
        mcp,
        features: [
          () => import('./features/dashboard.js'),
          () => import('./features/explain.js'),
          () => import('./features/practice.js'),
          () => ctx.llm(),
        ],
        probes: [() => ctx.gh.refresh()],
      });
      const warmLog = logger.child({ component: 'warm-up' });
      await runWarmUpSteps(warm.beforeListen, { logger: warmLog });
      http = createHttpSurface({
        logger,
        mcp,
        ws,
        allowedOrigins: config.allowedOrigins,
        bindHost: config.host,
        startedAt,
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
      logger.info(
        {
          host: config.host,
          port,
          projectDir: config.projectDir,
          dataDir: config.dataDir,
          startupMs: Math.round(performance.now() - startedAt),
        },
        `ready on http://${config.host}:${port} (/health, /mcp, /ws)`,
      );
      ctx.startBackground();
      warmUp = startWarmUp(warm.afterListen, { logger: warmLog });
    },
    stop() {
      stopping ??= (async () => {
        warmUp?.stop();
        logger.info('shutdown: closing http listener');
        const server = http;
        const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
        logger.info('shutdown: closing mcp transports');
        await mcp.close();
        logger.info('shutdown: closing websocket clients');
        await ws.close();
        server?.closeAllConnections();
        await closed;
        await ctx.close();
        logger.info('shutdown: done');
      })();
      return stopping;
    },
  };
}
