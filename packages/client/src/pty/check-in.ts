/**
 * The quiet check-in (issue 23 item 3; design-brainstorm "Hidden Nudge UX: The Thinking Block Pattern", "Nudge Prompt
 * Format"): what an Observer nudge looks like when it is typed into Claude Code, and the record of each check-in that
 * the page shows as a breadcrumb ("Paige checked in, 2 min ago") expanding to what the Observer signalled and what
 * Paige answered.
 *
 * Approach: record, do not hide. The brainstorm's pattern buffers the PTY output of a check-in and keeps it out of
 * the terminal. Real Claude Code draws an Ink interface that redraws its screen in place (spinner, input box, status
 * line, cursor moves relative to what is already drawn), so withholding a stretch of its output from xterm.js would
 * leave the emulator's screen out of step with the program's idea of it, and everything drawn afterwards garbled.
 * So the output goes to the terminal untouched, and a copy of it from the check-in's Enter to Claude Code's next idle
 * moment is kept beside it, stripped of escape sequences and bounded ({@link createCheckInRecorder}). The prompt
 * itself is short, readable and marked as the editor's ({@link formatCheckInPrompt}), and the plugin's
 * UserPromptSubmit hook tells Claude Code it was not the learner who wrote it, so its answer is brief.
 *
 * No DOM, no socket; timers are the global ones and the clock is `now`, so tests drive it with a fake clock.
 */
import type { ObserverNudge } from './nudge-delivery.js';

/**
 * The marker that starts every check-in prompt; `apps/claude-plugin` recognises it (and the older
 * `[PAIGE_OBSERVER]`) in UserPromptSubmit and tells Claude Code the editor wrote it, not the learner.
 */
export const CHECK_IN_PREFIX = '[Paige check-in]';

/** Characters kept of each text field of the prompt (a file path, a phase description). */
const MAX_FIELD_CHARS = 160;

function clip(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const oneLine = value.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
  if (!oneLine) return null;
  return oneLine.length > MAX_FIELD_CHARS ? `${oneLine.slice(0, MAX_FIELD_CHARS - 1)}…` : oneLine;
}

/**
 * The one line typed into Claude Code for a nudge (without Enter), e.g.
 * `[Paige check-in] wrong_file (confidence 0.85) | in src/auth.ts for 3m12s | expected src/oauth.ts | phase: Find
 * the callback | from Paige's editor, not the learner: answer in one or two short sentences`.
 * Short and readable where the learner sees it echoed in Claude Code's input, marked by {@link CHECK_IN_PREFIX}.
 * Text fields are folded to one line without control characters and cut at 160 characters, so nothing in a nudge
 * can act as a keystroke; missing fields are left out. At most about 700 characters.
 * @see design-brainstorm "Nudge Prompt Format" (the signal, confidence and context it carries); issue 23 item 3
 */
export function formatCheckInPrompt(nudge: ObserverNudge): string {
  const c = nudge.context;
  const parts = [
    `${CHECK_IN_PREFIX} ${nudge.signal} (confidence ${(Math.round(nudge.confidence * 100) / 100).toFixed(2)})`,
  ];
  const current = clip(c.current_file);
  const time = clip(c.time_in_file);
  if (current) parts.push(`in ${current}${time ? ` for ${time}` : ''}`);
  else if (time) parts.push(`for ${time}`);
  const expected = clip(c.expected_file);
  if (expected && expected !== current) parts.push(`expected ${expected}`);
  const phase = clip(c.phase_description);
  if (phase) parts.push(`phase: ${phase}`);
  parts.push("from Paige's editor, not the learner: answer in one or two short sentences");
  return parts.join(' | ');
}

/** Plain words for what each Observer signal means, for the learner (the breadcrumb's "what the Observer saw"). */
export const SIGNAL_WORDS: Readonly<Record<ObserverNudge['signal'], string>> = {
  stuck_on_implementation: 'You seemed stuck on the implementation.',
  wrong_file: 'You seemed to be working in a different file than this step needs.',
  scope_drift: 'Your changes seemed to drift beyond the current step.',
  idle: 'Nothing had changed for a while.',
  phase_complete: 'The current step looked done.',
  edit_loop: 'You seemed to be editing the same lines over and over.',
};

/** How a check-in's answer ended. */
export type CheckInStatus =
  /** Claude Code is answering (output since the Enter has not been quiet long enough yet). */
  | 'answering'
  /** Claude Code went quiet after drawing its answer. */
  | 'answered'
  /** `maxAnswerMs` passed with output still coming (the excerpt holds what came). */
  | 'timed_out'
  /** The terminal session ended (or a newer check-in started) before the answer was finished. */
  | 'interrupted';

/** One check-in, as the page shows it. Plain data (safe to keep in a store). */
export interface CheckInRecord {
  /** 1, 2, ... per recorder. */
  id: number;
  signal: ObserverNudge['signal'];
  /** 0..1. */
  confidence: number;
  context: ObserverNudge['context'];
  /** The exact text typed into Claude Code. */
  prompt: string;
  /** When the Enter went out, ms since the epoch. */
  at: number;
  /** When the answer ended, ms since the epoch (`null` while answering). */
  endedAt: number | null;
  status: CheckInStatus;
  /** What Paige answered: the output after the Enter, without escape sequences, the echoed prompt or the
   * interface's frame lines, repeated lines once; at most `maxExcerptChars` (empty while answering). */
  answer: string;
  /** Whether output was left out (capture over `maxCaptureBytes` or excerpt over `maxExcerptChars`). */
  truncated: boolean;
}

/** Options of {@link createCheckInRecorder}. */
export interface CheckInRecorderOptions {
  /** Called whenever a record changes (begun, ended); the record is a fresh object each time. */
  onChange(record: CheckInRecord): void;
  /** Output quiet for this long (after some output) counts as Claude Code's idle prompt, ms (default 2500). */
  answerQuietMs?: number;
  /** An answer still drawing after this long is cut (`timed_out`), ms (default 120000). */
  maxAnswerMs?: number;
  /** Output bytes kept per check-in (default 256 KiB; later bytes are counted as truncated). */
  maxCaptureBytes?: number;
  /** Characters kept of the answer (default 1500). */
  maxExcerptChars?: number;
  /** The clock, ms (default `Date.now`). */
  now?: () => number;
}

/** Records the answer to each check-in. Feed it every output chunk; it ends the answer on its own. */
export interface CheckInRecorder {
  /**
   * A check-in's Enter went out: start recording. A previous check-in still answering ends as `interrupted`.
   * @returns the new record (status `answering`).
   */
  begin(nudge: ObserverNudge, prompt: string): CheckInRecord;
  /** Output from the terminal (any bytes; cheap when no check-in is answering). */
  noteOutput(bytes: Uint8Array): void;
  /** The session ended or was replaced: a check-in still answering ends as `interrupted`. */
  interrupt(): void;
  /** The check-in being answered, if any. */
  readonly current: CheckInRecord | null;
  /** Stops the timers; reports nothing more. */
  dispose(): void;
}

/**
 * Plain text from terminal output: escape sequences removed (OSC, DCS and other strings, CSI, two-byte escapes);
 * cursor moves to another row and carriage returns become line breaks (an in-place redraw shows as more lines, never
 * as one line glued to another); other control characters dropped. Lines are right-trimmed.
 */
export function terminalText(text: string): string {
  return (
    text
      // OSC / DCS / SOS / PM / APC strings, ended by BEL or ST
      // eslint-disable-next-line no-control-regex -- escape sequences are what is removed
      .replace(/\u001b[\]P^_X][\s\S]*?(?:\u0007|\u001b\\|$)/g, '')
      // CSI: a move to another row is a line break, a move along the row (Claude Code puts `CSI n G` between
      // words) a space, anything else nothing
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[([0-?]*)[ -/]*([@-~])/g, (_m, _params: string, final: string) =>
        'ABEFHfd'.includes(final) ? '\n' : 'CG`'.includes(final) ? ' ' : '',
      )
      // two-byte escapes (ESC 7, ESC =, charset selection ESC ( B)
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b[()*+][\s\S]|\u001b[\s\S]?/g, '')
      .replace(/\r\n/g, '\n')
      .replace(/\r/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
  );
}

/**
 * Lines of Claude Code's interface that are not its answer (as drawn by Claude Code 2.1): frames and rules, the
 * input box's prompt, the spinner (a glyph, alone or with its verb and "esc to interrupt"), the turn's status line
 * ("✻ Brewed for 2s · done"), the effort and mode indicators, tips, the shortcuts and agents hints.
 */
const CHROME = [
  /^[\s\u2500-\u259f>❯│|]*$/u,
  /esc to interrupt/i,
  /\? for shortcuts/i,
  /for agents$/i,
  /^[✻✽✶✳✢·*]\s*\S{0,3}$/u,
  /^[✻✽✶✳✢·*]\s*\S+…/u,
  /^[✻✽✶✳✢·*]\s.*\bfor \d+(\.\d+)?m?s\b/u,
  /^[◐◑◒◓○●]\s\S+\s·\s\/effort/u,
  /^⎿\s+Tip:/u,
  /^\d+s?$/,
  /\(shift\+tab to cycle\)/i,
];

/**
 * The answer excerpt of a check-in from the text captured after its Enter ({@link terminalText} applied): without
 * the echoed prompt (any line that is part of it), the interface's frame and status lines, and lines seen before
 * (a redraw repeats them); then cut at `maxChars` with an ellipsis.
 */
export function answerExcerpt(
  captured: string,
  prompt: string,
  maxChars = 1500,
): { text: string; truncated: boolean } {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of captured.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const bare = line
      .replace(/^[>❯│|]\s*/u, '')
      .replace(/\s*[│|]$/, '')
      .trim();
    if (!bare) continue;
    if (bare.includes(CHECK_IN_PREFIX) || (bare.length >= 6 && prompt.includes(bare))) continue;
    if (CHROME.some((re) => re.test(line))) continue;
    if (seen.has(bare)) continue;
    seen.add(bare);
    kept.push(bare);
  }
  const text = kept.join('\n');
  if (text.length <= maxChars) return { text, truncated: false };
  return { text: `${text.slice(0, maxChars - 1)}…`, truncated: true };
}

/**
 * Creates the recorder of one terminal pane.
 * @throws RangeError for a non-positive `answerQuietMs`, `maxAnswerMs`, `maxCaptureBytes` or `maxExcerptChars`.
 * @see issue 23 item 3
 */
export function createCheckInRecorder(options: CheckInRecorderOptions): CheckInRecorder {
  const answerQuietMs = options.answerQuietMs ?? 2500;
  const maxAnswerMs = options.maxAnswerMs ?? 120_000;
  const maxCaptureBytes = options.maxCaptureBytes ?? 256 * 1024;
  const maxExcerptChars = options.maxExcerptChars ?? 1500;
  for (const [name, v] of Object.entries({ answerQuietMs, maxAnswerMs, maxCaptureBytes, maxExcerptChars })) {
    if (!(Number.isFinite(v) && v > 0))
      throw new RangeError(`check-in recorder: ${name} must be a positive number (got ${v})`);
  }
  const now = options.now ?? Date.now;
  let nextId = 1;
  let disposed = false;
  let active: {
    record: CheckInRecord;
    decoder: { decode(input?: Uint8Array, options?: { stream?: boolean }): string };
    text: string;
    bytes: number;
    overflow: boolean;
    lastOutput: number;
    sawOutput: boolean;
    timer: ReturnType<typeof setTimeout> | undefined;
  } | null = null;

  const emit = (record: CheckInRecord) => {
    if (!disposed) options.onChange({ ...record });
  };

  const finish = (status: Exclude<CheckInStatus, 'answering'>) => {
    const a = active;
    if (!a) return;
    active = null;
    if (a.timer !== undefined) clearTimeout(a.timer);
    const captured = a.text + a.decoder.decode();
    const excerpt = answerExcerpt(terminalText(captured), a.record.prompt, maxExcerptChars);
    const record: CheckInRecord = {
      ...a.record,
      status,
      endedAt: now(),
      answer: excerpt.text,
      truncated: a.overflow || excerpt.truncated,
    };
    emit(record);
  };

  const schedule = () => {
    const a = active;
    if (!a) return;
    const t = now();
    const deadline = a.record.at + maxAnswerMs;
    if (t >= deadline) return finish('timed_out');
    if (a.sawOutput && t - a.lastOutput >= answerQuietMs) return finish('answered');
    const quietAt = a.sawOutput ? a.lastOutput + answerQuietMs : t + answerQuietMs;
    a.timer = setTimeout(
      () => {
        if (active === a) {
          a.timer = undefined;
          schedule();
        }
      },
      Math.max(0, Math.min(quietAt, deadline) - t),
    );
  };

  return {
    begin(nudge, prompt) {
      if (active) finish('interrupted');
      const record: CheckInRecord = {
        id: nextId++,
        signal: nudge.signal,
        confidence: nudge.confidence,
        context: { ...nudge.context },
        prompt,
        at: now(),
        endedAt: null,
        status: 'answering',
        answer: '',
        truncated: false,
      };
      active = {
        record,
        decoder: new TextDecoder(),
        text: '',
        bytes: 0,
        overflow: false,
        lastOutput: record.at,
        sawOutput: false,
        timer: undefined,
      };
      emit(record);
      if (!disposed) schedule();
      return { ...record };
    },
    noteOutput(bytes) {
      const a = active;
      if (!a || bytes.byteLength === 0) return;
      a.lastOutput = now();
      a.sawOutput = true;
      const room = maxCaptureBytes - a.bytes;
      if (room <= 0) {
        a.overflow = true;
        return;
      }
      const piece = bytes.byteLength > room ? bytes.subarray(0, room) : bytes;
      if (piece !== bytes) a.overflow = true;
      a.bytes += piece.byteLength;
      a.text += a.decoder.decode(piece, { stream: true });
    },
    interrupt() {
      finish('interrupted');
    },
    get current() {
      return active ? { ...active.record } : null;
    },
    dispose() {
      if (active?.timer !== undefined) clearTimeout(active.timer);
      active = null;
      disposed = true;
    },
  };
}
