/**
 * The orders the dashboard's issues can be sorted in (primary Story 12 AS-4: "sortable"). Pure, so unit-tested.
 */
import type { DashboardIssue } from '../../state/dashboard-store.js';

/** `priority`: the curator's priority score; `fit`: good fit, stretch, too advanced; `difficulty`: easiest first; `newest`: highest number. */
export type IssueSort = 'priority' | 'fit' | 'difficulty' | 'newest';

const FIT_RANK: Record<DashboardIssue['suitability'], number> = { good_fit: 0, stretch: 1, too_advanced: 2 };
const DIFFICULTY_RANK: Record<DashboardIssue['estimatedDifficulty'], number> = {
  beginner: 0,
  intermediate: 1,
  advanced: 2,
};

/** The issues in the chosen order (ties: the higher priority, then the higher number); `issues` is not changed. */
export function sortIssues(issues: readonly DashboardIssue[], sort: IssueSort): DashboardIssue[] {
  const byPriority = (a: DashboardIssue, b: DashboardIssue) =>
    b.priorityScore - a.priorityScore || b.number - a.number;
  const keyed: Record<IssueSort, (a: DashboardIssue, b: DashboardIssue) => number> = {
    priority: byPriority,
    fit: (a, b) => FIT_RANK[a.suitability] - FIT_RANK[b.suitability] || byPriority(a, b),
    difficulty: (a, b) =>
      DIFFICULTY_RANK[a.estimatedDifficulty] - DIFFICULTY_RANK[b.estimatedDifficulty] || byPriority(a, b),
    newest: (a, b) => b.number - a.number,
  };
  return [...issues].sort(keyed[sort]);
}
