/** Issue 23 item 3: the breadcrumb's relative time ("Paige checked in, 2 min ago"). */
import { describe, expect, it } from 'vitest';
import { formatAgo as relativeTime } from '../../src/views/format.js';

describe('Issue 23 item 3: the check-in breadcrumb says when, in words', () => {
  it('just now under a minute, then minutes, hours and days', () => {
    const at = Date.UTC(2026, 2, 1, 10, 0, 0);
    expect(relativeTime(at, at)).toBe('just now');
    expect(relativeTime(at, at + 59_000)).toBe('just now');
    expect(relativeTime(at, at + 2 * 60_000 + 5_000)).toBe('2 min ago');
    expect(relativeTime(at, at + 3 * 3_600_000)).toBe('3 h ago');
    expect(relativeTime(at, at + 26 * 3_600_000)).toBe('1 day ago');
    expect(relativeTime(at, at + 72 * 3_600_000)).toBe('3 days ago');
    expect(relativeTime(at, at - 5_000)).toBe('just now'); // a clock a little behind
  });
});
