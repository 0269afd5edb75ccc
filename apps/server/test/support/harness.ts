/**
 * Test harness: runs the real server in-process on 127.0.0.1:0 with a temp project, a temp data dir, and
 * (optionally) the local Messages-API stand-in; real MCP SDK clients and real `ws` clients talk to it.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startMessagesApiStub, type MessagesApiStub } from '@paige/llm/testing';
import WebSocket from 'ws';
import { loadConfig, type ServerConfig } from '../../src/config.js';
import { createServer, type CreateServerOptions, type PaigeServer } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';

/** Log lines captured from the server (JSON objects). */
export class LogCapture extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      try {
        this.lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        this.lines.push({ msg: line });
      }
    }
    cb();
  }
  has(re: RegExp): boolean {
    return this.lines.some((l) => re.test(String(l.msg)));
  }
}

/** Writes `files` (path -> content) into a fresh temp project and returns its path. */
export function makeProject(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'paige-project-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

export interface TestServer {
  server: PaigeServer;
  config: ServerConfig;
  logs: LogCapture;
  url: string;
  projectDir: string;
  dataDir: string;
  /**
   * The Messages-API stand-in the server talks to when the test did not set `ANTHROPIC_BASE_URL` itself
   * (default replies: valid instances of the requested schema). No test ever reaches the real API.
   */
  llmStub: MessagesApiStub | undefined;
  stop(): Promise<void>;
}

/** Starts a real server for a test file. `env` overrides the environment the config is parsed from. */
export async function startTestServer(
  opts: {
    files?: Record<string, string | Buffer>;
    projectDir?: string;
    env?: Record<string, string>;
    config?: Partial<ServerConfig>;
    /** Extra `createServer` options (the logger is always the capture). */
    server?: Omit<CreateServerOptions, 'logger'>;
  } = {},
): Promise<TestServer> {
  const projectDir = opts.projectDir ?? makeProject(opts.files ?? { 'README.md': '# demo\n' });
  const dataDir = mkdtempSync(join(tmpdir(), 'paige-data-'));
  const llmStub = opts.env?.ANTHROPIC_BASE_URL ? undefined : await startMessagesApiStub();
  const config: ServerConfig = {
    ...loadConfig({
      PROJECT_DIR: projectDir,
      ANTHROPIC_API_KEY: 'sk-ant-test-key',
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'debug',
      PAIGE_START_CHROMA: 'false',
      PAIGE_WATCH: 'false',
      ...(llmStub ? { ANTHROPIC_BASE_URL: llmStub.url } : {}),
      ...opts.env,
    }),
    ...opts.config,
  };
  const logs = new LogCapture();
  const server = createServer(config, { ...opts.server, logger: createLogger({ level: 'debug', destination: logs }) });
  await server.start();
  return {
    server,
    config,
    logs,
    url: server.url,
    projectDir,
    dataDir,
    llmStub,
    async stop() {
      await server.stop();
      await llmStub?.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (!opts.projectDir) rmSync(projectDir, { recursive: true, force: true });
    },
  };
}

/** Connects the official MCP SDK client over Streamable HTTP. */
export async function connectMcp(url: string, name = 'paige-test'): Promise<{ client: Client; transport: StreamableHTTPClientTransport; close(): Promise<void> }> {
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', url));
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    transport,
    async close() {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}

/** A received WebSocket message. */
export interface WireMessage {
  type: string;
  payload: Record<string, unknown>;
  id?: string;
  timestamp?: string;
}

/** A `ws` client playing Electron, with helpers to await messages. */
export class WsClient {
  readonly received: WireMessage[] = [];
  private waiters: Array<{ pred: (m: WireMessage) => boolean; resolve: (m: WireMessage) => void }> = [];
  closed: { code: number; reason: string } | undefined;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as WireMessage;
      this.received.push(msg);
      this.waiters = this.waiters.filter((w) => {
        if (w.pred(msg)) {
          w.resolve(msg);
          return false;
        }
        return true;
      });
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<WsClient> {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws', { headers });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)));
    });
    return new WsClient(ws);
  }

  /** Connects and completes the `connection:hello` handshake. */
  static async hello(url: string): Promise<{ client: WsClient; init: WireMessage }> {
    const client = await WsClient.connect(url);
    client.send('connection:hello', { version: '1.0.0', platform: 'linux', windowSize: { width: 1280, height: 800 } });
    const init = await client.next('connection:init');
    return { client, init };
  }

  send(type: string, payload: unknown, id?: string): void {
    this.ws.send(JSON.stringify(id === undefined ? { type, payload } : { type, payload, id }));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Resolves with the first message (already received since `from`, or future) matching. */
  next(type: string | ((m: WireMessage) => boolean), timeoutMs = 5000, from = 0): Promise<WireMessage> {
    const pred = typeof type === 'string' ? (m: WireMessage) => m.type === type : type;
    const seen = this.received.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${String(typeof type === 'string' ? type : 'predicate')}; got ${this.received.map((m) => m.type).join(', ')}`)), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(t);
          resolve(m);
        },
      });
    });
  }

  /** Sends and awaits the reply carrying the same correlation id. */
  async request(type: string, payload: unknown, replyType?: string, timeoutMs = 5000): Promise<WireMessage> {
    const id = `req-${Math.random().toString(36).slice(2)}`;
    const p = this.next((m) => m.id === id && (replyType === undefined || m.type === replyType), timeoutMs);
    this.send(type, payload, id);
    return p;
  }

  count(type: string): number {
    return this.received.filter((m) => m.type === type).length;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** Polls `fn` until it returns truthy (no fixed sleeps); throws after `timeoutMs`. */
export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 5000, stepMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw last instanceof Error ? last : new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
