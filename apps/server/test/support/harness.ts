/**
 * Test harness: runs the real server in-process on 127.0.0.1:0 with a temp project, a temp data dir, and
 * (optionally) the local Messages-API stand-in; real MCP SDK clients and real `ws` clients talk to it.
 *
 * `/ws` needs the server's token (issue 17): the harness reads it from the runtime file `DATA_DIR/server.json` as any
 * tool would, and {@link WsClient} sends it as `Authorization: Bearer` to the server at that URL.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** Tokens of the servers started by this test process, by base URL (filled from each `DATA_DIR/server.json`). */
const tokens = new Map<string, string>();

/** The runtime file of a server (`DATA_DIR/server.json`), or `undefined` while there is none. */
export function readServerJson(
  dataDir: string,
): { url: string; port: number; pid: number; token: string; startedAt: string } | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')) as {
      url: string;
      port: number;
      pid: number;
      token: string;
      startedAt: string;
    };
  } catch {
    return undefined;
  }
}

/** Remembers the token of the server at `url` (WsClient and PtyClient send it); returns it. */
export function registerServerToken(url: string, token: string): string {
  tokens.set(new URL(url).origin, token);
  return token;
}

/** The token registered for the server at `url`. */
export function tokenFor(url: string): string | undefined {
  return tokens.get(new URL(url).origin);
}

export interface TestServer {
  server: PaigeServer;
  config: ServerConfig;
  logs: LogCapture;
  url: string;
  projectDir: string;
  dataDir: string;
  /** The token of /ws and /pty, as read from `DATA_DIR/server.json`. */
  token: string;
  /**
   * The Messages-API stand-in the server talks to when the test did not set `ANTHROPIC_BASE_URL` itself
   * (default replies: valid instances of the requested schema). No test ever reaches the real API.
   */
  llmStub: MessagesApiStub | undefined;
  stop(): Promise<void>;
}

/** The `data` of every `action_log` row of `type`, oldest first (`{}` for a row without data). */
export function actionData(t: TestServer, type: string): Array<Record<string, unknown>> {
  const rows = t.server.parts.db
    .prepare('SELECT data FROM action_log WHERE action_type = ? ORDER BY id')
    .all(type) as Array<{ data: string | null }>;
  return rows.map((r) => (r.data ? (JSON.parse(r.data) as Record<string, unknown>) : {}));
}

/** Starts a real server for a test file. `env` overrides the environment the config is parsed from. */
export async function startTestServer(
  opts: {
    files?: Record<string, string | Buffer>;
    projectDir?: string;
    /** Use this DATA_DIR (kept after `stop()`) instead of a fresh temp dir. */
    dataDir?: string;
    env?: Record<string, string>;
    config?: Partial<ServerConfig>;
    /** Extra `createServer` options (the logger is always the capture). */
    server?: Omit<CreateServerOptions, 'logger'>;
  } = {},
): Promise<TestServer> {
  const projectDir = opts.projectDir ?? makeProject(opts.files ?? { 'README.md': '# demo\n' });
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'paige-data-'));
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
  // a terminal's process gets a usable environment (the parsed env above is only Paige's variables)
  config.terminal = {
    ...config.terminal,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      LANG: 'C.UTF-8',
      ...config.terminal.env,
    },
  };
  const logs = new LogCapture();
  const server = createServer(config, {
    ...opts.server,
    logger: createLogger({ level: 'debug', destination: logs }),
  });
  await server.start();
  const runtime = readServerJson(dataDir);
  if (!runtime) throw new Error(`no ${join(dataDir, 'server.json')} after start`);
  const token = registerServerToken(server.url, runtime.token);
  return {
    server,
    config,
    logs,
    url: server.url,
    projectDir,
    dataDir,
    token,
    llmStub,
    async stop() {
      await server.stop();
      await llmStub?.stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (!opts.projectDir) rmSync(projectDir, { recursive: true, force: true });
    },
  };
}

/** Connects the official MCP SDK client over Streamable HTTP. */
export async function connectMcp(
  url: string,
  name = 'paige-test',
): Promise<{ client: Client; transport: StreamableHTTPClientTransport; close(): Promise<void> }> {
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

  /**
   * Opens `/ws`. Sends the token registered for `url` as `Authorization: Bearer` unless `headers` carry an
   * `authorization` or `cookie` of their own, or `token` is `null` (no credentials at all).
   */
  static async connect(
    url: string,
    headers: Record<string, string> = {},
    opts: { token?: string | null } = {},
  ): Promise<WsClient> {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws', {
      headers: withToken(url, headers, opts.token),
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`unexpected response ${res.statusCode}`)),
      );
    });
    return new WsClient(ws);
  }

  /** Connects and completes the `connection:hello` handshake. */
  static async hello(url: string): Promise<{ client: WsClient; init: WireMessage }> {
    const client = await WsClient.connect(url);
    client.send('connection:hello', {
      version: '1.0.0',
      platform: 'linux',
      windowSize: { width: 1280, height: 800 },
    });
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
      const t = setTimeout(
        () =>
          reject(
            new Error(
              `timed out waiting for ${String(typeof type === 'string' ? type : 'predicate')}; got ${this.received.map((m) => m.type).join(', ')}`,
            ),
          ),
        timeoutMs,
      );
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

/** `headers` plus `Authorization: Bearer <token>` (see {@link WsClient.connect}). */
export function withToken(
  url: string,
  headers: Record<string, string>,
  token?: string | null,
): Record<string, string> {
  const has = Object.keys(headers).some((k) => ['authorization', 'cookie'].includes(k.toLowerCase()));
  const t = token === undefined ? tokenFor(url) : token;
  return has || !t ? headers : { ...headers, authorization: `Bearer ${t}` };
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

/** A `/pty` server message as received. */
export interface PtyMessage {
  type: string;
  payload: Record<string, unknown>;
  id?: string;
  timestamp?: string;
}

/**
 * A `ws` client of `/pty` playing the page's terminal pane: keeps the binary output (as bytes and as text) and the
 * JSON messages, and waits for either.
 */
export class PtyClient {
  readonly messages: PtyMessage[] = [];
  private chunks: Buffer[] = [];
  private outputBytes = 0;
  private textCache = '';
  private textBytes = 0;
  private waiters: Array<() => void> = [];
  closed: { code: number; reason: string } | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        this.chunks.push(data);
        this.outputBytes += data.length;
      } else this.messages.push(JSON.parse(data.toString()) as PtyMessage);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /**
   * Opens `/pty` (query `?cols=&rows=` when `size` is given) with the registered token, like {@link WsClient.connect}.
   * @throws Error `unexpected response <status>` when the upgrade is refused.
   */
  static async connect(
    url: string,
    opts: {
      size?: { cols: number; rows: number };
      headers?: Record<string, string>;
      token?: string | null;
    } = {},
  ): Promise<PtyClient> {
    const query = opts.size ? `?cols=${opts.size.cols}&rows=${opts.size.rows}` : '';
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/pty${query}`, {
      headers: withToken(url, opts.headers ?? {}, opts.token),
    });
    const client = new PtyClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`unexpected response ${res.statusCode}`)),
      );
    });
    return client;
  }

  /** Output bytes received so far. */
  get bytes(): number {
    return this.outputBytes;
  }

  /** All output so far, decoded as UTF-8. */
  text(): string {
    if (this.textBytes !== this.outputBytes) {
      this.textCache = Buffer.concat(this.chunks).toString('utf8');
      this.chunks = [Buffer.from(this.textCache)];
      this.textBytes = this.outputBytes;
    }
    return this.textCache;
  }

  /** Drops the output kept so far (for long streams); `bytes` keeps counting. */
  forgetOutput(): void {
    this.chunks = [];
    this.textCache = '';
    this.textBytes = this.outputBytes;
  }

  input(data: string, id?: string): void {
    this.ws.send(
      JSON.stringify(
        id === undefined
          ? { type: 'pty:input', payload: { data } }
          : { type: 'pty:input', payload: { data }, id },
      ),
    );
  }

  resize(cols: number, rows: number, id?: string): void {
    this.ws.send(
      JSON.stringify(
        id === undefined
          ? { type: 'pty:resize', payload: { cols, rows } }
          : { type: 'pty:resize', payload: { cols, rows }, id },
      ),
    );
  }

  /** Resolves once `pred` holds, re-checked on every frame; rejects after `timeoutMs`. */
  until<T>(what: string, pred: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out waiting for ${what}; output tail ${JSON.stringify(this.text().slice(-300))}; messages ${JSON.stringify(this.messages)}`,
            ),
          ),
        timeoutMs,
      );
      const check = () => {
        const v = pred();
        if (v) {
          clearTimeout(timer);
          resolve(v);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** Waits for output matching `re`. */
  output(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray> {
    return this.until(String(re), () => re.exec(this.text()) ?? undefined, timeoutMs);
  }

  /** Waits for the first message of `type` (and `id`) received after index `from`. */
  message(type: string, opts: { id?: string; from?: number; timeoutMs?: number } = {}): Promise<PtyMessage> {
    return this.until(
      type,
      () =>
        this.messages
          .slice(opts.from ?? 0)
          .find((m) => m.type === type && (opts.id === undefined || m.id === opts.id)),
      opts.timeoutMs,
    );
  }

  /** Waits until the server closes the socket. */
  whenClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    return this.until('close', () => this.closed, timeoutMs);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** True while `pid` runs (a zombie awaiting its reaper counts as gone). Linux `/proc`. */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
