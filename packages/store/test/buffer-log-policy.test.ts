import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActionLog, createBufferLogPolicy, createSession } from '../src/index.js';
import type { ActionLog, BufferLogPolicy, PaigeDatabase } from '../src/index.js';
import { createFakeTimers, openTempDatabase } from './helpers.js';
import type { FakeClock } from './helpers.js';

describe('Story 4: buffer logging policy (fake clock, real action log)', () => {
  let database: PaigeDatabase;
  let clock: FakeClock;
  let cleanup: () => void;
  let timers: ReturnType<typeof createFakeTimers>;
  let log: ActionLog;
  let policy: BufferLogPolicy;
  let sessionId: string;

  const bufferRows = () =>
    log
      .recentActions({ sessionId, limit: 1000 })
      .filter((r) => r.actionType === 'buffer_summary' || r.actionType === 'buffer_significant_change')
      .reverse()
      .map((r): Record<string, unknown> => ({
        type: r.actionType,
        at: r.createdAt.slice(11, 19),
        ...r.data,
      }));

  beforeEach(() => {
    ({ database, clock, cleanup } = openTempDatabase());
    timers = createFakeTimers(clock);
    log = createActionLog({ database });
    policy = createBufferLogPolicy({ logAction: (input) => log.logAction(input), now: clock.ms, timers });
    sessionId = createSession(database, { projectDir: '/p' }).id;
  });
  afterEach(() => {
    policy.stop();
    cleanup();
  });

  it('AS-2: every 30 s a buffer_summary is logged for each dirty file, and lastLoggedCharCount is updated', () => {
    policy.setBaseline({ sessionId, path: 'a.ts', charCount: 1000 });
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 1010 });
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 1020 });
    policy.onBufferUpdate({ sessionId, path: 'b.ts', charCount: 200 });
    timers.advance(29_999);
    expect(bufferRows()).toEqual([]);
    timers.advance(1);
    expect(bufferRows()).toEqual([
      { type: 'buffer_summary', at: '10:00:30', path: 'a.ts', editCount: 2, charDelta: 20, charCount: 1020 },
      { type: 'buffer_summary', at: '10:00:30', path: 'b.ts', editCount: 1, charDelta: 0, charCount: 200 },
    ]);
    expect(policy.getState(sessionId, 'a.ts')).toMatchObject({
      lastLoggedCharCount: 1020,
      editCountSinceLastLog: 0,
    });
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 1005 });
    timers.advance(30_000);
    expect(bufferRows().slice(2)).toEqual([
      { type: 'buffer_summary', at: '10:01:00', path: 'a.ts', editCount: 1, charDelta: -15, charCount: 1005 },
    ]);
  });

  it('AS-7: when the timer fires and no file is dirty, nothing is logged', () => {
    policy.setBaseline({ sessionId, path: 'a.ts', charCount: 100 });
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 101 });
    timers.advance(30_000);
    expect(bufferRows()).toHaveLength(1);
    timers.advance(5 * 30_000);
    expect(bufferRows()).toHaveLength(1);
  });

  it('AS-3: a change of more than 500 chars vs lastLoggedCharCount is logged at once', () => {
    policy.setBaseline({ sessionId, path: 'big.ts', charCount: 10_000 });
    policy.onBufferUpdate({ sessionId, path: 'big.ts', charCount: 10_500 }); // exactly 500: not significant
    expect(bufferRows()).toEqual([]);
    policy.onBufferUpdate({ sessionId, path: 'big.ts', charCount: 10_501 });
    expect(bufferRows()).toEqual([
      {
        type: 'buffer_significant_change',
        at: '10:00:00',
        path: 'big.ts',
        previousCharCount: 10_000,
        newCharCount: 10_501,
        delta: 501,
      },
    ]);
  });

  it('AS-3: a change of more than 50% vs lastLoggedCharCount is logged at once, in either direction', () => {
    policy.setBaseline({ sessionId, path: 'small.ts', charCount: 100 });
    policy.onBufferUpdate({ sessionId, path: 'small.ts', charCount: 150 }); // exactly 50%
    expect(bufferRows()).toEqual([]);
    policy.onBufferUpdate({ sessionId, path: 'small.ts', charCount: 151 });
    clock.advance(1000);
    policy.onBufferUpdate({ sessionId, path: 'small.ts', charCount: 40 }); // -111 of 151
    expect(bufferRows()).toEqual([
      {
        type: 'buffer_significant_change',
        at: '10:00:00',
        path: 'small.ts',
        previousCharCount: 100,
        newCharCount: 151,
        delta: 51,
      },
      {
        type: 'buffer_significant_change',
        at: '10:00:01',
        path: 'small.ts',
        previousCharCount: 151,
        newCharCount: 40,
        delta: -111,
      },
    ]);
  });

  it('rule 4: the threshold counter resets after each immediate log (compared to the newly logged count)', () => {
    policy.setBaseline({ sessionId, path: 'a.ts', charCount: 1000 });
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 1600 }); // significant, baseline -> 1600
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 2000 }); // +400 of 1600: not significant
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 2101 }); // +501 of 1600: significant
    expect(bufferRows().map((r) => [r.type, r.previousCharCount, r.newCharCount])).toEqual([
      ['buffer_significant_change', 1000, 1600],
      ['buffer_significant_change', 1600, 2101],
    ]);
  });

  it('rule 3: a file just logged as a significant change is not summarised again unless it changes again', () => {
    policy.setBaseline({ sessionId, path: 'a.ts', charCount: 100 });
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 101 }); // dirty
    clock.advance(10_000);
    timers.advance(0);
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 900 }); // significant at 10:00:10
    timers.advance(20_000); // tick at 10:00:30
    timers.advance(60_000); // ticks at 10:01:00 and 10:01:30
    expect(bufferRows().map((r) => r.type)).toEqual(['buffer_significant_change']);
  });

  it("rule 1: a significant change resets that file's 30 s timer; other files keep the shared schedule", () => {
    policy.setBaseline({ sessionId, path: 'a.ts', charCount: 100 });
    policy.setBaseline({ sessionId, path: 'b.ts', charCount: 100 });
    policy.onBufferUpdate({ sessionId, path: 'b.ts', charCount: 101 });
    clock.advance(20_000); // 10:00:20
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 1000 }); // significant
    clock.advance(1000); // 10:00:21
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 1001 }); // dirty again
    timers.advance(9000); // tick at 10:00:30: b summarised, a only 10 s after its reset
    expect(bufferRows().map((r) => [r.type, r.path, r.at])).toEqual([
      ['buffer_significant_change', 'a.ts', '10:00:20'],
      ['buffer_summary', 'b.ts', '10:00:30'],
    ]);
    timers.advance(30_000); // tick at 10:01:00: 40 s after a's reset
    expect(bufferRows().slice(2)).toEqual([
      { type: 'buffer_summary', at: '10:01:00', path: 'a.ts', editCount: 1, charDelta: 1, charCount: 1001 },
    ]);
  });

  it('AS-8 / EC-18: on session end the timer is cleared and nothing more is logged; flush writes pending edits first', () => {
    policy.setBaseline({ sessionId, path: 'a.ts', charCount: 100 });
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 110 });
    expect(policy.running).toBe(true);
    expect(timers.active).toBe(1);
    policy.flush(sessionId);
    log.logAction({ sessionId, actionType: 'session_ended', data: { status: 'completed', durationMs: 1 } });
    policy.stop();
    expect(policy.running).toBe(false);
    expect(timers.active).toBe(0);
    timers.advance(120_000);
    expect(bufferRows()).toEqual([
      { type: 'buffer_summary', at: '10:00:00', path: 'a.ts', editCount: 1, charDelta: 10, charCount: 110 },
    ]);
    // A later session starts the timer again.
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 111 });
    expect(timers.active).toBe(1);
  });

  it("clearSession drops one session's files and stops the timer when none remain", () => {
    const other = createSession(database, { projectDir: '/p' }).id;
    policy.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 10 });
    policy.onBufferUpdate({ sessionId: other, path: 'a.ts', charCount: 10 });
    policy.clearSession(sessionId);
    expect(policy.getState(sessionId, 'a.ts')).toBeUndefined();
    expect(policy.running).toBe(true);
    timers.advance(30_000);
    expect(log.recentActions({ sessionId: other, limit: 10 }).map((r) => r.actionType)).toEqual([
      'buffer_summary',
    ]);
    expect(bufferRows()).toEqual([]);
    policy.clearSession(other);
    expect(policy.running).toBe(false);
  });

  it('a failing write during a tick is reported and does not stop other files or later ticks', () => {
    const errors: unknown[] = [];
    let failNext = true;
    const flaky = createBufferLogPolicy({
      logAction: (input) => {
        if (failNext) {
          failNext = false;
          throw new Error('database is locked');
        }
        return log.logAction(input);
      },
      now: clock.ms,
      timers,
      onError: (e) => errors.push(e),
    });
    flaky.onBufferUpdate({ sessionId, path: 'a.ts', charCount: 10 });
    flaky.onBufferUpdate({ sessionId, path: 'b.ts', charCount: 10 });
    timers.advance(30_000);
    expect(errors).toHaveLength(1);
    expect(bufferRows().map((r) => r.path)).toEqual(['b.ts']);
    timers.advance(30_000);
    expect(bufferRows().map((r) => r.path)).toEqual(['b.ts', 'a.ts']);
    flaky.stop();
  });
});
