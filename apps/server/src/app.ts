/**
 * The composition root: `createServer(config)` returns `{ url, start, stop }`; `start()` builds the backend's parts
 * by construction (`compose.ts`: no module singletons, no context object), then listens. Tests run the real server
 * in-process on port 0.
 */
import type { Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createAuth, loadOrCreateToken, type Auth } from './auth.js';
import type { ServerConfig } from './config.js';
import {
  createComponentsProvider,
  healthReport,
  type HealthComponents,
  type HealthReport,
  type WebComponent,
} from './health.js';
import { createHttpSurface, MCP_MAX_BODY_BYTES } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { composeServer, type ComposedServer, type ServerParts } from './compose.js';
import { createMcpSessionManager, type McpSessionManager } from './mcp/sessions.js';
import type { Clock } from './parts.js';
import { createPtyEndpoint, type PtySessionInfo } from './pty/endpoint.js';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file.js';
import { SERVER_VERSION } from './version.js';
import type * as WebPackage from '@paige/web';
import { DEFAULT_VIEW_ROUTES, loadWebPage, type WebPage } from './web.js';
import { serverWarmUpSteps, startWarmUp, type WarmUp, type WarmUpReport } from './warm-up.js';

/** Options of {@link createServer} beyond the configuration. */
export interface CreateServerOptions {
  logger?: Logger;
  /** `performance.now()` at process start, for `/health` uptime and the ready log. */
  startedAt?: number;
  /** The clock every part shares. Default `() => new Date()`. */
  now?: Clock;
  /** Overrides the `web` component of `/health` (default: what `start()` found: the page served at `/`, or why not). */
  web?: WebComponent;
}

/**
 * `start()` could not listen: `PORT_IN_USE` (EADDRINUSE), `PORT_FORBIDDEN` (EACCES: a privileged port) or
 * `HOST_UNAVAILABLE` (EADDRNOTAVAIL: no such local address). `message` is one line a user can act on.
 */
export class ListenError extends Error {
  constructor(
    readonly code: 'PORT_IN_USE' | 'PORT_FORBIDDEN' | 'HOST_UNAVAILABLE',
    readonly host: string,
    readonly port: number,
    message: string,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return new ListenError(
        'PORT_IN_USE',
        host,
        port,
        `port ${port} is already in use on ${host} (another Paige, or another program): stop it, or start with --port N (PORT=N; 0 picks a free port)`,
      );
    case 'EACCES':
      return new ListenError(
        'PORT_FORBIDDEN',
        host,
        port,
        `not allowed to listen on ${where}: choose a port above 1023 with --port N`,
      );
    case 'EADDRNOTAVAIL':
      return new ListenError(
        'HOST_UNAVAILABLE',
        host,
        port,
        `cannot listen on ${where}: ${host} is not an address of this machine (--host)`,
      );
    default:
      return err;
  }
}

/** Binds and releases `host:port` to find out whether `start()` can listen, before anything is opened. */
function probePort(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.unref();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, host, port)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** A running (or startable) Paige backend. */
export interface PaigeServer {
  /** `http://host:port` once started. @throws Error before `start()`. */
  readonly url: string;
  readonly port: number;
  /** The parts built by `start()` (tests and benchmarks inspect the store through them). @throws Error before `start()`. */
  readonly parts: ServerParts;
  /** Live MCP sessions. */
  readonly mcpSessionCount: number;
  /** The token of /ws and /pty (issue 17). @throws Error before `start()`. */
  readonly token: string;
  /** Live `/pty` sessions (empty when the terminal is disabled). */
  readonly terminals: readonly PtySessionInfo[];
  /** True once started when the built page is served at `/` (`PAIGE_WEB` on and the page built). */
  readonly webServed: boolean;
  /** What `/health` answers now. @throws Error before `start()`. */
  health(): HealthReport;
  /**
   * The warm-up after listen (`warm-up.ts`): resolves with its report once every step ran; `undefined` before
   * `start()` resolved.
   */
  readonly warmedUp: Promise<WarmUpReport> | undefined;
  /** Builds the parts (opens the database and the workspace), listens, starts services. Resolves when HTTP accepts connections. */
  start(): Promise<void>;
  /** Graceful shutdown; idempotent. */
  stop(): Promise<void>;
}

/** The built face found at start: the page (undefined when not built) and, when there is none, why. */
interface FoundWebPage {
  page: WebPage | undefined;
  viewRoutes: readonly string[];
  /** Why there is no page (`@paige/web is not installed`, `... is not built`). */
  detail?: string;
}

/**
 * The built face to serve: `PAIGE_WEB_DIR`, else `@paige/web`'s `dist/` (found through the package's export).
 * Logs a warning and returns no page when it was not built.
 */
async function findWebPage(config: ServerConfig, logger: Logger): Promise<FoundWebPage> {
  let pkg: typeof WebPackage | undefined;
  try {
    pkg = await import('@paige/web');
  } catch (err) {
    if (config.webDir === undefined) {
      logger.warn({ err }, 'the @paige/web package was not found: the page at / is off');
      return { page: undefined, viewRoutes: DEFAULT_VIEW_ROUTES, detail: '@paige/web is not installed' };
    }
  }
  const dir = config.webDir ?? (pkg as typeof WebPackage).webDistDir;
  const page = await loadWebPage(dir);
  if (!page)
    logger.warn({ dir }, 'the web page is not built (no index.html): / answers 503 until `pnpm build`');
  return {
    page,
    viewRoutes: pkg?.webViewRoutes ?? DEFAULT_VIEW_ROUTES,
    ...(page ? {} : { detail: 'the web page is not built (run pnpm build)' }),
  };
}

/** The `/health` `web` component for what {@link findWebPage} found (`undefined`: `PAIGE_WEB=false`). */
function webComponentOf(found: FoundWebPage | undefined): WebComponent {
  if (!found) return { status: 'off', built: false, detail: 'turned off (PAIGE_WEB=false)' };
  if (found.page) return { status: 'up', built: true };
  return { status: 'off', built: false, detail: found.detail ?? 'the web page is not built' };
}

/** Builds the backend for `config`; nothing listens or opens files until `start()`. */
export function createServer(config: ServerConfig, options: CreateServerOptions = {}): PaigeServer {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const startedAt = options.startedAt ?? performance.now();
  let composed: ComposedServer | undefined;
  let mcp: McpSessionManager | undefined;
  let http: Server | undefined;
  let components: (() => HealthComponents) | undefined;
  let port = 0;
  let webServed = false;
  let stopping: Promise<void> | undefined;
  let warmUp: WarmUp | undefined;
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
    get parts() {
      if (!composed) throw new Error('server not started');
      return composed.parts;
    },
    get mcpSessionCount() {
      return mcp?.size ?? 0;
    },
    health() {
      if (!components) throw new Error('server not started');
      return healthReport(SERVER_VERSION, startedAt, components);
    },
    get warmedUp() {
      return warmUp?.done;
    },
    async start() {
      const { token, source: tokenSource } = loadOrCreateToken({
        dataDir: config.dataDir,
        fixed: config.token,
        rotate: config.rotateToken,
        logger,
      });
      // A busy port fails here, before the database is opened or a session resumed.
      if (config.port !== 0) await probePort(config.host, config.port);
      const built = (composed = await composeServer(config, {
        logger,
        ...(options.now ? { now: options.now } : {}),
      }));
      const mcpSessions = (mcp = createMcpSessionManager({
        createMcpServer: built.createMcpServer,
        idleMs: config.mcpSessionIdleMs,
        maxSessions: config.mcpMaxSessions,
        maxBodyBytes: MCP_MAX_BODY_BYTES,
        logger: logger.child({ component: 'mcp' }),
      }));
      const ws = built.parts.hub;
      const web = config.web ? await findWebPage(config, logger) : undefined;
      webServed = web?.page !== undefined;
      components = createComponentsProvider(config, built.health, options.web ?? webComponentOf(web));
      const warm = serverWarmUpSteps({
        ws,
        mcp: mcpSessions,
        features: built.warmUpFeatures,
        probes: [() => built.parts.gh.refresh()],
      });
      const server = createHttpSurface({
        logger,
        mcp: mcpSessions,
        ws,
        allowedOrigins: config.allowedOrigins,
        bindHost: config.host,
        startedAt,
        version: SERVER_VERSION,
        components,
        auth: requireAuth,
        port: () => port,
        pty,
        web,
      });
      await new Promise<void>((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException) => reject(listenError(err, config.host, config.port));
        server.once('error', onError);
        server.listen(config.port, config.host, () => {
          server.off('error', onError);
          resolve();
        });
      });
      http = server;
      port = (server.address() as AddressInfo).port;
      auth = createAuth(token, port);
      writeRuntimeFile(config.dataDir, {
        url: urlOf(port),
        port,
        pid: process.pid,
        token,
        startedAt: new Date().toISOString(),
      });
      runtimeFileWritten = true;
      logger.info(
        {
          version: SERVER_VERSION,
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
      built.startBackground();
      warmUp = startWarmUp(warm, { logger: logger.child({ component: 'warm-up' }) });
    },
    stop() {
      stopping ??= (async () => {
        warmUp?.stop();
        logger.info('shutdown: closing http listener');
        const server = http;
        const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
        logger.info('shutdown: closing mcp transports');
        await mcp?.close();
        logger.info('shutdown: closing websocket clients');
        await composed?.parts.hub.close();
        if (pty) {
          logger.info('shutdown: hanging up terminals');
          await pty.close();
        }
        server?.closeAllConnections();
        await closed;
        await composed?.close();
        if (runtimeFileWritten) removeRuntimeFile(config.dataDir, { pid: process.pid, port });
        logger.info('shutdown: done');
      })();
      return stopping;
    },
  };
}
