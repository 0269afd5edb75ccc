/**
 * When an Observer nudge may be written into the terminal (issue 17 item 4; design-brainstorm "Nudge Flow",
 * "Nudge Prompt Format"): pure logic with no DOM and no socket, driven by what the terminal pane sees (output
 * bytes, the user's keystrokes, the session's state) and a clock.
 *
 * Rules:
 * - A nudge goes only into a running Claude Code session (`pty:started.kind === 'claude'`); a shell or a custom
 *   command would run the text as a command (`not_claude_code`). No terminal on this server: `no_terminal`. The
 *   process ended: `terminal_exited`. While a session is starting (or restarting after a server restart) it waits.
 * - It is written only when the process is idle: no output for `quietOutputMs`, no keystroke for `quietInputMs`,
 *   and no half-typed line (the user's draft; the nudge would be appended to it), and at least `afterDeliveryMs`
 *   after the previous nudge was written (one at a time: the previous answer is being drawn).
 * - One waits at a time: a newer nudge supersedes a waiting one (`superseded`); one that waited `maxWaitMs`
 *   is stale (`expired`). Muting the Observer drops the waiting one and every later one (`muted`).
 * - The prompt text is written first and Enter `enterDelayMs` later: Claude Code reads a burst that ends in Enter as
 *   a paste, and would put a newline into its input box instead of submitting. The prompt is the short, marked
 *   check-in line of {@link formatCheckInPrompt} (issue 23 item 3) unless `formatPrompt` says otherwise.
 * - The learner's keystrokes go through {@link NudgeDelivery.input}, and none is ever lost: between the prompt text
 *   and its Enter they are held (they would otherwise be submitted as part of the check-in) and written right after
 *   the Enter, in order; at any other time they are written at once.
 *
 * Timers are the global `setTimeout`/`clearTimeout` and the clock is `now` (default `Date.now`), so a test drives
 * everything with a fake clock.
 */
import type { NudgeDropReason, ServerPayload } from '@paige/protocol';
import { formatCheckInPrompt } from './check-in.js';

/** One `observer:nudge` as the page received it. */
export type ObserverNudge = ServerPayload<'observer:nudge'>;

/** Where nudges would go: the terminal session's state as the pane knows it. */
export type NudgeTarget =
  /** The server serves no terminal (`featureFlags.terminal` false). */
  | { state: 'unavailable' }
  /** A session is being opened (or reopened after a server restart); nothing to write into yet. */
  | { state: 'starting' }
  /** A session runs; `kind` from `pty:started`. */
  | { state: 'running'; kind: 'claude' | 'shell' | 'custom' }
  /** The process ended (or could not start) and no new session is on its way. */
  | { state: 'exited' };

/** What happened to one offered nudge. */
export type NudgeOutcome<T> =
  | {
      item: T;
      delivered: true;
      /** The text written before the Enter. */
      prompt: string;
    }
  | { item: T; delivered: false; reason: NudgeDropReason };

/** Why a waiting nudge is not written yet (for the page: "waiting for ..."). */
export type NudgeHold = 'starting' | 'output' | 'typing' | 'draft' | 'previous';

/** Options of {@link createNudgeDelivery}. */
export interface NudgeDeliveryOptions<T> {
  /** The nudge's signal and payload, from an offered item. */
  nudgeOf(item: T): ObserverNudge;
  /** Writes text into the terminal (as typed input): the check-in's text and Enter, and the learner's text input. */
  write(data: string): void;
  /** Writes the learner's raw bytes given as a binary string (xterm.js `onBinary`). Default: `write`. */
  writeBinary?(data: string): void;
  /** The text typed into Claude Code for a nudge (default {@link formatCheckInPrompt}). */
  formatPrompt?(nudge: ObserverNudge): string;
  /** Reports each outcome once: written (when Enter went out) or dropped with a reason. */
  onOutcome(outcome: NudgeOutcome<T>): void;
  /** Reports changes of the waiting nudge's hold (`null`: nothing waits). Optional. */
  onHold?(item: T | null, hold: NudgeHold | null): void;
  /** No output for this long counts as idle, ms (default 1500). */
  quietOutputMs?: number;
  /** No keystroke for this long counts as "not typing", ms (default 4000). */
  quietInputMs?: number;
  /** Minimum time after a nudge was written before the next one, ms (default 8000). */
  afterDeliveryMs?: number;
  /** A nudge that waited this long is dropped as `expired`, ms (default 180000: the Observer's cooldown). */
  maxWaitMs?: number;
  /** Pause between the prompt text and Enter, ms (default 400). */
  enterDelayMs?: number;
  /** The clock, ms (default `Date.now`). */
  now?: () => number;
}

/** The scheduler. Call the `note*` and `set*` methods as things happen; it writes and reports by itself. */
export interface NudgeDelivery<T> {
  /** A new nudge. Dropped at once when muted or when the target cannot take nudges; else it waits its turn. */
  offer(item: T): void;
  /** Output arrived from the process (any bytes). Cheap: call it per chunk. */
  noteOutput(): void;
  /**
   * The user typed `data` into the terminal (xterm.js `onData` / `onBinary`): tracks the draft line and the typing
   * pause, without writing anything (for a host that writes input itself; see {@link NudgeDelivery.input}).
   */
  noteInput(data: string): void;
  /**
   * The learner's keystrokes, written into the terminal through `write` (`writeBinary` when `binary`): at once,
   * or, while a check-in's text waits for its Enter, right after that Enter (in order). Notes them as `noteInput`
   * does. Held keystrokes are dropped only if the session ends before the Enter (the process is gone).
   */
  input(data: string, binary?: boolean): void;
  /** Whether keystrokes are being held right now (a check-in's Enter is due). */
  readonly holdingInput: boolean;
  /** The terminal session changed (started, exited, reopened, unavailable). */
  setTarget(target: NudgeTarget): void;
  /** The Observer was muted or unmuted. */
  setMuted(muted: boolean): void;
  /** The nudge waiting to be written, if any. */
  readonly waiting: T | null;
  /** Why the waiting nudge is held right now, or `null` (nothing waits, or it is due). */
  readonly hold: NudgeHold | null;
  /** Whether the user has a half-typed line in the terminal (as far as the keystrokes tell). */
  readonly hasDraft: boolean;
  /** Drops nothing, reports nothing more, stops the timers. */
  dispose(): void;
}

/** The prompt's fields are bounded so the nudge stays a short prompt (characters per text field). */
const MAX_FIELD_CHARS = 240;

function clip(value: string | null): string | null {
  if (value === null) return null;
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const oneLine = value.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
  return oneLine.length > MAX_FIELD_CHARS ? `${oneLine.slice(0, MAX_FIELD_CHARS - 1)}…` : oneLine;
}

/**
 * The brainstorm's JSON form of a nudge prompt ("Nudge Prompt Format"), kept for hosts that want it (pass it as
 * `formatPrompt`; the default is the shorter, readable {@link formatCheckInPrompt}): `[PAIGE_OBSERVER] ` and the
 * nudge as one line of JSON (`signal`, `confidence`, `context` in the triage model's snake_case), without Enter.
 * The persona the plugin injects at SessionStart tells Claude Code to answer it as Paige. Text fields are folded
 * to one line without control characters and cut at 240 characters, so nothing in a nudge can act as a keystroke.
 */
export function formatNudgePrompt(nudge: ObserverNudge): string {
  const body = {
    signal: nudge.signal,
    confidence: Math.round(nudge.confidence * 100) / 100,
    context: {
      current_file: clip(nudge.context.current_file),
      expected_file: clip(nudge.context.expected_file),
      time_in_file: clip(nudge.context.time_in_file),
      phase_description: clip(nudge.context.phase_description),
    },
  };
  return `[PAIGE_OBSERVER] ${JSON.stringify(body)}`;
}

/**
 * Follows the user's input line from their keystrokes, to know whether they have typed something not yet sent:
 * printable characters add to it, Backspace removes one, Enter submits it, Ctrl+C / Ctrl+U clear it, escape
 * sequences (arrows, function keys, mouse reports) leave it alone. An approximation (it cannot see what the
 * program does with the keys), erring toward "there is a draft".
 */
export function draftAfterInput(draft: number, data: string): number {
  let n = draft;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 0x1b) {
      // ESC [ ... final byte, ESC O x, or a lone ESC / Alt+key: skip the sequence.
      const next = data[i + 1];
      if (next === '[') {
        if (data.startsWith('[200~', i + 1)) {
          i += 5; // bracketed paste start: the pasted text follows and counts
          continue;
        }
        if (data.startsWith('[201~', i + 1)) {
          i += 5;
          continue;
        }
        let j = i + 2;
        while (j < data.length && !(data.charCodeAt(j) >= 0x40 && data.charCodeAt(j) <= 0x7e)) j++;
        i = j;
      } else if (next === 'O') {
        i += 2;
      } else if (next !== undefined) {
        i += 1;
      }
      continue;
    }
    if (c === 0x0d || c === 0x0a) n = 0;
    else if (c === 0x03 || c === 0x15) n = 0;
    else if (c === 0x7f || c === 0x08) n = Math.max(0, n - 1);
    else if (c >= 0x20) n += 1;
  }
  return n;
}

/**
 * Creates the nudge scheduler of one terminal pane.
 * @see issue 17 item 4; Story 10 (the Observer's nudges); design-brainstorm "Nudge Flow", "Hidden Nudge UX"
 */
export function createNudgeDelivery<T>(options: NudgeDeliveryOptions<T>): NudgeDelivery<T> {
  const quietOutputMs = options.quietOutputMs ?? 1500;
  const quietInputMs = options.quietInputMs ?? 4000;
  const afterDeliveryMs = options.afterDeliveryMs ?? 8000;
  const maxWaitMs = options.maxWaitMs ?? 180_000;
  const enterDelayMs = options.enterDelayMs ?? 400;
  const now = options.now ?? Date.now;

  let target: NudgeTarget = { state: 'starting' };
  let muted = false;
  let waiting: { item: T; since: number } | null = null;
  let writing: { item: T; timer: ReturnType<typeof setTimeout> } | null = null;
  let lastOutput = Number.NEGATIVE_INFINITY;
  let lastInput = Number.NEGATIVE_INFINITY;
  let lastDelivery = Number.NEGATIVE_INFINITY;
  let draft = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  let hold: NudgeHold | null = null;
  let disposed = false;
  let held: Array<{ data: string; binary: boolean }> = [];
  const formatPrompt = options.formatPrompt ?? formatCheckInPrompt;
  const writeBinary = options.writeBinary ?? options.write;
  const flushHeld = () => {
    const queued = held;
    held = [];
    for (const k of queued) (k.binary ? writeBinary : options.write)(k.data);
  };

  const dropReason = (): NudgeDropReason | null => {
    if (muted) return 'muted';
    if (target.state === 'unavailable') return 'no_terminal';
    if (target.state === 'exited') return 'terminal_exited';
    if (target.state === 'running' && target.kind !== 'claude') return 'not_claude_code';
    return null;
  };

  const setHold = (next: NudgeHold | null) => {
    if (next === hold) return;
    hold = next;
    options.onHold?.(waiting?.item ?? null, next);
  };

  const clearTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    timerAt = Number.POSITIVE_INFINITY;
  };

  const arm = (at: number) => {
    if (timer !== undefined && timerAt <= at) return;
    clearTimer();
    timerAt = at;
    timer = setTimeout(
      () => {
        timer = undefined;
        timerAt = Number.POSITIVE_INFINITY;
        evaluate();
      },
      Math.max(0, at - now()),
    );
  };

  const drop = (reason: NudgeDropReason) => {
    const w = waiting;
    if (!w) return;
    waiting = null;
    clearTimer();
    setHold(null);
    options.onOutcome({ item: w.item, delivered: false, reason });
  };

  /** When the waiting nudge becomes due, and why it is held until then; `null` hold = due now. */
  const nextDue = (t: number): { at: number; hold: NudgeHold | null } => {
    if (target.state !== 'running' || writing)
      return { at: Number.POSITIVE_INFINITY, hold: writing ? 'previous' : 'starting' };
    if (draft > 0) return { at: Number.POSITIVE_INFINITY, hold: 'draft' };
    const typingUntil = lastInput + quietInputMs;
    const outputUntil = lastOutput + quietOutputMs;
    const previousUntil = lastDelivery + afterDeliveryMs;
    const at = Math.max(typingUntil, outputUntil, previousUntil);
    if (at <= t) return { at, hold: null };
    // Name the cause that ends last (the one the user would see as the reason).
    const hold: NudgeHold = at === typingUntil ? 'typing' : at === outputUntil ? 'output' : 'previous';
    return { at, hold };
  };

  function evaluate(): void {
    if (disposed || !waiting) return;
    const reason = dropReason();
    if (reason) return drop(reason);
    const t = now();
    const expiresAt = waiting.since + maxWaitMs;
    if (t >= expiresAt) return drop('expired');
    const due = nextDue(t);
    setHold(due.hold);
    if (due.hold === null) return deliver();
    arm(Math.min(due.at, expiresAt));
  }

  function deliver(): void {
    const w = waiting;
    if (!w) return;
    waiting = null;
    clearTimer();
    setHold(null);
    const prompt = formatPrompt(options.nudgeOf(w.item));
    options.write(prompt);
    lastDelivery = now();
    writing = {
      item: w.item,
      timer: setTimeout(() => {
        const done = writing;
        writing = null;
        if (!done || disposed) return;
        options.write('\r');
        lastDelivery = now();
        options.onOutcome({ item: done.item, delivered: true, prompt });
        flushHeld();
        evaluate();
      }, enterDelayMs),
    };
  }

  return {
    offer(item) {
      if (disposed) return;
      const early = dropReason();
      if (early) {
        options.onOutcome({ item, delivered: false, reason: early });
        return;
      }
      if (waiting) drop('superseded');
      waiting = { item, since: now() };
      evaluate();
    },
    noteOutput() {
      lastOutput = now();
    },
    noteInput(data) {
      lastInput = now();
      draft = draftAfterInput(draft, data);
      if (waiting) evaluate();
    },
    input(data, binary = false) {
      if (disposed) return;
      lastInput = now();
      draft = draftAfterInput(draft, data);
      if (writing) {
        held.push({ data, binary });
        return;
      }
      (binary ? writeBinary : options.write)(data);
      if (waiting) evaluate();
    },
    get holdingInput() {
      return writing !== null;
    },
    setTarget(next) {
      const wasRunning = target.state === 'running';
      target = next;
      if (next.state !== 'running' || !wasRunning) {
        // A new session starts with an empty input line, and drawing its start screen counts as output.
        draft = 0;
        lastOutput = now();
      }
      if (next.state !== 'running' && writing) {
        // The session ended between the prompt and its Enter: it did not get the nudge.
        clearTimeout(writing.timer);
        const lost = writing.item;
        writing = null;
        held = [];
        options.onOutcome({
          item: lost,
          delivered: false,
          reason: next.state === 'unavailable' ? 'no_terminal' : 'terminal_exited',
        });
      }
      evaluate();
    },
    setMuted(next) {
      muted = next;
      evaluate();
    },
    get waiting() {
      return waiting?.item ?? null;
    },
    get hold() {
      return hold;
    },
    get hasDraft() {
      return draft > 0;
    },
    dispose() {
      disposed = true;
      clearTimer();
      if (writing) clearTimeout(writing.timer);
      writing = null;
      waiting = null;
      held = [];
    },
  };
}
