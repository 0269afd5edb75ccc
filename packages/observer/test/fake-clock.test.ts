import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../src/testing.js';

describe('testing: createFakeClock', () => {
  it('fires due timers in due order, at their due time, including timers scheduled while firing', () => {
    const clock = createFakeClock(1_000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => {
      fired.push(`a@${clock.now()}`);
      clock.setTimeout(() => fired.push(`c@${clock.now()}`), 50);
    }, 100);
    const cancelled = clock.setTimeout(() => fired.push('never'), 150);
    clock.clearTimeout(cancelled);
    clock.setTimeout(() => fired.push('later'), 1_000);
    clock.advance(300);
    expect(fired).toEqual(['a@1100', 'c@1150', 'b@1200']);
    expect(clock.now()).toBe(1_300);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('advanceAsync lets promise chains started by a timer finish before time moves on', async () => {
    const clock = createFakeClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => {
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => seen.push(clock.now()));
    }, 10);
    await clock.advanceAsync(1_000);
    expect(seen).toEqual([10]);
    await clock.advanceToAsync(500); // in the past: no-op
    expect(clock.now()).toBe(1_000);
  });
});
