import { describe, expect, it } from 'vitest';
import {
  computeNewlyUnlockedConstraints,
  computeUnlockedConstraints,
  maxAttemptLevel,
  resolveActiveConstraints,
  selectSameConstraintAttempts,
} from '../src/index.js';

const constraints = [1, 3, 5, 7].map((minLevel) => ({
  title: `C${minLevel}`,
  description: `at ${minLevel}`,
  minLevel,
}));

describe('Story 11: Practice Review constraint logic', () => {
  it('AS-6: constraints with minLevel <= max level are unlocked', () => {
    expect(computeUnlockedConstraints(constraints, 0)).toEqual([]);
    expect(computeUnlockedConstraints(constraints, 5).map((c) => c.minLevel)).toEqual([1, 3, 5]);
    expect(computeUnlockedConstraints(constraints, 10)).toHaveLength(4);
  });

  it('AS-6 / discovery 11.7: best level 2 then level 5 newly unlocks minLevel 3 and 5, not 1', () => {
    expect(computeNewlyUnlockedConstraints(constraints, 2, 5).map((c) => c.minLevel)).toEqual([3, 5]);
    expect(computeNewlyUnlockedConstraints(constraints, 5, 2)).toEqual([]); // a worse attempt unlocks nothing
  });

  it('max level comes from the attempts array (0 without attempts)', () => {
    expect(maxAttemptLevel([])).toBe(0);
    expect(maxAttemptLevel([{ level: 2 }, { level: 6 }, { level: null }, { level: 4 }])).toBe(6);
  });

  it('AS-8: only previous attempts with exactly the same constraint set are selected', () => {
    const attempts = [
      { code: 'a', level: 2, constraints: ['A', 'B'] },
      { code: 'b', level: 3, constraints: ['A'] },
      { code: 'c', level: 4, constraints: [{ title: 'B' }, { title: 'A' }] },
      { code: 'd', level: 5, constraints: [] },
      { code: 'e', level: 5 },
    ];
    expect(selectSameConstraintAttempts(attempts, ['B', 'A']).map((a) => a.code)).toEqual(['a', 'c']);
    expect(selectSameConstraintAttempts(attempts, []).map((a) => a.code)).toEqual(['d', 'e']);
  });

  it('EC-77: unknown titles are ignored, and locked constraints are not accepted as active', () => {
    expect(resolveActiveConstraints(constraints, ['C3', 'nope', 'C7']).map((c) => c.title)).toEqual([
      'C3',
      'C7',
    ]);
    expect(resolveActiveConstraints(constraints, ['C3', 'C7'], 5).map((c) => c.title)).toEqual(['C3']);
  });
});
