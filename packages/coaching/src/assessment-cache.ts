/**
 * In-memory TTL cache of issue assessments, so reopening the dashboard does not pay for the same assessment twice.
 * An entry is keyed by issue number + `updatedAt` + the learner profile it was assessed against: an edited issue
 * (new `updatedAt`) misses and is re-assessed, and so does every issue once the learner's Dreyfus stages or open
 * knowledge gaps change (a new `profile` key, see `learnerProfileKey`).
 * @see issue 10 item 4 (cost control); issue 20 item 1 (Story 12 AS-5: fit follows the learner)
 */

/** Options of {@link createAssessmentCache}. */
export interface AssessmentCacheOptions {
  /** How long an entry stays valid, in ms. */
  ttlMs: number;
  /** Clock in epoch ms (default `Date.now`); inject a fake in tests. */
  now?: () => number;
  /** Most entries kept; the oldest-inserted are evicted first (default 1,000). */
  maxEntries?: number;
}

/** The cache. `V` is the stored assessment (e.g. `IssueAssessmentItem`). */
export interface AssessmentCache<V> {
  /**
   * The value for this issue version assessed against `profile` (default `''`), or `undefined` when absent, expired
   * (expired entries are removed) or assessed against another profile.
   */
  get(issueNumber: number, updatedAt: string, profile?: string): V | undefined;
  /** Stores a value for this issue version and profile; older entries of the same issue are removed. */
  set(issueNumber: number, updatedAt: string, value: V, profile?: string): void;
  /**
   * Splits issues into those with a valid cached value (same version, same `profile`) and those that still need
   * assessing, keeping order.
   */
  partition<I extends { number: number; updatedAt: string }>(
    issues: readonly I[],
    profile?: string,
  ): { cached: { issue: I; value: V }[]; missing: I[] };
  /** Removes every entry. */
  clear(): void;
  /** Number of stored entries (expired ones included until touched). */
  readonly size: number;
}

/** Creates an {@link AssessmentCache}. @throws RangeError when `ttlMs` is negative or not finite. */
export function createAssessmentCache<V>(options: AssessmentCacheOptions): AssessmentCache<V> {
  if (!Number.isFinite(options.ttlMs) || options.ttlMs < 0)
    throw new RangeError('ttlMs must be a finite number >= 0');
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 1_000;
  const entries = new Map<number, { updatedAt: string; profile: string; value: V; expiresAt: number }>();

  const get = (issueNumber: number, updatedAt: string, profile = ''): V | undefined => {
    const e = entries.get(issueNumber);
    if (!e) return undefined;
    if (now() >= e.expiresAt) {
      entries.delete(issueNumber);
      return undefined;
    }
    return e.updatedAt === updatedAt && e.profile === profile ? e.value : undefined;
  };

  return {
    get,
    set(issueNumber, updatedAt, value, profile = '') {
      entries.delete(issueNumber);
      entries.set(issueNumber, { updatedAt, profile, value, expiresAt: now() + options.ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    partition(issues, profile = '') {
      const cached: { issue: (typeof issues)[number]; value: V }[] = [];
      const missing: (typeof issues)[number][] = [];
      for (const issue of issues) {
        const value = get(issue.number, issue.updatedAt, profile);
        if (value === undefined) missing.push(issue);
        else cached.push({ issue, value });
      }
      return { cached, missing };
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
