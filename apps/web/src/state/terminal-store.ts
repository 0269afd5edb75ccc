/**
 * The terminal pane's controller and state (issue 17 items 3, 4): opens a `/pty` session once `/ws` is open and
 * the server serves a terminal (`connection:init.featureFlags.terminal`), reports its size (`pty:resize`, and
 * Story 5's `terminal:ready` / `terminal:resize` on `/ws`), hands output to the view, and delivers the Observer's
 * nudges through {@link createNudgeDelivery}. No React and no xterm.js here: the view (`terminal/xterm-view.ts`)
 * subscribes to output and events and feeds keystrokes back.
 *
 * Session life:
 * - The first session starts when `/ws` opens. It runs until the program exits (shown with its exit code and a
 *   "New terminal" button; nothing restarts by itself) or the user starts a new one.
 * - A server restart ends the session (the server hangs it up: `pty:exit` then close 1001, or a dropped socket
 *   after a crash). The pane says so and starts a new session as soon as `/ws` is back, keeping the old output
 *   above a separator, as a page reload would.
 * - A socket that drops while the server stays up is reopened with backoff (3 tries), then the pane offers a retry.
 *
 * Check-ins (issue 23 item 3): a delivered nudge starts a record ({@link createCheckInRecorder}) that keeps Claude
 * Code's answer until its output goes quiet; the output itself still goes to the terminal untouched (see
 * `@paige/client/pty` `check-in.ts` for why the page records rather than hides it). The learner's keystrokes go
 * through the nudge scheduler, which holds them while a check-in's Enter is due and never drops one.
 */
import type { PaigeClient } from '@paige/client';
import type { PtyCommandKind } from '@paige/protocol';
import {
  createCheckInRecorder,
  createNudgeDelivery,
  openPtyConnection,
  type CheckInRecord,
  type NudgeDelivery,
  type NudgeHold,
  type PtyConnection,
  type PtyExit,
  type PtySocketLike,
  type PtyStarted,
} from '@paige/client/pty';
import type { NudgeView, ObserverStore } from './observer-store.js';
import { createStore, type Store } from './store.js';

/**
 * `waiting`: `/ws` not open yet; `off`: the server serves no terminal; `connecting`: a session is opening;
 * `running`; `exited`: the program ended; `lost`: the server went away, a new session starts when it is back;
 * `failed`: a session could not be opened.
 */
export type TerminalStatus = 'waiting' | 'off' | 'connecting' | 'running' | 'exited' | 'lost' | 'failed';

export interface TerminalState {
  status: TerminalStatus;
  /** Sessions opened so far (1 for the first). */
  session: number;
  kind: PtyCommandKind | null;
  /** The program's short name (`claude`, `bash`, ...). */
  command: string | null;
  pid: number | null;
  cols: number;
  rows: number;
  exit: PtyExit | null;
  /** Why the last session could not start, for `failed`. */
  failure: string | null;
  /**
   * The quiet check-ins of this page (issue 23 item 3), oldest first, at most {@link MAX_CHECK_INS}: each nudge
   * written into Claude Code, what the Observer signalled, and what Paige answered (status `answering` while Claude
   * Code draws its answer: the page shows "Paige is observing…").
   */
  checkIns: CheckInRecord[];
}

/** What the view shows inline in the terminal. */
export type TerminalEvent =
  | {
      type: 'started';
      started: PtyStarted;
      session: number;
      after: 'first' | 'user' | 'server_restart' | 'dropped';
    }
  | { type: 'exit'; exit: PtyExit }
  | { type: 'lost'; restarting: boolean }
  | { type: 'failed'; message: string };

export interface TerminalStore {
  store: Store<TerminalState>;
  /** Terminal output, in order; bytes that arrived before the first subscriber are replayed to it. */
  onOutput(handler: (bytes: Uint8Array) => void): () => void;
  onEvent(handler: (event: TerminalEvent) => void): () => void;
  /** Typed text (xterm.js `onData`). */
  input(data: string): void;
  /** Raw bytes as a binary string (xterm.js `onBinary`). */
  inputBinary(data: string): void;
  /** The pane's size in cells (xterm.js fit addon). */
  resize(cols: number, rows: number): void;
  /**
   * Flow control from the view: `true` when its terminal emulator has fallen behind (the server stops reading the
   * PTY), `false` once it caught up. Kept across sessions: a new session starts paused while the view still is.
   */
  setOutputPaused(paused: boolean): void;
  /** Closes the current session, if any, and starts a new one. */
  restart(): void;
  /** The nudge scheduler (for the page's tests of the state; the view does not need it). */
  readonly nudges: NudgeDelivery<NudgeView>;
  dispose(): void;
}

/** Options of {@link createTerminalStore}. */
export interface TerminalStoreOptions {
  /** `/pty`'s WebSocket URL (default: the page's own origin). */
  url?: string;
  createSocket?: (url: string) => PtySocketLike;
  /** Nudge timing (see `createNudgeDelivery`). */
  quietOutputMs?: number;
  quietInputMs?: number;
  /** Quiet output after which Claude Code's answer to a check-in counts as drawn, ms (default 2500). */
  answerQuietMs?: number;
}

/** The `/pty` URL of the page's own origin. */
export function pagePtyUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/pty`;
}

/** Output kept for a view that is not there yet (the xterm.js chunk is loading), bytes. */
const MAX_BACKLOG_BYTES = 2 * 1024 * 1024;
/** How long after `pty:exit` a close 1001 still means "the server shut down" rather than "the program ended", ms. */
const SHUTDOWN_WINDOW_MS = 2000;
/** Check-ins kept in the state. */
export const MAX_CHECK_INS = 10;
const MAX_RETRIES = 3;

/** Creates the terminal controller of one IDE view. */
export function createTerminalStore(
  client: PaigeClient,
  observer: ObserverStore,
  options: TerminalStoreOptions = {},
): TerminalStore {
  const store = createStore<TerminalState>({
    status: 'waiting',
    session: 0,
    kind: null,
    command: null,
    pid: null,
    cols: 80,
    rows: 24,
    exit: null,
    failure: null,
    checkIns: [],
  });
  const outputHandlers = new Set<(bytes: Uint8Array) => void>();
  const eventHandlers = new Set<(event: TerminalEvent) => void>();
  let backlog: Uint8Array[] = [];
  let backlogBytes = 0;
  let conn: PtyConnection | null = null;
  /** The view's flow-control wish (`setOutputPaused`), applied to every new session. */
  let outputPaused = false;
  let autoStart = true;
  let nextStartReason: 'first' | 'user' | 'server_restart' | 'dropped' = 'first';
  let retries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let exitTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  let size = { cols: 80, rows: 24 };

  const emit = (event: TerminalEvent) => {
    for (const h of [...eventHandlers]) h(event);
  };

  const checkIns = createCheckInRecorder({
    answerQuietMs: options.answerQuietMs,
    onChange: (record) => {
      const list = store.get().checkIns.filter((c) => c.id !== record.id);
      list.push(record);
      store.set({ checkIns: list.slice(-MAX_CHECK_INS) });
    },
  });

  const nudges = createNudgeDelivery<NudgeView>({
    nudgeOf: (n) => n,
    write: (data) => conn?.input(data),
    writeBinary: (data) => conn?.inputBinary(data),
    quietOutputMs: options.quietOutputMs,
    quietInputMs: options.quietInputMs,
    onHold: (n, hold: NudgeHold | null) => {
      if (n) observer.setDelivery(n.id, { status: 'waiting', hold });
    },
    onOutcome: (o) => {
      const at = new Date();
      if (o.delivered) {
        observer.setDelivery(o.item.id, { status: 'delivered', at });
        client.send('observer:nudge_delivered', { signal: o.item.signal, delivered: true });
        checkIns.begin(o.item, o.prompt);
      } else {
        observer.setDelivery(o.item.id, { status: 'dropped', reason: o.reason, at });
        client.send('observer:nudge_delivered', {
          signal: o.item.signal,
          delivered: false,
          reason: o.reason,
        });
      }
    },
  });

  const onOutput = (bytes: Uint8Array) => {
    nudges.noteOutput();
    checkIns.noteOutput(bytes);
    if (outputHandlers.size > 0) {
      for (const h of outputHandlers) h(bytes);
      return;
    }
    if (backlogBytes + bytes.byteLength > MAX_BACKLOG_BYTES) return;
    backlog.push(bytes.slice());
    backlogBytes += bytes.byteLength;
  };

  const clearTimers = () => {
    if (retryTimer) clearTimeout(retryTimer);
    if (exitTimer) clearTimeout(exitTimer);
    retryTimer = undefined;
    exitTimer = undefined;
  };

  function open(): void {
    clearTimers();
    const after = nextStartReason;
    const session = store.get().session + 1;
    const c = openPtyConnection({
      url: options.url ?? pagePtyUrl(),
      size,
      createSocket: options.createSocket,
    });
    conn = c;
    checkIns.interrupt();
    store.set({ status: 'connecting', session, exit: null, failure: null });
    nudges.setTarget({ state: 'starting' });
    let spawnError: string | null = null;
    let exitAt = 0;

    c.onOutput(onOutput);
    if (outputPaused) c.setOutputPaused(true);
    c.onStarted((started) => {
      retries = 0;
      // The connection resized the session to `size` if the pane changed while it was starting.
      store.set({
        status: 'running',
        kind: started.kind,
        command: started.command,
        pid: started.pid,
        cols: size.cols,
        rows: size.rows,
      });
      nudges.setTarget({ state: 'running', kind: started.kind });
      client.send('terminal:ready', { cols: size.cols, rows: size.rows });
      emit({ type: 'started', started, session, after });
    });
    c.onExit((exit) => {
      exitAt = Date.now();
      store.set({ status: 'exited', exit });
      nudges.setTarget({ state: 'exited' });
      checkIns.interrupt();
      emit({ type: 'exit', exit });
      // Keep the socket a moment: a close 1001 right after means the server shut down (it hangs every session up).
      exitTimer = setTimeout(() => {
        exitTimer = undefined;
        if (conn === c) {
          autoStart = false;
          c.close(1000);
        }
      }, SHUTDOWN_WINDOW_MS);
    });
    c.onError((error) => {
      if (error.code === 'SPAWN_FAILED') spawnError = error.message;
      else if (error.code !== 'PTY_EXITED') console.warn(`Paige terminal: ${error.code}: ${error.message}`);
    });
    c.onClose((close) => {
      if (conn !== c || disposed) return;
      conn = null;
      if (close.byClient) return;
      if (exitTimer) clearTimeout(exitTimer);
      exitTimer = undefined;
      const serverShutdown =
        close.code === 1001 && (!close.exited || Date.now() - exitAt < SHUTDOWN_WINDOW_MS);
      if (close.code === 1011 || spawnError) {
        autoStart = false;
        const message = spawnError ?? 'the terminal could not be started';
        store.set({ status: 'failed', failure: message });
        nudges.setTarget({ state: 'exited' });
        emit({ type: 'failed', message });
        return;
      }
      if (close.exited && !serverShutdown) {
        autoStart = false;
        return;
      }
      if (!close.started && !serverShutdown) {
        // Refused or dropped before the session started (too many sessions, the server going down): try again a
        // few times, then let the user retry.
        if (client.state === 'open' && retries >= MAX_RETRIES) {
          autoStart = false;
          const message =
            'the server did not open a terminal (it allows 8 at a time: close another Paige window, then try again)';
          store.set({ status: 'failed', failure: message });
          nudges.setTarget({ state: 'exited' });
          emit({ type: 'failed', message });
          return;
        }
        store.set({ status: 'connecting' });
        scheduleRetry();
        return;
      }
      // The server went away (restart, crash) or the socket dropped: start again when /ws is open.
      autoStart = true;
      nextStartReason = serverShutdown || client.state !== 'open' ? 'server_restart' : 'dropped';
      store.set({ status: 'lost' });
      nudges.setTarget({ state: 'starting' });
      checkIns.interrupt();
      emit({ type: 'lost', restarting: true });
      scheduleRetry();
    });
  }

  function scheduleRetry(): void {
    if (retryTimer) clearTimeout(retryTimer);
    const delay = Math.min(8000, 500 * 2 ** retries) * (0.75 + Math.random() * 0.5);
    retries += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      maybeStart();
    }, delay);
  }

  function maybeStart(): void {
    if (disposed) return;
    const init = client.init;
    if (client.state !== 'open' || !init) return;
    if (init.featureFlags.terminal !== true) {
      if (conn) conn.close(1000);
      conn = null;
      store.set({ status: 'off' });
      nudges.setTarget({ state: 'unavailable' });
      return;
    }
    if (conn || !autoStart) return;
    open();
  }

  const offs = [
    client.onState((state) => {
      if (state === 'open') maybeStart();
    }),
    // After a reconnect, tell the new /ws connection the pane's size again (Story 5 handler table).
    client.onResync(() => {
      const s = store.get();
      if (s.status === 'running') client.send('terminal:ready', { cols: s.cols, rows: s.rows });
    }),
    observer.onNudge((n) => nudges.offer(n)),
    observer.store.subscribe(() => nudges.setMuted(observer.store.get().muted)),
  ];
  nudges.setMuted(observer.store.get().muted);
  if (client.state === 'open') queueMicrotask(maybeStart);

  return {
    store,
    nudges,
    onOutput(handler) {
      outputHandlers.add(handler);
      if (backlog.length) {
        const pending = backlog;
        backlog = [];
        backlogBytes = 0;
        for (const b of pending) handler(b);
      }
      return () => void outputHandlers.delete(handler);
    },
    onEvent(handler) {
      eventHandlers.add(handler);
      return () => void eventHandlers.delete(handler);
    },
    input(data) {
      if (!conn) return;
      // Through the nudge scheduler: it holds keystrokes while a check-in's Enter is due, and never drops one.
      nudges.input(data);
    },
    inputBinary(data) {
      if (!conn) return;
      nudges.input(data, true);
    },
    resize(cols, rows) {
      if (cols === size.cols && rows === size.rows) return;
      size = { cols, rows };
      if (!conn?.resize(cols, rows)) return;
      if (store.get().status === 'running') {
        store.set({ cols, rows });
        client.send('terminal:resize', { cols, rows });
      }
    },
    setOutputPaused(paused) {
      outputPaused = paused;
      conn?.setOutputPaused(paused);
    },
    restart() {
      if (disposed) return;
      clearTimers();
      const old = conn;
      conn = null;
      old?.close(1000);
      autoStart = true;
      retries = 0;
      nextStartReason = 'user';
      if (client.state === 'open' && client.init?.featureFlags.terminal === true) open();
      else maybeStart();
    },
    dispose() {
      disposed = true;
      clearTimers();
      checkIns.dispose();
      for (const off of offs) off();
      nudges.dispose();
      conn?.close(1000);
      conn = null;
      outputHandlers.clear();
      eventHandlers.clear();
    },
  };
}
