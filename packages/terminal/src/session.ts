/** One pseudo-terminal session on node-pty: output, input, resize, flow control, exit, hang-up. */
import { constants } from 'node:os';
import type { IPty } from '@lydell/node-pty';
import { assertTerminalSize, TerminalError } from './errors.js';
import { hangUpSession } from './process-tree.js';

/** How a session's process ended: `exitCode` (null when a signal ended it) and the signal's name (or null). */
export interface TerminalExit {
  exitCode: number | null;
  signal: string | null;
}

/** A live (or ended) terminal session. Created by `TerminalManager.spawn`. */
export interface TerminalSession {
  /** Pid of the session leader: also its session id and process group id. */
  readonly pid: number;
  /** Current size in character cells. */
  readonly cols: number;
  readonly rows: number;
  /** How the process ended, or `null` while it runs. */
  readonly exit: TerminalExit | null;
  /** True while output reading is paused ({@link TerminalSession.pause}). */
  readonly paused: boolean;
  /** Output bytes read from the PTY so far. */
  readonly bytesOut: number;
  /**
   * Listens to output: raw bytes as the PTY gives them (a UTF-8 sequence may be split across chunks). Returns an
   * unsubscribe function.
   */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Called once when the process has ended, after its last output chunk. Returns an unsubscribe function. */
  onExit(listener: (exit: TerminalExit) => void): () => void;
  /**
   * Writes input (text is encoded as UTF-8; bytes go as they are).
   * @throws TerminalError `PTY_EXITED` after the process ended.
   */
  write(data: string | Uint8Array): void;
  /**
   * Resizes the terminal; the process gets `SIGWINCH`.
   * @throws TerminalError `INVALID_SIZE` (see `assertTerminalSize`), `PTY_EXITED` after the process ended.
   */
  resize(cols: number, rows: number): void;
  /**
   * Stops reading output. The PTY's kernel buffer fills and the process blocks on its next write: this is how a slow
   * reader holds back a flood without buffering it. Idempotent.
   */
  pause(): void;
  /** Resumes reading output. Idempotent. */
  resume(): void;
  /**
   * Ends the session as closing a terminal window does: the PTY is closed and every process of the session gets
   * SIGHUP (and SIGCONT); whatever is still alive after the grace period (the manager's `killGraceMs`) gets SIGKILL.
   * Resolves with the exit of the session leader once no process of the session is left. Idempotent: every call
   * returns the same promise. Also runs by itself when the leader exits, for the processes it leaves behind.
   */
  close(): Promise<TerminalExit>;
}

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** @internal Built by the manager around a node-pty `IPty` spawned with `encoding: null`. */
export class PtyTerminalSession implements TerminalSession {
  readonly pid: number;
  private exitValue: TerminalExit | null = null;
  private isPaused = false;
  private bytes = 0;
  private readonly dataListeners = new Set<(chunk: Buffer) => void>();
  private readonly exitListeners = new Set<(exit: TerminalExit) => void>();
  private closing: Promise<TerminalExit> | undefined;
  private exited: Promise<TerminalExit>;

  constructor(
    private readonly pty: IPty,
    private readonly graceMs: number,
    private readonly onClosed: (session: PtyTerminalSession) => void,
  ) {
    this.pid = pty.pid;
    // encoding: null -> node-pty hands out Buffers (its typings say string).
    pty.onData((chunk: unknown) => {
      const buf = chunk as Buffer;
      this.bytes += buf.length;
      for (const l of this.dataListeners) l(buf);
    });
    this.exited = new Promise((resolve) => {
      pty.onExit(({ exitCode, signal }) => {
        const exit: TerminalExit =
          signal !== undefined && signal > 0
            ? { exitCode: null, signal: SIGNAL_NAMES.get(signal) ?? `SIG${signal}` }
            : { exitCode, signal: null };
        this.exitValue = exit;
        resolve(exit);
        for (const l of this.exitListeners) l(exit);
        // the leader is gone: hang up what it left behind (background jobs) and release the session
        void this.close();
      });
    });
  }

  get cols(): number {
    return this.pty.cols;
  }
  get rows(): number {
    return this.pty.rows;
  }
  get exit(): TerminalExit | null {
    return this.exitValue;
  }
  get paused(): boolean {
    return this.isPaused;
  }
  get bytesOut(): number {
    return this.bytes;
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onExit(listener: (exit: TerminalExit) => void): () => void {
    if (this.exitValue) {
      const exit = this.exitValue;
      queueMicrotask(() => listener(exit));
      return () => undefined;
    }
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  private assertRunning(what: string): void {
    if (this.exitValue || this.closing) {
      const how = this.exitValue
        ? this.exitValue.signal
          ? `was ended by ${this.exitValue.signal}`
          : `exited with code ${String(this.exitValue.exitCode)}`
        : 'is being closed';
      throw new TerminalError(
        'PTY_EXITED',
        `${what} refused: the terminal process ${how}; open a new terminal to go on`,
      );
    }
  }

  write(data: string | Uint8Array): void {
    this.assertRunning('input');
    // node-pty's socket takes Buffers as well as strings (its typings only name string)
    this.pty.write(
      (typeof data === 'string'
        ? data
        : Buffer.from(data.buffer, data.byteOffset, data.byteLength)) as string,
    );
  }

  resize(cols: number, rows: number): void {
    assertTerminalSize(cols, rows);
    this.assertRunning('resize');
    try {
      this.pty.resize(cols, rows);
    } catch (err) {
      throw new TerminalError(
        'PTY_EXITED',
        `resize refused: the terminal is gone (${(err as Error).message})`,
        { cause: err },
      );
    }
  }

  pause(): void {
    if (this.isPaused) return;
    this.isPaused = true;
    this.pty.pause();
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.pty.resume();
  }

  close(): Promise<TerminalExit> {
    this.closing ??= (async () => {
      // closing the PTY's master is the hangup: the kernel signals the session's foreground job and its leader
      try {
        (this.pty as IPty & { destroy?: () => void }).destroy?.();
      } catch {
        // already closed
      }
      await hangUpSession(this.pid, this.graceMs);
      // node-pty reports the exit once its wait for the leader returns; a leader that had to be SIGKILLed is reaped
      // by then, so this does not wait long
      const exit = await Promise.race([
        this.exited,
        new Promise<TerminalExit>((r) =>
          setTimeout(() => r({ exitCode: null, signal: 'SIGKILL' }), 2000).unref(),
        ),
      ]);
      this.dataListeners.clear();
      this.exitListeners.clear();
      this.onClosed(this);
      return exit;
    })();
    return this.closing;
  }
}
