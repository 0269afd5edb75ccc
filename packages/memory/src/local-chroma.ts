/**
 * Local Chroma launcher: runs the `chromadb` npm package's CLI (`run --path <dataDir> --port <port>`) as a child
 * process behind a watchdog, so the Chroma server never outlives the process that started it, even when that
 * process is SIGKILLed.
 *
 * @see issue 7 "Local Chroma"; DESIGN sections 5 and 9
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { MemoryError } from './errors.js';
import { createStderrLogger } from './logger.js';
import type { MemoryLogger } from './logger.js';

/** Options of {@link startLocalChroma}. */
export interface StartLocalChromaOptions {
  /** Persistence directory (created if missing). Reusing it across starts keeps the memories. */
  dataDir: string;
  /** TCP port; default: a free port chosen by the OS (up to 3 tries if another process takes it before Chroma binds). */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Receives start/stop/exit messages; default: warnings and errors to stderr. */
  logger?: MemoryLogger;
  /** Ms to wait for `GET /api/v2/heartbeat` to answer 200; default 15,000. */
  readyTimeoutMs?: number;
  /** Ms between SIGTERM and SIGKILL in `stop()`; default 3,000. */
  stopGraceMs?: number;
  /**
   * Override the Chroma entry script (run as `node <cliPath> run --path ...`). Default: see
   * {@link resolveChromaLauncher} (the pinned binding through `chroma-cli.js` on Linux x64 glibc, else the
   * `chromadb` package's own `cli.mjs`).
   */
  cliPath?: string;
  /** Override the watchdog script location (default: `chroma-watchdog.js` next to this module, or `../dist/`). */
  watchdogPath?: string;
}

/** How the Chroma child ended. */
export interface LocalChromaExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the exit came from `stop()`. */
  expected: boolean;
}

/** A running local Chroma server. */
export interface LocalChroma {
  /** Base URL for `createMemoryStore({ url })`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  host: string;
  port: number;
  /** Pid of the real Chroma server process (the one holding the data and the memory; read its RSS here). */
  pid: number;
  /** Pid of the watchdog wrapper (the direct child). */
  watchdogPid: number;
  dataDir: string;
  /** Resolves when the child has exited, for whatever reason. */
  exited: Promise<LocalChromaExit>;
  /**
   * Stops Chroma: SIGTERM, then SIGKILL after `stopGraceMs` (3 s). Resolves once the child has exited.
   * Idempotent; never rejects.
   */
  stop(): Promise<void>;
}

const OUTPUT_TAIL_CHARS = 4000;
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * Starts a Chroma server as a child process and waits until it answers `GET /api/v2/heartbeat`.
 *
 * Process tree: this process -> watchdog (`node dist/chroma-watchdog.js`, stdin is a pipe from this process) ->
 * Chroma (`node <chromadb>/dist/cli.mjs run --path <dataDir> --port <port> --host <host>`). When this process dies,
 * the pipe closes and the watchdog ends Chroma. The child and its pipes are unref'd: they do not keep this process
 * alive, and a process that exits without calling `stop()` still takes Chroma down with it.
 *
 * @throws MemoryError `CHROMA_CLI_NOT_FOUND` (chromadb CLI or watchdog script missing), `CHROMA_PORT_IN_USE` (an
 *   explicit `port` is taken), `CHROMA_START_FAILED` (the child exited before it was ready; the message carries the
 *   tail of its output), `CHROMA_START_TIMEOUT` (no heartbeat within `readyTimeoutMs`; the child is killed).
 * @see issue 7 "Local Chroma"
 */
export async function startLocalChroma(options: StartLocalChromaOptions): Promise<LocalChroma> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? createStderrLogger();
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  const stopGraceMs = options.stopGraceMs ?? 3000;
  const dataDir = resolve(options.dataDir);
  const launcher: ChromaLauncher = options.cliPath
    ? { script: options.cliPath, args: [], binding: null }
    : resolveChromaLauncher();
  const cliPath = launcher.script;
  const watchdogPath = options.watchdogPath ?? findWatchdogScript();
  if (!existsSync(cliPath))
    throw new MemoryError('CHROMA_CLI_NOT_FOUND', `chromadb CLI not found at ${cliPath}`);
  if (!existsSync(watchdogPath)) {
    throw new MemoryError(
      'CHROMA_CLI_NOT_FOUND',
      `Chroma watchdog script not found at ${watchdogPath} (build @paige/memory first)`,
    );
  }
  if (
    options.port !== undefined &&
    (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)
  ) {
    throw new MemoryError('INVALID_OPTIONS', `port must be an integer in [1, 65535], got ${options.port}`);
  }
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (err) {
    throw new MemoryError(
      'CHROMA_START_FAILED',
      `cannot create the Chroma data directory ${dataDir}: ${(err as Error).message}`,
      { cause: err },
    );
  }

  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await findFreePort(host));
    if (options.port !== undefined && !(await isPortFree(host, port))) {
      throw new MemoryError('CHROMA_PORT_IN_USE', `cannot start Chroma: ${host}:${port} is already in use`);
    }
    try {
      return await launch({
        host,
        port,
        dataDir,
        launcher,
        watchdogPath,
        logger,
        readyTimeoutMs,
        stopGraceMs,
      });
    } catch (err) {
      // Only a port taken between choosing it and Chroma binding it is worth another try.
      const portTaken =
        err instanceof MemoryError &&
        err.code === 'CHROMA_START_FAILED' &&
        /is not available|address already in use/i.test(err.message);
      if (attempt >= attempts || !portTaken) throw err;
      logger.warn(
        { port, attempt, error: err.message },
        'local Chroma failed to start, retrying on another port',
      );
    }
  }
}

interface LaunchOptions {
  host: string;
  port: number;
  dataDir: string;
  launcher: ChromaLauncher;
  watchdogPath: string;
  logger: MemoryLogger;
  readyTimeoutMs: number;
  stopGraceMs: number;
}

async function launch(opts: LaunchOptions): Promise<LocalChroma> {
  const { host, port, dataDir, logger } = opts;
  const url = `http://${urlHost(host)}:${port}`;
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    [
      opts.watchdogPath,
      opts.launcher.script,
      ...opts.launcher.args,
      'run',
      '--path',
      dataDir,
      '--port',
      String(port),
      '--host',
      host,
    ],
    { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] },
  );
  let tail = '';
  const keepTail = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  // The stdin pipe is the watchdog's lifeline: never write to it, never end it before stop().
  child.stdin?.on('error', () => undefined);

  let stopping = false;
  let chromaReady = false;
  let exitInfo: LocalChromaExit | undefined;
  const exited = new Promise<LocalChromaExit>((resolveExit) => {
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal, expected: stopping };
      if (!stopping && chromaReady) {
        logger.warn(
          { url, code, signal, reason: firstErrorLine(tail), output: lastLines(tail) },
          'local Chroma exited unexpectedly',
        );
      }
      resolveExit(exitInfo);
    });
  });
  let spawnError: Error | undefined;
  child.on('error', (err) => {
    spawnError = err;
  });

  const pidPromise = readPid(child);
  const deadline = Date.now() + opts.readyTimeoutMs;
  let chromaPid: number | undefined;
  try {
    let pidTimer: NodeJS.Timeout | undefined;
    chromaPid = await Promise.race([
      pidPromise,
      exited.then(() => undefined),
      new Promise<undefined>((resolveTimeout) => {
        pidTimer = setTimeout(() => resolveTimeout(undefined), opts.readyTimeoutMs);
      }),
    ]);
    clearTimeout(pidTimer);
    while (!chromaReady) {
      if (spawnError)
        throw new MemoryError(
          'CHROMA_START_FAILED',
          `cannot spawn the Chroma watchdog: ${spawnError.message}`,
          { cause: spawnError },
        );
      if (exitInfo) {
        throw new MemoryError(
          'CHROMA_START_FAILED',
          `Chroma exited before it was ready (code ${String(exitInfo.code)}, signal ${String(exitInfo.signal)}): ${firstErrorLine(tail)}${glibcAdvice(tail)}`,
        );
      }
      if (Date.now() > deadline) {
        throw new MemoryError(
          'CHROMA_START_TIMEOUT',
          `Chroma did not answer ${url}/api/v2/heartbeat within ${opts.readyTimeoutMs} ms: ${firstErrorLine(tail) || 'no output'}`,
        );
      }
      chromaReady = await heartbeatOk(url);
      if (!chromaReady) await delay(50);
    }
    if (chromaPid === undefined)
      throw new MemoryError('CHROMA_START_FAILED', 'the Chroma watchdog did not report the Chroma pid');
  } catch (err) {
    stopping = true;
    await terminate(child, chromaPid, exited, opts.stopGraceMs);
    throw err;
  }

  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr, child.stdio[3]]) {
    (stream as { unref?: () => void } | null)?.unref?.();
  }
  const pid = chromaPid;
  logger.info(
    {
      url,
      dataDir,
      pid,
      watchdogPid: child.pid,
      readyMs: Math.round(performance.now() - startedAt),
      ...(opts.launcher.binding
        ? { binding: `${opts.launcher.binding.name}@${opts.launcher.binding.version}` }
        : {}),
    },
    'local Chroma started',
  );

  let stopPromise: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    pid,
    watchdogPid: child.pid ?? -1,
    dataDir,
    exited,
    stop() {
      if (!stopPromise) {
        stopping = true;
        stopPromise = terminate(child, pid, exited, opts.stopGraceMs).then(() => {
          logger.info({ url, pid }, 'local Chroma stopped');
        });
      }
      return stopPromise;
    },
  };
}

/** SIGTERM to the watchdog (which forwards it), SIGKILL to Chroma and the watchdog after `graceMs`. */
async function terminate(
  child: ChildProcess,
  chromaPid: number | undefined,
  exited: Promise<LocalChromaExit>,
  graceMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<'forced'>((resolveForced) => {
    timer = setTimeout(() => resolveForced('forced'), graceMs);
  });
  const outcome = await Promise.race([exited.then(() => 'exited' as const), forced]);
  clearTimeout(timer);
  if (outcome === 'forced') {
    if (chromaPid !== undefined) killQuietly(chromaPid, 'SIGKILL');
    child.kill('SIGKILL');
    await exited;
  }
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function readPid(child: ChildProcess): Promise<number | undefined> {
  const channel = child.stdio[3] as Readable | null | undefined;
  if (!channel) return Promise.resolve(undefined);
  return new Promise((resolvePid) => {
    let buffered = '';
    channel.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        try {
          const parsed = JSON.parse(buffered.slice(0, newline)) as { pid?: unknown };
          resolvePid(typeof parsed.pid === 'number' ? parsed.pid : undefined);
        } catch {
          resolvePid(undefined);
        }
      }
    });
    channel.on('error', () => resolvePid(undefined));
    channel.on('end', () => resolvePid(undefined));
  });
}

async function heartbeatOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** How {@link startLocalChroma} runs Chroma: `node <script> <args...> run --path ...`. */
export interface ChromaLauncher {
  script: string;
  args: string[];
  /** The native binding chosen by `@paige/memory`, or `null` when `chromadb` resolves its own. */
  binding: { name: string; version: string; path: string } | null;
}

/** The binding `@paige/memory` pins for Linux x64 glibc (newer ones need glibc 2.38+; Debian 12 has 2.36). */
export const PINNED_LINUX_BINDING = { name: 'chromadb-js-bindings-linux-x64-gnu', version: '1.0.5' } as const;

/**
 * Chooses how to start the local Chroma. On Linux x64 with glibc, the binding pinned in `@paige/memory`'s own
 * `optionalDependencies` ({@link PINNED_LINUX_BINDING}), run through `dist/chroma-cli.js`: a consumer of the
 * published packages gets it whatever binding `chromadb` itself pulls in. Elsewhere, or when the pin is not
 * installed, the `chromadb` package's own CLI (`cli.mjs`) with the binding it resolves.
 * @throws MemoryError `CHROMA_CLI_NOT_FOUND` when neither is available.
 */
export function resolveChromaLauncher(): ChromaLauncher {
  if (process.platform === 'linux' && process.arch === 'x64' && isGlibc()) {
    const pinned = resolvePinnedBinding();
    const script = findPackageScript('chroma-cli.js');
    if (pinned && existsSync(script)) return { script, args: [pinned.path], binding: pinned };
  }
  return { script: findChromaCli(), args: [], binding: null };
}

function resolvePinnedBinding(): ChromaLauncher['binding'] {
  try {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve(`${PINNED_LINUX_BINDING.name}/package.json`);
    const pkg = require(pkgPath) as { version?: string; main?: string };
    if (typeof pkg.version !== 'string') return null;
    return {
      name: PINNED_LINUX_BINDING.name,
      version: pkg.version,
      path: join(dirname(pkgPath), pkg.main ?? 'index.js'),
    };
  } catch {
    return null;
  }
}

function isGlibc(): boolean {
  return glibcVersion() !== undefined;
}

let glibc: { version: string | undefined } | undefined;

/** The runtime glibc version (`2.36`), or `undefined` off glibc. Read once from the process report (about 15 ms). */
function glibcVersion(): string | undefined {
  if (!glibc) {
    try {
      const header = (
        process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined
      )?.header;
      glibc = { version: header?.glibcVersionRuntime };
    } catch {
      glibc = { version: undefined };
    }
  }
  return glibc.version;
}

/**
 * The line of Chroma's output that says why it failed: the first line that reads like an error (`Error: ...`,
 * `... not found`, `panicked`, `cannot ...`), never a stack frame; else the first line that is not a stack frame.
 */
export function firstErrorLine(output: string): string {
  const lines = output
    .replace(ANSI_ESCAPE, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) =>
        line.length > 0 && !/^at\s/.test(line) && !/^[(#\s^~]+$/.test(line) && !/^node:internal/.test(line),
    );
  const error = lines.find(
    (line) =>
      /\b(error|not found|panicked|cannot|failed|denied|refused)\b/i.test(line) &&
      !/^chroma-watchdog:/.test(line),
  );
  return error ?? lines.find((line) => !/^chroma-watchdog:/.test(line)) ?? '';
}

/** Advice for a binding built against a newer glibc than this system's, or ''. */
function glibcAdvice(output: string): string {
  const needed = /GLIBC_(\d+\.\d+)/.exec(output)?.[1];
  if (!needed) return '';
  const system = glibcVersion();
  return (
    ` (this Chroma binding needs glibc ${needed}${system ? `, this system has ${system}` : ''}: install ` +
    `${PINNED_LINUX_BINDING.name}@${PINNED_LINUX_BINDING.version} next to @paige/memory, or run Chroma elsewhere ` +
    '(e.g. `docker run -p 8000:8000 chromadb/chroma`) and set CHROMA_URL=http://127.0.0.1:8000)'
  );
}

/**
 * Path of the chromadb CLI: `cli.mjs` next to the resolved `chromadb` main file (the package exports only its main
 * entry, and under pnpm it is not at the repository root). With the `require` condition the main file is
 * `dist/cjs/chromadb.cjs`, so the parent directory is tried too.
 * @throws MemoryError `CHROMA_CLI_NOT_FOUND` when chromadb is not installed or has no `cli.mjs`.
 */
export function findChromaCli(): string {
  let main: string;
  try {
    main = createRequire(import.meta.url).resolve('chromadb');
  } catch (err) {
    throw new MemoryError(
      'CHROMA_CLI_NOT_FOUND',
      'the chromadb package cannot be resolved from @paige/memory',
      { cause: err },
    );
  }
  const candidates = [join(dirname(main), 'cli.mjs'), join(dirname(main), '..', 'cli.mjs')];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined)
    throw new MemoryError(
      'CHROMA_CLI_NOT_FOUND',
      `chromadb CLI not found (looked at ${candidates.join(', ')})`,
    );
  return found;
}

/** Path of the watchdog script: next to this module in `dist/`, or `../dist/` when running from `src/` (tests). */
function findWatchdogScript(): string {
  return findPackageScript('chroma-watchdog.js');
}

/** A script of this package's `dist/`: next to this module, or `../dist/` when running from `src/` (tests). */
function findPackageScript(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, name), join(here, '..', 'dist', name)];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0] ?? name;
}

function findFreePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolveFree(false));
    server.listen(port, host, () => server.close(() => resolveFree(true)));
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function lastLines(output: string): string {
  return output
    .replace(ANSI_ESCAPE, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !/^[(#\s]+$/.test(line))
    .slice(-8)
    .join(' | ');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
}
