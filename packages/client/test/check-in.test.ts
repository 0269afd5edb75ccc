/**
 * Issue 23 item 3, the quiet check-in: the prompt typed into Claude Code is one short line marked as the editor's;
 * a keystroke the learner types while a check-in's Enter is due is held and written right after it (never lost,
 * never submitted as part of the check-in); the recorder keeps what Claude Code answered, from the Enter to its next
 * idle moment, as plain bounded text, and ends as answered, timed out or interrupted. Fake clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  answerExcerpt,
  CHECK_IN_PREFIX,
  createCheckInRecorder,
  createNudgeDelivery,
  formatCheckInPrompt,
  SIGNAL_WORDS,
  terminalText,
  type CheckInRecord,
  type NudgeOutcome,
  type ObserverNudge,
} from '../src/pty/index.js';

const nudge = (over: Partial<ObserverNudge['context']> = {}): ObserverNudge => ({
  signal: 'wrong_file',
  confidence: 0.854,
  context: {
    current_file: 'src/middleware/auth.ts',
    expected_file: 'src/handlers/oauth.ts',
    time_in_file: '3m12s',
    phase_description: 'Find the OAuth callback handler',
    ...over,
  },
});
const bytes = (s: string) => new TextEncoder().encode(s);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Issue 23 item 3: the check-in prompt', () => {
  it('is one short readable line, marked as the editor’s, with the signal, confidence and context', () => {
    const text = formatCheckInPrompt(nudge());
    expect(text).toBe(
      "[Paige check-in] wrong_file (confidence 0.85) | in src/middleware/auth.ts for 3m12s | expected src/handlers/oauth.ts | phase: Find the OAuth callback handler | from Paige's editor, not the learner: answer in one or two short sentences",
    );
    expect(text.startsWith(CHECK_IN_PREFIX)).toBe(true);
    expect(text).not.toContain('{');
  });

  it('leaves out missing fields, folds control characters, and stays short whatever the context holds', () => {
    const text = formatCheckInPrompt(
      nudge({
        current_file: null,
        expected_file: null,
        time_in_file: '5m',
        phase_description: `a\r\n\x1b[31m${'x'.repeat(1000)}`,
      }),
    );
    expect(text).toContain('| for 5m |');
    expect(text).not.toContain('expected');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    expect(text.length).toBeLessThan(700);
    expect(Object.keys(SIGNAL_WORDS)).toHaveLength(6);
  });
});

describe('Issue 23 item 3: a keystroke during a check-in is never lost', () => {
  it('keystrokes between the check-in text and its Enter are held, then written right after the Enter, in order', () => {
    const written: string[] = [];
    const outcomes: NudgeOutcome<ObserverNudge>[] = [];
    const d = createNudgeDelivery<ObserverNudge>({
      nudgeOf: (n) => n,
      write: (s) => written.push(s),
      writeBinary: (s) => written.push(`bin:${s}`),
      onOutcome: (o) => outcomes.push(o),
      quietOutputMs: 100,
      quietInputMs: 100,
      enterDelayMs: 400,
    });
    d.setTarget({ state: 'running', kind: 'claude' });
    vi.advanceTimersByTime(1000);
    d.input('l'); // at once: no check-in under way
    d.input('\r');
    expect(written).toEqual(['l', '\r']);
    vi.advanceTimersByTime(1000);
    d.offer(nudge());
    expect(written).toHaveLength(3); // the check-in's text
    expect(d.holdingInput).toBe(true);
    d.input('h');
    d.input('\x1b[M !!', true);
    d.input('i');
    expect(written).toHaveLength(3); // nothing typed into the check-in line
    vi.advanceTimersByTime(400);
    expect(written.slice(3)).toEqual(['\r', 'h', 'bin:\x1b[M !!', 'i']);
    expect(d.holdingInput).toBe(false);
    expect(outcomes).toHaveLength(1);
    // after the Enter, keystrokes go at once again (Claude Code keeps them in its input while it answers)
    d.input('!');
    expect(written.at(-1)).toBe('!');
    d.dispose();
  });
});

describe('Issue 23 item 3: the check-in recorder', () => {
  let records: CheckInRecord[];
  const make = (
    over: Parameters<typeof createCheckInRecorder>[0] extends infer O ? Partial<O> : never = {},
  ) =>
    createCheckInRecorder({
      onChange: (r) => records.push(r),
      answerQuietMs: 2500,
      maxAnswerMs: 60_000,
      ...over,
    });
  beforeEach(() => {
    records = [];
  });

  it('records the answer from the Enter to the next quiet moment, as plain text without the echo or the frame', () => {
    const r = make();
    const prompt = formatCheckInPrompt(nudge());
    const begun = r.begin(nudge(), prompt);
    expect(begun).toMatchObject({
      id: 1,
      signal: 'wrong_file',
      status: 'answering',
      answer: '',
      endedAt: null,
    });
    expect(records.at(-1)?.status).toBe('answering');
    // Claude Code echoes the prompt, draws a spinner in place, then the answer, then its input box again.
    r.noteOutput(bytes(`\x1b[2K\x1b[G> ${prompt.slice(0, 60)}\r\n${prompt.slice(60)}\r\n`));
    vi.advanceTimersByTime(1000);
    for (const s of ['Thinking… (1s · esc to interrupt)', 'Thinking… (2s · esc to interrupt)']) {
      r.noteOutput(bytes(`\r\x1b[2K\x1b[38;5;208m✻\x1b[0m ${s}`));
      vi.advanceTimersByTime(1000);
    }
    r.noteOutput(
      bytes(
        '\r\x1b[2K\x1b[1A\x1b[38;5;208m●\x1b[0m The OAuth callback lives in src/handlers/oauth.ts.\r\n  Want to open it together?\r\n',
      ),
    );
    r.noteOutput(
      bytes('\x1b]0;claude\x07╭──────────╮\r\n│ >        │\r\n╰──────────╯\r\n  ? for shortcuts\r\n'),
    );
    vi.advanceTimersByTime(2499);
    expect(r.current?.status).toBe('answering');
    vi.advanceTimersByTime(1);
    expect(r.current).toBeNull();
    const done = records.at(-1)!;
    expect(done.status).toBe('answered');
    expect(done.answer).toBe(
      '● The OAuth callback lives in src/handlers/oauth.ts.\nWant to open it together?',
    );
    expect(done.endedAt! - done.at).toBe(5500);
    expect(done.truncated).toBe(false);
  });

  it('waits while output keeps coming; an answer still drawing after maxAnswerMs is cut as timed_out', () => {
    const r = make({ maxAnswerMs: 10_000 });
    r.begin(nudge(), 'p');
    for (let i = 0; i < 20; i++) {
      r.noteOutput(bytes(`line ${i}\r\n`));
      vi.advanceTimersByTime(1000);
    }
    const done = records.at(-1)!;
    expect(done.status).toBe('timed_out');
    expect(done.answer.split('\n')[0]).toBe('line 0');
  });

  it('a session that ends, or a newer check-in, interrupts the one answering; nothing more after dispose', () => {
    const r = make();
    r.begin(nudge(), 'p');
    r.noteOutput(bytes('half an ans'));
    r.interrupt();
    expect(records.at(-1)).toMatchObject({ status: 'interrupted', answer: 'half an ans' });
    r.begin(nudge(), 'p');
    r.begin({ ...nudge(), signal: 'idle' }, 'q');
    expect(records.filter((x) => x.status === 'interrupted')).toHaveLength(2);
    expect(r.current).toMatchObject({ id: 3, signal: 'idle' });
    r.dispose();
    const n = records.length;
    vi.advanceTimersByTime(200_000);
    expect(records).toHaveLength(n);
  });

  it('keeps a bounded capture and excerpt; a UTF-8 character split across chunks survives', () => {
    const r = make({ maxCaptureBytes: 64, maxExcerptChars: 20 });
    r.begin(nudge(), 'p');
    const e = bytes('é');
    r.noteOutput(e.subarray(0, 1));
    r.noteOutput(e.subarray(1));
    r.noteOutput(bytes(` ${'word '.repeat(40)}`));
    vi.advanceTimersByTime(2500);
    const done = records.at(-1)!;
    expect(done.answer.startsWith('é word')).toBe(true);
    expect(done.answer.length).toBeLessThanOrEqual(20);
    expect(done.truncated).toBe(true);
  });

  it('refuses options that cannot work', () => {
    expect(() => createCheckInRecorder({ onChange: () => undefined, answerQuietMs: 0 })).toThrow(RangeError);
    expect(() => createCheckInRecorder({ onChange: () => undefined, maxExcerptChars: Number.NaN })).toThrow(
      RangeError,
    );
  });
});

describe('Issue 23 item 3: what real Claude Code draws (bytes recorded by pnpm check:terminal, Claude Code 2.1)', () => {
  it('keeps the answer and drops the echo, spinner, status, effort and hints', () => {
    const prompt = formatCheckInPrompt({
      signal: 'stuck_on_implementation',
      confidence: 0.86,
      context: {
        current_file: 'src/greet.js',
        expected_file: null,
        time_in_file: '4m',
        phase_description: 'Return a greeting',
      },
    });
    const drawn =
      "\x1b[48;2;55;55;55m\x1b[38;2;153;153;153m❯ \x1b[38;2;255;255;255m[Paige check-in] stuck_on_implementation (confidence 0.86) | in src/greet.js for 4m | phase: Return a greeting | from\x1b[39m \n\x1b[1B  \x1b[38;2;255;255;255mPaige's editor, not the learner: answer in one or two short sentences\x1b[39m   \n" +
      '\x1b[22B\x1b[49m\x1b[38;2;215;119;87m✽\x1b[3GCatapulting… \x1b[38;2;153;153;153m(running UserPromptSubmit hook · 0s)\x1b[101G\x1b[39m\x1b[K\n\x1b[1B        \x1b[38;2;153;153;153m◐ medium · /effort\x1b[39m\x1b[K\n' +
      '\x1b[1B\x1b[38;2;136;136;136m──────────────\n\x1b[1B\x1b[38;2;153;153;153m❯\u00a0\x1b[39m\x1b[7m \x1b[27m\x1b[K\n\x1b[38C\x1b[2B\x1b[38;2;153;153;153m · esc to interrupt · ← for agents\x1b[39m\x1b[40;1H\x1b[38;3H\x1b]0;◐ Claude Code\x07\x1b[H\n' +
      '\x1b[34B\x1b[38;2;215;119;87m✻\x1b[39m\x1b[40;1H\x1b[38;3H\x1b[H\n\x1b[34B\x1b[38;2;215;119;87m*\x1b[49G\x1b[38;2;153;153;153m1\x1b[39m\x1b[40;1H\x1b[38;3H\x1b[H\n' +
      '\x1b[14B\x1b[38;2;255;255;255m●\x1b[3G\x1b[39m[stand-in]\x1b[14GPaige\x1b[20Ghere:\x1b[26Glet\x1b[30Gus\x1b[33Glook\x1b[38Gat\x1b[41Gyour\x1b[46Gquestion\x1b[55Gtogether.\n' +
      '\x1b[2B\x1b[38;2;153;153;153m✻\x1b[3GBrewed for 2s · done 11:21 PM\n\x1b[18B\x1b[39m\x1b[K\n\x1b[3B❯\u00a0\n\x1b[41C\x1b[2B\x1b[38;2;153;153;153m← for agents\x1b[39m\x1b[K';
    expect(answerExcerpt(terminalText(drawn), prompt).text).toBe(
      '● [stand-in] Paige here: let us look at your question together.',
    );
  });
});

describe('Issue 23 item 3: terminal text', () => {
  it('drops escape sequences; row moves and carriage returns become line breaks; repeated lines are kept once', () => {
    expect(terminalText('a\x1b[1;31mb\x1b[0m\x1b[5;1Hc\x1b[3Cd\re\x1b]8;;http://x\x1b\\f\x07')).toBe(
      'ab\nc d\nef',
    );
    expect(answerExcerpt('x\n│ hello │\nhello\n\n● hi\n● hi', 'prompt').text).toBe('x\nhello\n● hi');
  });
});
