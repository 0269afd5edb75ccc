/**
 * Issue 17 item 4: an Observer nudge is written into Claude Code only when the terminal is idle (no output for a
 * quiet period, the user not typing, no half-typed line), one at a time, a newer one superseding a waiting one;
 * muted, a shell, no terminal or an ended process drop it with the reason the server records. Fake clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createNudgeDelivery,
  draftAfterInput,
  formatCheckInPrompt,
  formatNudgePrompt,
  type NudgeDelivery,
  type NudgeOutcome,
  type ObserverNudge,
} from '../src/pty/index.js';

const nudge = (
  signal: ObserverNudge['signal'] = 'stuck_on_implementation',
  file = 'lib/utils/did-you-mean.js',
): ObserverNudge => ({
  signal,
  confidence: 0.92,
  context: {
    current_file: file,
    expected_file: file,
    time_in_file: '4m',
    phase_description: 'Trace the suggestion logic',
  },
});

interface Item {
  id: number;
  nudge: ObserverNudge;
}

let written: string[];
let outcomes: NudgeOutcome<Item>[];
let d: NudgeDelivery<Item>;
let nextId = 1;
const item = (n: ObserverNudge = nudge()): Item => ({ id: nextId++, nudge: n });

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
  written = [];
  outcomes = [];
  d = createNudgeDelivery<Item>({
    nudgeOf: (i) => i.nudge,
    write: (data) => written.push(data),
    onOutcome: (o) => outcomes.push(o),
    quietOutputMs: 1500,
    quietInputMs: 4000,
    afterDeliveryMs: 8000,
    maxWaitMs: 180_000,
    enterDelayMs: 400,
  });
});
afterEach(() => {
  d.dispose();
  vi.useRealTimers();
});

/** A Claude Code session that drew its start screen and went quiet. */
function idleClaude() {
  d.setTarget({ state: 'running', kind: 'claude' });
  d.noteOutput();
  vi.advanceTimersByTime(5000);
}

describe('Issue 17: nudge delivery into the terminal', () => {
  it('formats the nudge as a one-line [PAIGE_OBSERVER] prompt with the signal, confidence and context', () => {
    const text = formatNudgePrompt(nudge());
    expect(text.startsWith('[PAIGE_OBSERVER] {')).toBe(true);
    expect(text).not.toMatch(/[\r\n]/);
    expect(JSON.parse(text.slice('[PAIGE_OBSERVER] '.length))).toEqual({
      signal: 'stuck_on_implementation',
      confidence: 0.92,
      context: {
        current_file: 'lib/utils/did-you-mean.js',
        expected_file: 'lib/utils/did-you-mean.js',
        time_in_file: '4m',
        phase_description: 'Trace the suggestion logic',
      },
    });
  });

  it('keeps the prompt short and free of control characters whatever the context holds', () => {
    const n = nudge();
    n.context.phase_description = `Line one\nline two\r\u001b[31m${'x'.repeat(5000)}`;
    const text = formatNudgePrompt(n);
    expect(text.length).toBeLessThan(900);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    const phase = JSON.parse(text.slice(17)).context.phase_description as string;
    expect(phase.startsWith('Line one line two [31mxxx')).toBe(true);
    expect(phase.length).toBe(240);
  });

  it('writes a nudge into an idle Claude Code at once: the prompt, then Enter 400 ms later, then reports it delivered', () => {
    idleClaude();
    const i = item();
    d.offer(i);
    expect(written).toEqual([formatCheckInPrompt(i.nudge)]);
    expect(outcomes).toEqual([]);
    vi.advanceTimersByTime(399);
    expect(written).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(written).toEqual([formatCheckInPrompt(i.nudge), '\r']);
    expect(outcomes).toEqual([{ item: i, delivered: true, prompt: formatCheckInPrompt(i.nudge) }]);
  });

  it('waits while the process writes output, and delivers after 1.5 s of quiet', () => {
    idleClaude();
    d.offer(item());
    vi.advanceTimersByTime(10_000);
    written.length = 0; // delivered (idle); the next one meets a busy terminal
    const i = item();
    // Claude Code is drawing an answer: output every 200 ms for 5 s.
    d.noteOutput();
    d.offer(i);
    for (let t = 0; t < 25; t++) {
      d.noteOutput();
      vi.advanceTimersByTime(200);
    }
    expect(d.hold).toBe('output');
    expect(written).toEqual([]);
    vi.advanceTimersByTime(1300);
    expect(written).toEqual([formatCheckInPrompt(i.nudge)]);
  });

  it('never writes while the user is typing, nor into a half-typed line; Enter or Ctrl+C ends the draft', () => {
    idleClaude();
    const i = item();
    d.noteInput('e');
    d.offer(i);
    expect(written).toEqual([]);
    // Typing "echo paige" slowly, one key every 700 ms: never written in between.
    for (const ch of 'cho paige') {
      vi.advanceTimersByTime(700);
      d.noteInput(ch);
      d.noteOutput(); // the echo
      expect(written).toEqual([]);
    }
    // They stop typing but leave the line unsent: still held (it would be appended to their text).
    vi.advanceTimersByTime(60_000);
    expect(d.hold).toBe('draft');
    expect(written).toEqual([]);
    d.noteInput('\x03'); // Ctrl+C clears Claude Code's input
    expect(d.hasDraft).toBe(false);
    vi.advanceTimersByTime(3999);
    expect(written).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(written).toEqual([formatCheckInPrompt(i.nudge)]);
  });

  it('a submitted line is not a draft: the nudge goes once typing and output are quiet', () => {
    idleClaude();
    d.noteInput('explain this file');
    d.noteInput('\r');
    d.noteOutput();
    const i = item();
    d.offer(i);
    expect(d.hold).toBe('typing');
    vi.advanceTimersByTime(4000);
    expect(written).toEqual([formatCheckInPrompt(i.nudge)]);
  });

  it('tracks the draft through Backspace, arrows, pastes and Ctrl+U', () => {
    expect(draftAfterInput(0, 'ab')).toBe(2);
    expect(draftAfterInput(2, '\x7f\x7f')).toBe(0);
    expect(draftAfterInput(0, '\x7f')).toBe(0);
    expect(draftAfterInput(0, '\x1b[A\x1b[D\x1bOB')).toBe(0); // arrows only
    expect(draftAfterInput(3, '\x1b[D')).toBe(3);
    expect(draftAfterInput(0, '\x1b[200~pasted\x1b[201~')).toBe(6);
    expect(draftAfterInput(5, '\x15')).toBe(0);
    expect(draftAfterInput(5, 'x\r')).toBe(0);
    expect(draftAfterInput(0, '\x1b[<0;12;5M')).toBe(0); // a mouse report
  });

  it('one at a time: a newer nudge supersedes a waiting one, and the next waits until the previous was answered', () => {
    idleClaude();
    d.noteInput('x'); // a draft holds everything
    const first = item(nudge('wrong_file'));
    const second = item(nudge('scope_drift'));
    d.offer(first);
    d.offer(second);
    expect(outcomes).toEqual([{ item: first, delivered: false, reason: 'superseded' }]);
    d.noteInput('\x15');
    vi.advanceTimersByTime(4000);
    expect(written[0]).toContain('[Paige check-in] scope_drift (confidence 0.92)');
    vi.advanceTimersByTime(400);
    expect(outcomes.at(-1)).toEqual({
      item: second,
      delivered: true,
      prompt: formatCheckInPrompt(second.nudge),
    });
    // The answer has not even started: a third nudge waits for the previous one (8 s after it was written).
    const third = item(nudge('idle'));
    d.offer(third);
    expect(d.hold).toBe('previous');
    vi.advanceTimersByTime(7000);
    expect(written).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(written[2]).toContain('[Paige check-in] idle (confidence 0.92)');
  });

  it('a nudge that waited three minutes is dropped as expired', () => {
    idleClaude();
    d.noteInput('half a thought');
    const i = item();
    d.offer(i);
    vi.advanceTimersByTime(179_999);
    expect(outcomes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(outcomes).toEqual([{ item: i, delivered: false, reason: 'expired' }]);
    d.noteInput('\r');
    vi.advanceTimersByTime(10_000);
    expect(written).toEqual([]);
  });

  it('muting the Observer drops the waiting nudge and every later one (muted)', () => {
    idleClaude();
    d.noteInput('x');
    const waiting = item();
    d.offer(waiting);
    d.setMuted(true);
    expect(outcomes).toEqual([{ item: waiting, delivered: false, reason: 'muted' }]);
    const later = item();
    d.offer(later);
    expect(outcomes.at(-1)).toEqual({ item: later, delivered: false, reason: 'muted' });
    d.setMuted(false);
    d.noteInput('\x15');
    vi.advanceTimersByTime(10_000);
    expect(written).toEqual([]);
  });

  it('only Claude Code gets nudges: a shell or a custom command drops them (not_claude_code)', () => {
    d.setTarget({ state: 'running', kind: 'shell' });
    const i = item();
    d.offer(i);
    expect(outcomes).toEqual([{ item: i, delivered: false, reason: 'not_claude_code' }]);
    d.setTarget({ state: 'running', kind: 'custom' });
    d.offer(item());
    expect(outcomes.at(-1)).toMatchObject({ delivered: false, reason: 'not_claude_code' });
    expect(written).toEqual([]);
  });

  it('no terminal on the server drops them (no_terminal); an ended process drops them (terminal_exited)', () => {
    d.setTarget({ state: 'unavailable' });
    d.offer(item());
    expect(outcomes.at(-1)).toMatchObject({ delivered: false, reason: 'no_terminal' });
    d.setTarget({ state: 'exited' });
    d.offer(item());
    expect(outcomes.at(-1)).toMatchObject({ delivered: false, reason: 'terminal_exited' });
  });

  it('waits for a starting session and delivers into it once Claude Code has drawn its screen and gone quiet', () => {
    d.setTarget({ state: 'starting' });
    const i = item();
    d.offer(i);
    vi.advanceTimersByTime(30_000);
    expect(d.hold).toBe('starting');
    d.setTarget({ state: 'running', kind: 'claude' });
    d.noteOutput();
    expect(written).toEqual([]);
    vi.advanceTimersByTime(1500);
    expect(written).toEqual([formatCheckInPrompt(i.nudge)]);
  });

  it('a waiting nudge is dropped when the process exits or the new session is a shell', () => {
    idleClaude();
    d.noteInput('x');
    const a = item();
    d.offer(a);
    d.setTarget({ state: 'exited' });
    expect(outcomes).toEqual([{ item: a, delivered: false, reason: 'terminal_exited' }]);
    d.setTarget({ state: 'starting' });
    const b = item();
    d.offer(b);
    d.setTarget({ state: 'running', kind: 'shell' });
    expect(outcomes.at(-1)).toEqual({ item: b, delivered: false, reason: 'not_claude_code' });
  });

  it('a session that ends between the prompt and its Enter did not get the nudge (terminal_exited)', () => {
    idleClaude();
    const i = item();
    d.offer(i);
    expect(written).toHaveLength(1);
    d.setTarget({ state: 'starting' });
    vi.advanceTimersByTime(1000);
    expect(written).toHaveLength(1);
    expect(outcomes).toEqual([{ item: i, delivered: false, reason: 'terminal_exited' }]);
  });

  it('reports the hold to the page as it changes', () => {
    const holds: Array<string | null> = [];
    const e = createNudgeDelivery<Item>({
      nudgeOf: (i) => i.nudge,
      write: () => undefined,
      onOutcome: () => undefined,
      onHold: (_i, h) => holds.push(h),
    });
    e.setTarget({ state: 'running', kind: 'claude' });
    e.offer(item());
    expect(holds).toEqual(['output']);
    e.noteInput('a');
    expect(holds).toEqual(['output', 'draft']);
    e.noteInput('\r');
    expect(holds.at(-1)).toBe('typing');
    vi.advanceTimersByTime(4000);
    expect(holds.at(-1)).toBe(null);
    e.dispose();
  });
});
