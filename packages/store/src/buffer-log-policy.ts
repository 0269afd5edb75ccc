/** The buffer logging policy: when a `buffer:update` becomes an `action_log` row (Story 4, D23). */
import type { LogActionInput } from './action-log.js';

/** Timer functions; inject fakes in tests. Default: the global `setInterval` / `clearInterval`. */
export interface PolicyTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Options of {@link createBufferLogPolicy}. */
export interface CreateBufferLogPolicyOptions {
  /** Writes a row (normally `ActionLog.logAction`). */
  logAction: (input: LogActionInput) => unknown;
  /** Clock in ms since the epoch (e.g. `Date.now`). */
  now: () => number;
  timers?: PolicyTimers;
  /** Summary period in ms. Default 30,000 (Story 4 AS-2). */
  intervalMs?: number;
  /** Absolute threshold in characters: a change of more than this is significant. Default 500. */
  significantChars?: number;
  /** Relative threshold: a change of more than this fraction of `lastLoggedCharCount` is significant. Default 0.5. */
  significantRatio?: number;
  /** Called when `logAction` throws inside a timer tick (the tick goes on with other files). Default: ignore. */
  onError?: (error: unknown) => void;
}

/** Per-file state (`BufferLogState` of D23). */
export interface BufferLogState {
  sessionId: string;
  path: string;
  /** Char count at the last logged row (or the baseline). */
  lastLoggedCharCount: number;
  /** Latest char count seen. */
  charCount: number;
  /** Updates since the last logged row; `> 0` means dirty. */
  editCountSinceLastLog: number;
  /** When the file's 30 s timer was reset by a significant change (ms), or `null`. */
  timerResetAt: number | null;
}

/** The policy object; one per server. */
export interface BufferLogPolicy {
  /**
   * Records the char count a file had when opened, so the first edit is compared against it.
   * Without it, the first `onBufferUpdate` of a file sets the baseline.
   */
  setBaseline(input: { sessionId: string; path: string; charCount: number }): void;
  /**
   * Feeds one `buffer:update`. Logs `buffer_significant_change` `{ path, previousCharCount, newCharCount, delta }`
   * at once when `|charCount - lastLoggedCharCount|` is > 500 chars or > 50% of `lastLoggedCharCount`, and resets
   * that file's timer and counter; otherwise marks the file dirty. Starts the summary timer if needed.
   * @see Story 4 AS-3, rules 1 and 4
   * @throws whatever `logAction` throws for an immediate log
   */
  onBufferUpdate(input: { sessionId: string; path: string; charCount: number }): void;
  /**
   * One timer tick: logs `buffer_summary` `{ path, editCount, charDelta, charCount }` for each dirty file
   * whose timer was not reset by a significant change less than `intervalMs` ago; nothing when nothing is dirty.
   * @see Story 4 AS-2, AS-7, rules 2 and 3
   */
  tick(): void;
  /** Logs a summary for every dirty file now, regardless of timers (e.g. before `session_ended`). */
  flush(sessionId?: string): void;
  /** Drops one session's state (Story 4 AS-8); stops the timer when no file is tracked. */
  clearSession(sessionId: string): void;
  /** Clears the timer and all state (session end, shutdown; AS-8, EC-18). Later updates start it again. */
  stop(): void;
  /** A copy of one file's state, or `undefined`. */
  getState(sessionId: string, path: string): BufferLogState | undefined;
  /** Whether the summary timer is running. */
  readonly running: boolean;
}

const defaultTimers: PolicyTimers = {
  setInterval: (callback, ms) => {
    const handle = setInterval(callback, ms);
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/**
 * Creates the buffer logging policy, driven entirely by the injected clock and timers.
 * @see Story 4 "Buffer Logging Priority Rules"; FR-043, FR-044, FR-047
 */
export function createBufferLogPolicy(options: CreateBufferLogPolicyOptions): BufferLogPolicy {
  const timers = options.timers ?? defaultTimers;
  const intervalMs = options.intervalMs ?? 30_000;
  const significantChars = options.significantChars ?? 500;
  const significantRatio = options.significantRatio ?? 0.5;
  const files = new Map<string, BufferLogState>();
  let handle: unknown = null;

  const key = (sessionId: string, path: string) => `${sessionId}\u0000${path}`;

  function ensureTimer(): void {
    if (handle === null) handle = timers.setInterval(() => policy.tick(), intervalMs);
  }
  function stopTimer(): void {
    if (handle !== null) {
      timers.clearInterval(handle);
      handle = null;
    }
  }
  function isSignificant(previous: number, next: number): boolean {
    const delta = Math.abs(next - previous);
    if (delta > significantChars) return true;
    if (previous === 0) return delta > 0;
    return delta / previous > significantRatio;
  }
  function summarize(state: BufferLogState): void {
    options.logAction({
      sessionId: state.sessionId,
      actionType: 'buffer_summary',
      data: {
        path: state.path,
        editCount: state.editCountSinceLastLog,
        charDelta: state.charCount - state.lastLoggedCharCount,
        charCount: state.charCount,
      },
    });
    state.lastLoggedCharCount = state.charCount;
    state.editCountSinceLastLog = 0;
    state.timerResetAt = null;
  }

  const policy: BufferLogPolicy = {
    setBaseline({ sessionId, path, charCount }) {
      files.set(key(sessionId, path), {
        sessionId,
        path,
        lastLoggedCharCount: charCount,
        charCount,
        editCountSinceLastLog: 0,
        timerResetAt: null,
      });
    },
    onBufferUpdate({ sessionId, path, charCount }) {
      const k = key(sessionId, path);
      let state = files.get(k);
      if (!state) {
        state = {
          sessionId,
          path,
          lastLoggedCharCount: charCount,
          charCount,
          editCountSinceLastLog: 0,
          timerResetAt: null,
        };
        files.set(k, state);
      }
      ensureTimer();
      state.charCount = charCount;
      if (isSignificant(state.lastLoggedCharCount, charCount)) {
        const previousCharCount = state.lastLoggedCharCount;
        state.lastLoggedCharCount = charCount;
        state.editCountSinceLastLog = 0;
        state.timerResetAt = options.now();
        options.logAction({
          sessionId,
          actionType: 'buffer_significant_change',
          data: { path, previousCharCount, newCharCount: charCount, delta: charCount - previousCharCount },
        });
        return;
      }
      state.editCountSinceLastLog += 1;
    },
    tick() {
      const now = options.now();
      for (const state of files.values()) {
        if (state.editCountSinceLastLog === 0) continue;
        if (state.timerResetAt !== null && now - state.timerResetAt < intervalMs) continue;
        try {
          summarize(state);
        } catch (error) {
          options.onError?.(error);
        }
      }
    },
    flush(sessionId) {
      for (const state of files.values()) {
        if (state.editCountSinceLastLog === 0) continue;
        if (sessionId !== undefined && state.sessionId !== sessionId) continue;
        summarize(state);
      }
    },
    clearSession(sessionId) {
      for (const [k, state] of files) if (state.sessionId === sessionId) files.delete(k);
      if (files.size === 0) stopTimer();
    },
    stop() {
      stopTimer();
      files.clear();
    },
    getState(sessionId, path) {
      const state = files.get(key(sessionId, path));
      return state ? { ...state } : undefined;
    },
    get running() {
      return handle !== null;
    },
  };
  return policy;
}
