/**
 * What one session did, read back from SQLite for the wrap-up screen (issue 23 item 4): its cost, the hints it showed
 * per hint level, nudges, reviews, the knowledge gaps it found with the katas written for them, and the Dreyfus
 * stages that changed. `@paige/coaching`'s `buildWrapUpReport` shapes it for the wire.
 */
import type { DreyfusStage, HintLevel, Severity } from '@paige/protocol';
import { DreyfusStageSchema, HintLevelSchema } from '@paige/protocol';
import type { PaigeDatabase } from '../database.js';
import { getActivePlan, listPlans, getPlan, type PhaseWithHints } from './plans.js';
import { getSession, type Session } from './sessions.js';
import { listWrapUpErrors, type WrapUpError } from './wrap-up-errors.js';

/** Action types counted as hints shown (the plan's phase hints and Claude Code's hint tools). */
export const HINT_ACTION_TYPES = ['decorations_applied', 'file_hints_applied'] as const;

/** One Dreyfus stage change a wrap-up recorded (`dreyfus_stage_changed` actions). `from` is null for a new skill area. */
export interface DreyfusChange {
  skillArea: string;
  from: DreyfusStage | null;
  to: DreyfusStage;
}

/** The raw facts of one session for its wrap-up report. */
export interface SessionReportData {
  session: Session;
  /** The phases of the session's active plan (else its latest plan), in order. */
  phases: PhaseWithHints[];
  /** Model spend attributed to the session (`api_call_log.cost_estimate`), USD. */
  costUsd: number;
  /**
   * Hint actions (`decorations_applied`, `file_hints_applied`) per hint level in force when they were shown
   * (`data.hintLevel`; rows without one count at the session's level).
   */
  hintsUsed: Record<HintLevel, number>;
  /** `nudge_sent` actions. */
  nudges: number;
  /** `review_requested` actions (Review My Work and kata reviews made during the session). */
  reviews: number;
  /** Knowledge gaps whose row this session created. */
  gaps: Array<{ id: string; topic: string; severity: Severity; evidence: string; addressed: boolean }>;
  /** Katas written for those gaps since the session started. */
  katas: Array<{ id: string; title: string; knowledgeGapId: string }>;
  /** Stage changes recorded by the session's wrap-up, oldest first; a skill area changed twice keeps the first `from` and last `to`. */
  dreyfusChanges: DreyfusChange[];
  /** Wrap-up agents whose failure is still on record. */
  wrapUpErrors: WrapUpError[];
}

/**
 * Reads {@link SessionReportData} for `sessionId`, or `null` for an unknown session. Read-only; several small
 * indexed queries.
 * @see issue 23 item 4 (wrap-up screen)
 */
export function getSessionReportData(database: PaigeDatabase, sessionId: string): SessionReportData | null {
  const session = getSession(database, sessionId);
  if (!session) return null;
  let plan = getActivePlan(database, sessionId);
  if (!plan) {
    const latest = listPlans(database, sessionId)[0];
    plan = latest ? getPlan(database, latest.id) : null;
  }
  const cost = database
    .prepare(`SELECT COALESCE(SUM(cost_estimate), 0) AS usd FROM api_call_log WHERE session_id = ?`)
    .get(sessionId) as { usd: number };

  const hintsUsed: Record<HintLevel, number> = { off: 0, low: 0, medium: 0, high: 0 };
  const hintRows = database
    .prepare(
      `SELECT json_extract(data, '$.hintLevel') AS level, COUNT(*) AS n FROM action_log
       WHERE session_id = ? AND action_type IN (${HINT_ACTION_TYPES.map(() => '?').join(', ')}) GROUP BY level`,
    )
    .all(sessionId, ...HINT_ACTION_TYPES) as Array<{ level: unknown; n: number }>;
  for (const row of hintRows) {
    const level = HintLevelSchema.safeParse(row.level);
    hintsUsed[level.success ? level.data : session.hintLevel] += row.n;
  }

  const count = (type: string): number =>
    (
      database
        .prepare(`SELECT COUNT(*) AS n FROM action_log WHERE session_id = ? AND action_type = ?`)
        .get(sessionId, type) as { n: number }
    ).n;

  const gaps = (
    database
      .prepare(
        `SELECT id, topic, severity, evidence, addressed FROM knowledge_gaps WHERE session_id = ? ORDER BY last_encountered_at, id`,
      )
      .all(sessionId) as Array<{
      id: string;
      topic: string;
      severity: Severity;
      evidence: string;
      addressed: number;
    }>
  ).map((g) => ({ ...g, addressed: g.addressed === 1 }));
  const katas =
    gaps.length === 0
      ? []
      : (database
          .prepare(
            `SELECT id, title, knowledge_gap_id AS knowledgeGapId FROM kata_specs
             WHERE knowledge_gap_id IN (${gaps.map(() => '?').join(', ')}) AND created_at >= ? ORDER BY created_at, id`,
          )
          .all(...gaps.map((g) => g.id), session.startedAt) as Array<{
          id: string;
          title: string;
          knowledgeGapId: string;
        }>);

  const changes = new Map<string, DreyfusChange>();
  const changeRows = database
    .prepare(
      `SELECT data FROM action_log WHERE session_id = ? AND action_type = 'dreyfus_stage_changed' ORDER BY id`,
    )
    .all(sessionId) as Array<{ data: string | null }>;
  for (const row of changeRows) {
    let data: { skillArea?: unknown; from?: unknown; to?: unknown };
    try {
      data = JSON.parse(row.data ?? 'null') as typeof data;
    } catch {
      continue;
    }
    if (!data || typeof data.skillArea !== 'string') continue;
    const to = DreyfusStageSchema.safeParse(data.to);
    if (!to.success) continue;
    const from = DreyfusStageSchema.safeParse(data.from);
    const earlier = changes.get(data.skillArea);
    changes.set(data.skillArea, {
      skillArea: data.skillArea,
      from: earlier ? earlier.from : from.success ? from.data : null,
      to: to.data,
    });
  }

  return {
    session,
    phases: plan?.phases ?? [],
    costUsd: cost.usd,
    hintsUsed,
    nudges: count('nudge_sent'),
    reviews: count('review_requested'),
    gaps,
    katas,
    dreyfusChanges: [...changes.values()].filter((c) => c.from !== c.to),
    wrapUpErrors: listWrapUpErrors(database, sessionId),
  };
}
