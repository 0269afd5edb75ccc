/** Dashboard queries for `dashboard:state` (Story 12; discovery "SQLite Queries for dashboard:state"). */
import type { StatsPeriod } from '@paige/protocol';
import { periodStart } from './api-call-log.js';
import { getLogTotals, getModelTotals } from './log-totals.js';
import type { PaigeDatabase } from './database.js';
import { KataAttemptSchema, KataConstraintSchema } from './json.js';
import { listDreyfusAssessments } from './repositories/learning.js';
import type { DreyfusAssessment } from './repositories/learning.js';
import { maxKataLevel } from './repositories/learning.js';
import { z } from 'zod';

/** Dashboard statistics over a period. Minutes and USD as noted. */
export interface DashboardStats {
  period: StatsPeriod;
  /** Sessions ended `completed` or `completed_with_errors` in the period. */
  sessionsCompleted: number;
  /** Minutes between `started_at` and `ended_at` of those sessions. */
  totalCoachingMinutes: number;
  /** Distinct issue numbers of sessions started in the period. */
  issuesWorkedOn: number;
  /** Gaps encountered (`last_encountered_at`) in the period. */
  knowledgeGapsIdentified: number;
  /** Gaps marked addressed (`addressed_at`) in the period; every addressed gap for `all`. */
  knowledgeGapsAddressed: number;
  /** `hint_used` progress events of sessions started in the period. */
  hintsUsed: number;
  /** USD, every `api_call_log` row of the period (failed attempts included). */
  apiCostTotal: number;
  /** `api_call_log` rows (one per attempt). */
  apiCallCount: number;
  /** Rows of failed attempts (`latency_ms = -1`). */
  apiCallsFailed: number;
  /** ms over successful calls, `null` when none. @see primary Story 4 AS-6 */
  averageLatencyMs: number | null;
  /** Cost and latency per model, most expensive first. @see primary Story 4 AS-6 */
  costByModel: ModelCostStat[];
  /** `action_log` rows in the period (primary Story 12 AS-2). */
  actionsLogged: number;
}

/** Cost and latency of one model over a period. */
export interface ModelCostStat {
  model: string;
  callCount: number;
  /** USD. */
  costUsd: number;
  /** ms over its successful calls, `null` when none. */
  averageLatencyMs: number | null;
}

/** A session that can be continued: the `active` one, or an `abandoned` one (`session:resume` re-activates it). */
export interface InProgressSession {
  id: string;
  issueNumber: number | null;
  issueTitle: string | null;
  startedAt: string;
  status: 'active' | 'abandoned';
}

/** Options of {@link getDashboardState}. */
export interface DashboardStateOptions {
  /** "Now" for the period start. Default: the database clock. */
  now?: Date;
  /** Only sessions of this project are in progress (a session resumes only in its own project). Default: all. */
  projectDir?: string;
}

/** The immediate part of `dashboard:state`. */
export interface DashboardState {
  dreyfus: DreyfusAssessment[];
  stats: DashboardStats;
  inProgress: InProgressSession[];
}

/**
 * Dreyfus assessments, stats over `period`, and in-progress sessions, from indexed SQL only (no model call); the log
 * counts and cost come from the daily summaries ({@link getLogTotals}), so the full history costs what a week does.
 * Runs in one read transaction so the parts are consistent.
 * @see primary Story 12 AS-1..AS-3, AS-12; discovery "SQLite Queries for dashboard:state"
 */
export function getDashboardState(
  database: PaigeDatabase,
  period: StatsPeriod,
  options: DashboardStateOptions = {},
): DashboardState {
  const since = periodStart(period, options.now ?? database.now()) ?? '';
  return database.sqlite.transaction(() => {
    const sessionsRow = database
      .prepare(
        `SELECT COUNT(*) AS n, COALESCE(SUM((julianday(ended_at) - julianday(started_at)) * 1440), 0) AS minutes
         FROM sessions WHERE status IN ('completed', 'completed_with_errors') AND ended_at >= ?`,
      )
      .get(since) as { n: number; minutes: number };
    const issues = database
      .prepare(
        `SELECT COUNT(DISTINCT issue_number) AS n FROM sessions WHERE issue_number IS NOT NULL AND started_at >= ?`,
      )
      .get(since) as { n: number };
    const identified = database
      .prepare(`SELECT COUNT(*) AS n FROM knowledge_gaps WHERE last_encountered_at >= ?`)
      .get(since) as { n: number };
    const addressed = (
      since === ''
        ? database.prepare(`SELECT COUNT(*) AS n FROM knowledge_gaps WHERE addressed = 1`).get()
        : database
            .prepare(`SELECT COUNT(*) AS n FROM knowledge_gaps WHERE addressed = 1 AND addressed_at >= ?`)
            .get(since)
    ) as { n: number };
    const hints = database
      .prepare(
        `SELECT COUNT(*) AS n FROM progress_events pe
           JOIN phases p ON pe.phase_id = p.id
           JOIN plans pl ON p.plan_id = pl.id
           JOIN sessions s ON pl.session_id = s.id
         WHERE pe.event_type = 'hint_used' AND s.started_at >= ?`,
      )
      .get(since) as { n: number };
    // From the daily summaries, not a scan of the logs (issue 20 item 8).
    const logs = getLogTotals(database, since === '' ? null : since);
    const api = {
      n: logs.apiCalls,
      cost: logs.apiCost,
      failed: logs.apiFailedCalls,
      latencySum: logs.apiLatencySum,
      latencyCount: logs.apiLatencyCount,
    };
    const costByModel: ModelCostStat[] = getModelTotals(database, since === '' ? null : since).map((m) => ({
      model: m.model,
      callCount: m.callCount,
      costUsd: m.totalCost,
      averageLatencyMs: m.latencyCount > 0 ? m.latencySum / m.latencyCount : null,
    }));
    const actions = { n: logs.actions };
    // In progress = can be continued: the active session and abandoned ones (issue 20 item 4), newest first.
    const inProgress = (
      options.projectDir === undefined
        ? database
            .prepare(
              `SELECT id, issue_number AS issueNumber, issue_title AS issueTitle, started_at AS startedAt, status
               FROM sessions WHERE status IN ('active', 'abandoned') ORDER BY started_at DESC LIMIT 100`,
            )
            .all()
        : database
            .prepare(
              `SELECT id, issue_number AS issueNumber, issue_title AS issueTitle, started_at AS startedAt, status
               FROM sessions WHERE status IN ('active', 'abandoned') AND project_dir = ? ORDER BY started_at DESC LIMIT 100`,
            )
            .all(options.projectDir)
    ) as InProgressSession[];
    return {
      dreyfus: listDreyfusAssessments(database),
      stats: {
        period,
        sessionsCompleted: sessionsRow.n,
        totalCoachingMinutes: sessionsRow.minutes,
        issuesWorkedOn: issues.n,
        knowledgeGapsIdentified: identified.n,
        knowledgeGapsAddressed: addressed.n,
        hintsUsed: hints.n,
        apiCostTotal: api.cost,
        apiCallCount: api.n,
        apiCallsFailed: api.failed,
        averageLatencyMs: api.latencyCount > 0 ? api.latencySum / api.latencyCount : null,
        costByModel,
        actionsLogged: actions.n,
      },
      inProgress,
    };
  })();
}

/** A kata as listed on the dashboard. */
export interface DashboardKata {
  id: string;
  title: string;
  /** The knowledge gap's topic. */
  topic: string;
  attemptsCount: number;
  /** Best attempt level, or `null` before any levelled attempt. */
  bestLevel: number | null;
  constraintCount: number;
  /** Whether any attempt passed. */
  passed: boolean;
}

/**
 * Katas joined with their gap's topic, newest first; `attemptsCount` and `bestLevel` computed from
 * `user_attempts`. By default only katas without a passed attempt (in-progress challenges).
 * @see discovery Story 12 "Katas"
 */
export function listActiveKatas(
  database: PaigeDatabase,
  options: { includePassed?: boolean } = {},
): DashboardKata[] {
  const rows = database
    .prepare(
      `SELECT k.id AS id, k.title AS title, g.topic AS topic, k.constraints AS constraints, k.user_attempts AS attempts
       FROM kata_specs k JOIN knowledge_gaps g ON k.knowledge_gap_id = g.id
       ORDER BY k.created_at DESC`,
    )
    .all() as Array<{ id: string; title: string; topic: string; constraints: string; attempts: string }>;
  const katas = rows.map((row) => {
    const userAttempts = z.array(KataAttemptSchema).parse(JSON.parse(row.attempts));
    const constraints = z.array(KataConstraintSchema).parse(JSON.parse(row.constraints));
    return {
      id: row.id,
      title: row.title,
      topic: row.topic,
      attemptsCount: userAttempts.length,
      bestLevel: maxKataLevel({ userAttempts }),
      constraintCount: constraints.length,
      passed: userAttempts.some((a) => a.passed === true),
    };
  });
  return options.includePassed ? katas : katas.filter((k) => !k.passed);
}
