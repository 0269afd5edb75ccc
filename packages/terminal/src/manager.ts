/**
 * The terminal manager: spawns sessions, keeps the watchdog that ends them if this process dies, closes them all at
 * shutdown.
 */
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn as spawnPty } from '@lydell/node-pty';
import { findExecutable } from './command.js';
import { assertTerminalSize, TerminalError } from './errors.js';
import { PtyTerminalSession, type TerminalSession } from './session.js';

/** What a terminal logs (a pino logger fits). */
export interface TerminalLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Options of {@link createTerminalManager}. */
export interface TerminalManagerOptions {
  /** Time a hung-up session's processes get to exit before SIGKILL, ms. Default 2000. */
  killGraceMs?: number;
  /**
   * Start the watchdog process that ends every session if this process dies (default true). Without it a SIGKILLed
   * server leaves behind the session processes that ignore the PTY's hangup.
   */
  watchdog?: boolean;
  /** Location of the watchdog script (default: the package's `watchdog.sh`, run with `/bin/sh`). */
  watchdogPath?: string;
  logger?: TerminalLogger;
}

/** What to run in a new session. */
export interface TerminalSpawnOptions {
  /** Executable: an absolute path, or a name looked up on `env.PATH`. */
  file: string;
  args?: readonly string[];
  /** Working directory (must exist). */
  cwd: string;
  /**
   * The whole environment of the process (nothing is inherited). `TERM` defaults to `xterm-256color` and `COLORTERM`
   * to `truecolor`; variables of an enclosing multiplexer (`TMUX`, `STY`, ...) and fixed sizes (`COLUMNS`, `LINES`)
   * are removed.
   */
  env: Record<string, string | undefined>;
  /** Initial size in character cells (default 80 x 24). */
  cols?: number;
  rows?: number;
}

/** Spawns and tracks terminal sessions. */
export interface TerminalManager {
  /**
   * Starts a process on a new PTY.
   * @throws TerminalError `INVALID_SIZE`, `SPAWN_FAILED` (no such executable or working directory, or the PTY could
   *   not be opened), `MANAGER_CLOSED`, `WATCHDOG_MISSING`.
   */
  spawn(options: TerminalSpawnOptions): TerminalSession;
  /** Sessions not yet closed. */
  readonly sessions: ReadonlySet<TerminalSession>;
  /** Pid of the watchdog process, once the first session started it. */
  readonly watchdogPid: number | undefined;
  /** Closes every session (see `TerminalSession.close`) and stops the watchdog. Idempotent. */
  close(): Promise<void>;
}

const DROP_ENV = ['TMUX', 'TMUX_PANE', 'STY', 'WINDOW', 'WINDOWID', 'TERMCAP', 'COLUMNS', 'LINES'];

/** `watchdog.sh` at the package root: one level up from both `src/` and `dist/`. */
function findWatchdogScript(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'watchdog.sh');
}

/** Creates a manager. Nothing starts until the first `spawn`. */
export function createTerminalManager(options: TerminalManagerOptions = {}): TerminalManager {
  const graceMs = options.killGraceMs ?? 2000;
  const logger = options.logger;
  const sessions = new Set<PtyTerminalSession>();
  let watchdog: ChildProcess | undefined;
  let closed = false;
  let closing: Promise<void> | undefined;

  function ensureWatchdog(): void {
    if (
      options.watchdog === false ||
      (watchdog && watchdog.exitCode === null && watchdog.signalCode === null)
    )
      return;
    const path = options.watchdogPath ?? findWatchdogScript();
    if (!existsSync(path))
      throw new TerminalError('WATCHDOG_MISSING', `terminal watchdog script not found at ${path}`);
    // detached: its own process group, so a Ctrl+C aimed at the server does not reach it before the server is done
    const child = spawnChild('/bin/sh', [path, String(graceMs)], {
      stdio: ['pipe', 'ignore', 'inherit'],
      detached: true,
    });
    child.on('error', (err) => logger?.warn({ err }, 'terminal watchdog failed'));
    child.stdin?.on('error', () => undefined);
    child.on('exit', (code, signal) => {
      if (watchdog === child) watchdog = undefined;
      if (!closed) logger?.warn({ code, signal }, 'terminal watchdog exited');
    });
    // the watchdog must not keep this process alive; its stdin pipe is its lifeline and is never ended before close()
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    watchdog = child;
    logger?.info({ pid: child.pid }, 'terminal watchdog started');
  }

  function tellWatchdog(line: string): void {
    if (watchdog?.stdin?.writable) watchdog.stdin.write(`${line}\n`);
  }

  return {
    get sessions() {
      return sessions;
    },
    get watchdogPid() {
      return watchdog?.pid;
    },
    spawn(opts) {
      if (closed) throw new TerminalError('MANAGER_CLOSED', 'the terminal manager is closed');
      const cols = opts.cols ?? 80;
      const rows = opts.rows ?? 24;
      assertTerminalSize(cols, rows);
      let cwdOk: boolean;
      try {
        cwdOk = statSync(opts.cwd).isDirectory();
      } catch {
        cwdOk = false;
      }
      if (!cwdOk)
        throw new TerminalError(
          'SPAWN_FAILED',
          `cannot start a terminal: working directory ${opts.cwd} does not exist`,
        );
      const file = findExecutable(opts.file, opts.env.PATH);
      if (!file)
        throw new TerminalError(
          'SPAWN_FAILED',
          `cannot start a terminal: ${opts.file} is not an executable${opts.file.includes('/') ? '' : ' on PATH'}`,
        );
      ensureWatchdog();
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.env)) if (v !== undefined && !DROP_ENV.includes(k)) env[k] = v;
      env.TERM ??= 'xterm-256color';
      env.COLORTERM ??= 'truecolor';
      let pty;
      try {
        pty = spawnPty(file, [...(opts.args ?? [])], {
          name: env.TERM,
          cols,
          rows,
          cwd: opts.cwd,
          env,
          encoding: null,
        });
      } catch (err) {
        throw new TerminalError('SPAWN_FAILED', `cannot start a terminal: ${(err as Error).message}`, {
          cause: err,
        });
      }
      const session = new PtyTerminalSession(pty, graceMs, (s) => {
        sessions.delete(s);
        tellWatchdog(`-${s.pid}`);
      });
      sessions.add(session);
      tellWatchdog(`+${session.pid}`);
      logger?.info({ pid: session.pid, file, cols, rows }, 'terminal session started');
      return session;
    },
    close() {
      closing ??= (async () => {
        closed = true;
        await Promise.all([...sessions].map((s) => s.close()));
        const child = watchdog;
        if (child && child.exitCode === null && child.signalCode === null) {
          const gone = new Promise<void>((r) => child.once('exit', () => r()));
          child.stdin?.end();
          await Promise.race([gone, new Promise((r) => setTimeout(r, 3000).unref())]);
        }
        watchdog = undefined;
      })();
      return closing;
    },
  };
}
