/** Issue 23 item 1: what each hint level shows (brainstorm "The Hinting System"). */
import { describe, expect, it } from 'vitest';
import { HINT_LEVELS, hintLevelShows } from '../../src/state/session-store.js';

describe('Issue 23 item 1: the hint levels', () => {
  it('are ordered from no guidance to detail hints', () =>
    expect(HINT_LEVELS).toEqual(['off', 'low', 'medium', 'high']));

  it('off shows nothing; low file hints; medium line hints too; high hover text too', () => {
    const shows = (level: (typeof HINT_LEVELS)[number]) => ({
      files: hintLevelShows(level, 'low'),
      lines: hintLevelShows(level, 'medium'),
      hover: hintLevelShows(level, 'high'),
    });
    expect(shows('off')).toEqual({ files: false, lines: false, hover: false });
    expect(shows('low')).toEqual({ files: true, lines: false, hover: false });
    expect(shows('medium')).toEqual({ files: true, lines: true, hover: false });
    expect(shows('high')).toEqual({ files: true, lines: true, hover: true });
  });
});
