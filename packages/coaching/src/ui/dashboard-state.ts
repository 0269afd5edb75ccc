/**
 * The immediate `dashboard:state` of the launch dashboard (primary Story 12 AS-1..AS-3, AS-12), in a module of its own:
 * it needs SQLite only, so a server can answer the first `dashboard:request` without loading the model-backed flows
 * (`@paige/coaching/dashboard-state`; issue 20 item 8).
 */
import type { ServerPayload, StatsPeriod } from '@paige/protocol';
import { getDashboardState, listKnowledgeGaps, type PaigeDatabase } from '@paige/store';
import { label } from './shared.js';

type DashboardStatePayload = ServerPayload<'dashboard:state'>;

/**
 * The immediate `dashboard:state` payload from SQLite only (no model call, no `gh`): Dreyfus assessments, stats over
 * `period`, in-progress sessions (active and abandoned, of `options.projectDir` when given), and `issues` /
 * `challenges` as `null` (they arrive later). `materials` is `null` when the learning-materials flow will run (an
 * unaddressed gap exists) and `[]` when it is skipped, so a view knows no `dashboard:learning_materials` is coming
 * (issue 18). A fresh database gives zeros and empty arrays.
 * @see primary Story 12 AS-1..AS-3, AS-7, AS-12
 */
export function buildDashboardState(
  database: PaigeDatabase,
  period: StatsPeriod,
  options: { now?: Date; projectDir?: string } = {},
): DashboardStatePayload {
  const state = getDashboardState(database, period, options);
  return {
    dreyfus: state.dreyfus.slice(0, 200).map((d) => ({
      skillArea: label(d.skillArea) ?? 'unknown',
      stage: d.stage,
      confidence: d.confidence,
      assessedAt: d.assessedAt,
    })),
    stats: {
      period,
      sessionsCompleted: state.stats.sessionsCompleted,
      totalCoachingMinutes: Math.max(0, state.stats.totalCoachingMinutes),
      issuesWorkedOn: state.stats.issuesWorkedOn,
      knowledgeGapsIdentified: state.stats.knowledgeGapsIdentified,
      knowledgeGapsAddressed: state.stats.knowledgeGapsAddressed,
      hintsUsed: state.stats.hintsUsed,
      apiCostTotal: Math.max(0, state.stats.apiCostTotal),
      actionsLogged: state.stats.actionsLogged,
      apiCallCount: state.stats.apiCallCount,
      apiCallsFailed: state.stats.apiCallsFailed,
      averageLatencyMs:
        state.stats.averageLatencyMs === null ? null : Math.max(0, Math.round(state.stats.averageLatencyMs)),
      costByModel: state.stats.costByModel.slice(0, 100).map((m) => ({
        model: label(m.model) ?? 'unknown',
        callCount: m.callCount,
        costUsd: Math.max(0, m.costUsd),
        averageLatencyMs: m.averageLatencyMs === null ? null : Math.max(0, Math.round(m.averageLatencyMs)),
      })),
    },
    inProgress: state.inProgress.slice(0, 100).map((s) => ({
      id: s.id,
      issueNumber: s.issueNumber,
      issueTitle: s.issueTitle === null ? null : label(s.issueTitle),
      startedAt: s.startedAt,
      status: s.status,
    })),
    issues: null,
    challenges: null,
    // AS-7 sends nothing for a skipped flow: say so here instead of leaving the view waiting.
    materials: listKnowledgeGaps(database, { addressed: false }).length > 0 ? null : [],
  };
}
