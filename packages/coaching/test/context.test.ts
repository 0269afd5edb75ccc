import { describe, expect, it } from 'vitest';
import {
  boundedList,
  condenseTranscript,
  formatAgo,
  formatDuration,
  formatExistingGaps,
  formatPhases,
  formatProgressEvents,
  summariseActions,
  truncateText,
} from '../src/index.js';
import { makeActions, PHASES, PROGRESS_EVENTS, T0 } from './fixtures.js';

describe('Issue 8 item 4: bounded input assembly', () => {
  describe('summariseActions', () => {
    it('counts every action by type and lists a short session in full, in time order', () => {
      const actions = makeActions(10).reverse(); // input order must not matter
      const text = summariseActions(actions, { maxChars: 5_000 });
      expect(text).toMatch(/^10 actions from 10:00:00 to 10:00:27 UTC\./);
      expect(text).toContain('Counts by type: buffer_update 4, ');
      expect(text).not.toContain('omitted');
      const timeline = text.split('Timeline:\n')[1]?.split('\n') ?? [];
      expect(timeline[0]).toBe('10:00:00 buffer_update src/handlers/oauth.ts');
      expect(timeline.at(-1)).toBe('10:00:27 phase_completed phaseNumber=3');
    });

    it('drops the oldest entries first and says how many, within maxChars, for 10,000 actions', () => {
      const text = summariseActions(makeActions(10_000), { maxChars: 4_000 });
      expect(text.length).toBeLessThanOrEqual(4_000);
      expect(text).toContain('10000 actions');
      const omitted = /(\d+) earlier actions omitted \(oldest first\)/.exec(text);
      expect(omitted).not.toBeNull();
      const shown = (text.split('Timeline:\n')[1]?.split('\n') ?? []).filter((l) =>
        /^\d\d:\d\d:\d\d /.test(l),
      ).length;
      expect(Number(omitted?.[1]) + shown).toBe(10_000);
      expect(text.trimEnd().endsWith('phase_completed phaseNumber=3')).toBe(true);
    });

    it('merges consecutive identical actions as ×n', () => {
      const burst = Array.from({ length: 40 }, (_, i) => ({
        type: 'buffer_update',
        createdAt: T0 + i * 1_000,
        data: { path: 'src/a.ts' },
      }));
      const text = summariseActions(burst, { maxChars: 1_000 });
      expect(text).toContain('10:00:00 buffer_update src/a.ts ×40');
    });

    it('says so when there are no actions', () => {
      expect(summariseActions([], { maxChars: 100 })).toBe('No actions were recorded.');
    });
  });

  describe('condenseTranscript', () => {
    it('returns a short transcript unchanged', () => {
      expect(condenseTranscript('User: hi\nPaige: hello', { maxChars: 100 })).toBe('User: hi\nPaige: hello');
    });
    it('keeps the end, starts at a line boundary, states what was cut, and respects the bound', () => {
      const lines = Array.from({ length: 5_000 }, (_, i) => `line ${i}: something was said here`);
      const text = condenseTranscript(lines.join('\n'), { maxChars: 2_000 });
      expect(text.length).toBeLessThanOrEqual(2_000);
      expect(text).toMatch(
        /^\[…\] \(transcript truncated: the first \d+ characters were omitted\)\nline \d+:/,
      );
      expect(text.endsWith('line 4999: something was said here')).toBe(true);
    });
  });

  describe('session renderers', () => {
    it('formatPhases shows status, duration, running time and hint level', () => {
      const text = formatPhases(PHASES, { maxChars: 2_000, now: T0 + 40 * 60_000 });
      expect(text.split('\n')).toEqual([
        'Phase 1 "Find the callback handler" — complete in 8m (hint level high)',
        'Phase 2 "Add the cleanup" — complete in 24m (hint level medium)',
        'Phase 3 "Test the unmount path" — active, running for 8m (hint level medium)',
      ]);
    });
    it('formatProgressEvents counts per type and phase, newest first', () => {
      const text = formatProgressEvents(PROGRESS_EVENTS, { maxChars: 1_000 });
      expect(text).toContain('hint_escalated 2 (phase 2: 2)');
      expect(text.split('Most recent first:\n')[1]?.split('\n')[0]).toBe('10:30:00 review_requested phase 2');
    });
    it('formatExistingGaps and boundedList state how many items did not fit', () => {
      const gaps = Array.from({ length: 500 }, (_, i) => ({
        topic: `topic number ${i}`,
        severity: 'low',
        frequency: 1,
      }));
      const text = formatExistingGaps(gaps, { maxChars: 1_000 });
      expect(text.length).toBeLessThanOrEqual(1_000);
      expect(text).toMatch(/\[…\] and \d+ more$/);
      expect(boundedList(['a', 'b'], 100)).toBe('a\nb');
    });
  });

  describe('text helpers', () => {
    it('truncateText keeps the start or the end and never exceeds the bound', () => {
      const s = 'abcdefghij'.repeat(100);
      for (const max of [0, 5, 30, 31, 64, 500, 999]) {
        expect(truncateText(s, max).length).toBeLessThanOrEqual(max);
        expect(truncateText(s, max, { keep: 'end' }).length).toBeLessThanOrEqual(max);
      }
      expect(truncateText(s, 100).startsWith('abcdefghij')).toBe(true);
      expect(truncateText(s, 100, { keep: 'end' }).endsWith('abcdefghij')).toBe(true);
      expect(truncateText('short', 100)).toBe('short');
    });
    it('formats durations and "ago" like the Observer snapshot (discovery Story 10)', () => {
      expect(formatDuration(45_000)).toBe('45s');
      expect(formatDuration(192_000)).toBe('3m12s');
      expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2h05m');
      expect(formatAgo(192_000)).toBe('3m12s ago');
    });
  });
});
