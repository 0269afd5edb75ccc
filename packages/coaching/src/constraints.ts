/**
 * Practice-mode constraint logic (pure): unlocking by level and same-constraint attempt filtering.
 * @see primary Story 11 AS-6/AS-8 "Constraint Unlocking Design", discovery Story 11 AS-11.7 and D75
 */

/** The part of a kata constraint this logic needs. */
export interface LevelGated {
  title: string;
  /** 1..10 */
  minLevel: number;
}

/** Constraints available at `maxLevel`: those with `minLevel <= maxLevel`, in their original order. */
export function computeUnlockedConstraints<C extends LevelGated>(
  constraints: readonly C[],
  maxLevel: number,
): C[] {
  return constraints.filter((c) => c.minLevel <= maxLevel);
}

/**
 * Constraints newly unlocked by an attempt: `previousMaxLevel < minLevel <= max(previousMaxLevel, newLevel)`.
 * @example previous best 2, new level 5, gates 1/3/5/7 -> the constraints at 3 and 5 (primary Story 11 AS-6).
 */
export function computeNewlyUnlockedConstraints<C extends LevelGated>(
  constraints: readonly C[],
  previousMaxLevel: number,
  newLevel: number,
): C[] {
  const best = Math.max(previousMaxLevel, newLevel);
  return constraints.filter((c) => c.minLevel > previousMaxLevel && c.minLevel <= best);
}

/** A stored attempt (`kata_specs.user_attempts` element). `constraints` may hold titles or constraint objects. */
export interface StoredAttempt {
  code: string;
  review?: string | null;
  level?: number | null;
  passed?: boolean | null;
  constraints?: readonly (string | { title: string })[] | null;
}

/** Best level over attempts, 0 when there is none with a level. @see primary Story 11 "maxLevel = Math.max(...)" */
export function maxAttemptLevel(attempts: readonly Pick<StoredAttempt, 'level'>[]): number {
  return attempts.reduce((best, a) => (typeof a.level === 'number' && a.level > best ? a.level : best), 0);
}

function titleSet(list: readonly (string | { title: string })[] | null | undefined): Set<string> {
  return new Set((list ?? []).map((c) => (typeof c === 'string' ? c : c.title).trim()));
}

/**
 * Previous attempts made with exactly the same set of active constraints (order and duplicates ignored), oldest first.
 * @see primary Story 11 AS-8: with A+B active, only earlier A+B attempts are sent to the reviewer
 */
export function selectSameConstraintAttempts<A extends StoredAttempt>(
  attempts: readonly A[],
  activeConstraintTitles: readonly string[],
): A[] {
  const active = titleSet(activeConstraintTitles);
  return attempts.filter((a) => {
    const s = titleSet(a.constraints);
    return s.size === active.size && [...s].every((t) => active.has(t));
  });
}

/**
 * Resolves the titles the learner activated against the kata's constraints; unknown titles are ignored and, to stop
 * a client from using a constraint it has not unlocked, constraints above `maxLevel` are ignored too when given.
 * @see discovery Story 11 EC-77
 */
export function resolveActiveConstraints<C extends LevelGated>(
  constraints: readonly C[],
  activeTitles: readonly string[],
  maxLevel?: number,
): C[] {
  const wanted = titleSet(activeTitles);
  return constraints.filter(
    (c) => wanted.has(c.title.trim()) && (maxLevel === undefined || c.minLevel <= maxLevel),
  );
}
