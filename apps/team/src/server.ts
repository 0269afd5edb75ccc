/**
 * `createTeamServer(config)`: opens and migrates the database, builds the HTTP API and listens; `stop()` closes the
 * HTTP server (in-flight requests finish) and then the database. Stateless apart from the database: several
 * instances may serve one Postgres (set the same `PAIGE_TEAM_TOKEN` on each).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { createTeamApp } from './app.js';
import type { TeamConfig } from './config.js';
import { openTeamDatabase, type TeamDatabase } from './db/index.js';
import { loadOrCreateMentorToken, removeRuntimeInfo, writeRuntimeInfo } from './files.js';
import type { Logger } from './logger.js';
import { TEAM_VERSION } from './version.js';

/** A running (or startable) team server. */
export interface TeamServer {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `http://host:port` once started. */
  readonly url: string;
  readonly port: number;
  /** The mentor's token (the page's `/?token=...`, Bearer on `/api/mentor/*`). */
  readonly mentorToken: string;
  /** The mentor page's URL with its token. */
  readonly mentorUrl: string;
  readonly database: TeamDatabase | undefined;
}

/** The built mentor page next to this module (`dist/web`), if built. */
export function defaultWebDir(): string | undefined {
  // dist/web next to the built module, or (running from src/ in tests) the package's dist/web
  return [new URL('./web', import.meta.url), new URL('../dist/web', import.meta.url)]
    .map((u) => fileURLToPath(u))
    .find((dir) => existsSync(`${dir}/index.html`));
}

export function createTeamServer(
  config: TeamConfig,
  deps: { logger: Logger; webDir?: string | undefined },
): TeamServer {
  const { logger } = deps;
  const mentorToken = loadOrCreateMentorToken(config.dataDir, config.mentorToken);
  let database: TeamDatabase | undefined;
  let http: ServerType | undefined;
  let port = config.port;
  const baseUrl = () =>
    config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  return {
    get url() {
      return baseUrl();
    },
    get port() {
      return port;
    },
    mentorToken,
    get mentorUrl() {
      return `${baseUrl()}/?token=${mentorToken}`;
    },
    get database() {
      return database;
    },
    async start() {
      const t0 = performance.now();
      database = await openTeamDatabase({
        url: config.databaseUrl,
        dataDir: config.dataDir,
        onPoolError: (err) =>
          logger.warn({ err: err.message }, 'database connection lost; reconnecting on demand'),
      });
      await database.migrate();
      const app = createTeamApp({
        database,
        mentorToken,
        teamName: config.teamName,
        version: TEAM_VERSION,
        logger,
        rateLimit: config.rateLimit,
        webDir: deps.webDir === undefined ? defaultWebDir() : deps.webDir,
      });
      await new Promise<void>((resolve, reject) => {
        const server = serve(
          { fetch: app.fetch, port: config.port, hostname: config.host },
          (info: AddressInfo) => {
            port = info.port;
            resolve();
          },
        );
        server.once('error', (err: NodeJS.ErrnoException) =>
          reject(
            err.code === 'EADDRINUSE'
              ? new Error(`port ${config.port} is in use: pick another with --port`)
              : err,
          ),
        );
        http = server;
      });
      writeRuntimeInfo(config.dataDir, { url: baseUrl(), port, pid: process.pid, token: mentorToken });
      logger.info(
        { database: database.driver, ms: Math.round(performance.now() - t0) },
        `ready on ${baseUrl()} (/, /health, /api); mentor's view: open ${baseUrl()}/?token=${mentorToken}`,
      );
    },
    async stop() {
      if (http) {
        const server = http;
        http = undefined;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        removeRuntimeInfo(config.dataDir, process.pid);
      }
      if (database) {
        const db = database;
        database = undefined;
        await db.close();
      }
    },
  };
}
