/**
 * Runs the REAL built Paige server (`apps/server/dist/main.js`) as a child process on 127.0.0.1, with a temp
 * project and data dir, no Chroma and no watcher; a restart reuses the same port, as a user's restart would. The
 * client package does not depend on the server (the server's page depends on the client): turbo builds the server
 * before this package's tests (`packages/client/turbo.json`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import WebSocket from 'ws';
import type { WebSocketLike } from '../../src/index.js';

export const SERVER_MAIN = fileURLToPath(new URL('../../../../apps/server/dist/main.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The fixed token the test servers run with (`PAIGE_TOKEN`, issue 17: `/ws` needs it). */
export const TEST_TOKEN = 'paige-client-test-token-0123456789abcdef';
/** Upgrade headers carrying {@link TEST_TOKEN}. */
export const AUTH_HEADERS = { authorization: `Bearer ${TEST_TOKEN}` } as const;

/** `createSocket` for Node: the `ws` package's client, with the server's token as `Authorization: Bearer`. */
export const wsSocket = (url: string): WebSocketLike => new WebSocket(url, { headers: AUTH_HEADERS });

export interface RealServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly projectDir: string;
  /** Server stdout+stderr so far (JSON log lines). */
  log(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** Start again on the same port (after `stop`). */
  start(): Promise<void>;
  /** Stops and removes the temp dirs. */
  dispose(): Promise<void>;
  /** An MCP SDK client (Streamable HTTP) on this server, playing Claude Code. */
  mcp(): Promise<{ client: Client; close(): Promise<void> }>;
}

/** Starts the built server on a free port with `files` as the project. */
export async function startRealServer(
  files: Record<string, string> = { 'README.md': '# demo\n' },
  env: Record<string, string> = {},
): Promise<RealServer> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`build the server first: ${SERVER_MAIN} is missing`);
  const projectDir = mkdtempSync(join(tmpdir(), 'paige-client-project-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(projectDir, rel)), { recursive: true });
    writeFileSync(join(projectDir, rel), content);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'paige-client-data-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';

  const start = async (): Promise<void> => {
    output += '\n--- start ---\n';
    child = spawn(process.execPath, [SERVER_MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        PROJECT_DIR: projectDir,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        ANTHROPIC_API_KEY: 'sk-ant-client-test',
        ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
        PAIGE_START_CHROMA: 'false',
        PAIGE_WATCH: 'false',
        PAIGE_TOKEN: TEST_TOKEN,
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
      try {
        if ((await fetch(`${url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server not healthy within 20 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const stop = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    port,
    projectDir,
    log: () => output,
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(projectDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
    async mcp() {
      const transport = new StreamableHTTPClientTransport(new URL('/mcp', url));
      const client = new Client({ name: 'paige-client-test', version: '1.0.0' });
      await client.connect(transport);
      return {
        client,
        async close() {
          await transport.terminateSession().catch(() => undefined);
          await client.close();
        },
      };
    },
  };
}

/** Resolves when `pred()` is truthy (polled every 10 ms), rejects after `timeoutMs`. */
export async function until<T>(
  pred: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await pred();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
