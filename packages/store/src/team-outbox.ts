/**
 * The team outbox (issue 26 item 3): what this Paige shares with a team server, written to `team_outbox` in the same
 * transaction as the change it reports, and only while a team is joined (`team_link` has its row). A background
 * sender (`@paige/team-client`) reads pending rows in `seq` order, delivers them and marks them delivered; the team
 * server ignores a `(learnerId, seq)` it already holds, so a crash between delivery and marking duplicates nothing.
 *
 * Shared data only (DESIGN section 3 "What leaves the learner's machine"): session summaries (issue number and title,
 * phases, time, hints per level, nudges, reviews, cost), gaps (topic, severity, addressed), Dreyfus stages, practice
 * results, model cost. Never code, diffs, file contents, transcripts or paths.
 */
import type { PaigeDatabase } from './database.js';
import { nowIso } from './util.js';

/** Kinds of shared records (as `@paige/team-protocol`'s `RecordKind`). */
export type TeamRecordKind =
  | 'session_summary'
  | 'knowledge_gap'
  | 'dreyfus_stage'
  | 'practice_result'
  | 'model_cost'
  | 'manager_summary';

/** The joined team, or null. */
export interface TeamLink {
  teamUrl: string;
  learnerId: string;
  teamName: string;
  joinedAt: string;
}

/** A pending outbox row. */
export interface TeamOutboxRecord {
  seq: number;
  kind: TeamRecordKind;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** Sharing status for the page: waiting records and the last delivery. */
export interface TeamOutboxStatus {
  linked: TeamLink | null;
  pending: number;
  delivered: number;
  rejected: number;
  lastDeliveredAt: string | null;
}

/** The joined team, or null. */
export function getTeamLink(database: PaigeDatabase): TeamLink | null {
  const row = database
    .prepare(
      `SELECT team_url AS teamUrl, learner_id AS learnerId, team_name AS teamName, joined_at AS joinedAt FROM team_link WHERE id = 1`,
    )
    .get() as TeamLink | undefined;
  return row ?? null;
}

/** Records the joined team (replacing an earlier one). */
export function setTeamLink(database: PaigeDatabase, link: Omit<TeamLink, 'joinedAt'>): TeamLink {
  const joinedAt = nowIso(database);
  database
    .prepare(
      `INSERT INTO team_link (id, team_url, learner_id, team_name, joined_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET team_url = excluded.team_url, learner_id = excluded.learner_id,
         team_name = excluded.team_name, joined_at = excluded.joined_at`,
    )
    .run(link.teamUrl, link.learnerId, link.teamName, joinedAt);
  return { ...link, joinedAt };
}

/** Stops sharing: removes the link and drops what was waiting (nothing more leaves the machine). */
export function clearTeamLink(database: PaigeDatabase): void {
  database.sqlite
    .transaction(() => {
      database.prepare(`DELETE FROM team_link`).run();
      database.prepare(`DELETE FROM team_outbox WHERE delivered_at IS NULL`).run();
    })
    .immediate();
}

/**
 * Queues one record when a team is joined; does nothing otherwise. Call it inside the transaction of the change it
 * reports (the repositories of this package do).
 * @returns the record's seq, or null when no team is joined.
 */
export function enqueueTeamRecord(
  database: PaigeDatabase,
  kind: TeamRecordKind,
  data: Record<string, unknown>,
  occurredAt: string = nowIso(database),
): number | null {
  const result = database
    .prepare(
      `INSERT INTO team_outbox (kind, occurred_at, data, created_at)
       SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM team_link)`,
    )
    .run(kind, occurredAt, JSON.stringify(data), nowIso(database));
  return result.changes > 0 ? Number(result.lastInsertRowid) : null;
}

/** Up to `limit` undelivered records, lowest seq first. */
export function listPendingTeamRecords(database: PaigeDatabase, limit = 100): TeamOutboxRecord[] {
  const rows = database
    .prepare(
      `SELECT seq, kind, occurred_at AS occurredAt, data FROM team_outbox
       WHERE delivered_at IS NULL AND rejected IS NULL ORDER BY seq LIMIT ?`,
    )
    .all(limit) as Array<{ seq: number; kind: TeamRecordKind; occurredAt: string; data: string }>;
  return rows.map((r) => ({
    seq: r.seq,
    kind: r.kind,
    occurredAt: r.occurredAt,
    data: JSON.parse(r.data) as Record<string, unknown>,
  }));
}

/** Marks records delivered (the team server acknowledged them). */
export function markTeamRecordsDelivered(database: PaigeDatabase, seqs: readonly number[]): void {
  if (seqs.length === 0) return;
  const at = nowIso(database);
  const stmt = database.prepare(
    `UPDATE team_outbox SET delivered_at = ? WHERE seq = ? AND delivered_at IS NULL`,
  );
  database.sqlite.transaction(() => seqs.forEach((seq) => stmt.run(at, seq))).immediate();
}

/** Marks a record that can never be shared (it fails the shared schema); it is kept locally, never sent. */
export function markTeamRecordRejected(database: PaigeDatabase, seq: number, reason: string): void {
  database.prepare(`UPDATE team_outbox SET rejected = ? WHERE seq = ?`).run(reason.slice(0, 500), seq);
}

/** Sharing status: the link, waiting/delivered/rejected counts and the last delivery time. */
export function getTeamOutboxStatus(database: PaigeDatabase): TeamOutboxStatus {
  const counts = database
    .prepare(
      `SELECT
         COUNT(*) FILTER (WHERE delivered_at IS NULL AND rejected IS NULL) AS pending,
         COUNT(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
         COUNT(*) FILTER (WHERE rejected IS NOT NULL) AS rejected,
         MAX(delivered_at) AS lastDeliveredAt
       FROM team_outbox`,
    )
    .get() as { pending: number; delivered: number; rejected: number; lastDeliveredAt: string | null };
  return { linked: getTeamLink(database), ...counts };
}

/**
 * Builds and queues a session's summary and its model cost by model (when a team is joined): issue number and
 * title, status, phases completed of total, time, hints used per level, nudges, reviews, cost. No text beyond the
 * issue title leaves: no transcript, no summary, no path. Call inside the transaction that ends the session.
 */
export function enqueueSessionSummary(database: PaigeDatabase, sessionId: string): void {
  if (!getTeamLink(database)) return;
  const s = database
    .prepare(
      `SELECT id, issue_number AS issueNumber, issue_title AS issueTitle, status, hint_level AS hintLevel,
              started_at AS startedAt, ended_at AS endedAt FROM sessions WHERE id = ?`,
    )
    .get(sessionId) as
    | {
        id: string;
        issueNumber: number | null;
        issueTitle: string | null;
        status: string;
        hintLevel: string;
        startedAt: string;
        endedAt: string | null;
      }
    | undefined;
  if (!s) return;
  const phases = database
    .prepare(
      `SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE ph.status = 'complete') AS completed
       FROM phases ph JOIN plans p ON ph.plan_id = p.id WHERE p.session_id = ? AND p.is_active = 1`,
    )
    .get(sessionId) as { total: number; completed: number };
  const hintRows = database
    .prepare(
      `SELECT COALESCE(json_extract(pe.data, '$.level'), json_extract(pe.data, '$.hintLevel'), ?) AS level, COUNT(*) AS n
       FROM progress_events pe JOIN phases ph ON pe.phase_id = ph.id JOIN plans p ON ph.plan_id = p.id
       WHERE p.session_id = ? AND pe.event_type = 'hint_used' GROUP BY 1`,
    )
    .all(s.hintLevel, sessionId) as Array<{ level: string; n: number }>;
  const hintsByLevel = { off: 0, low: 0, medium: 0, high: 0 };
  for (const h of hintRows)
    if (h.level in hintsByLevel) hintsByLevel[h.level as keyof typeof hintsByLevel] += h.n;
  const actions = database
    .prepare(
      `SELECT COUNT(*) FILTER (WHERE action_type = 'nudge_sent') AS nudges,
              COUNT(*) FILTER (WHERE action_type IN ('review_requested')) AS reviews,
              MAX(created_at) AS lastAt
       FROM action_log WHERE session_id = ?`,
    )
    .get(sessionId) as { nudges: number; reviews: number; lastAt: string | null };
  const costs = database
    .prepare(
      `SELECT model, COUNT(*) AS calls, SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
              SUM(cost_estimate) AS costUsd
       FROM api_call_log WHERE session_id = ? GROUP BY model`,
    )
    .all(sessionId) as Array<{
    model: string;
    calls: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
  }>;
  const end = s.endedAt ?? actions.lastAt ?? s.startedAt;
  const durationMs = Math.max(0, Math.min(30 * 24 * 3600 * 1000, Date.parse(end) - Date.parse(s.startedAt)));
  enqueueTeamRecord(database, 'session_summary', {
    sessionId: s.id,
    issueNumber: s.issueNumber,
    issueTitle: s.issueTitle,
    status: s.status,
    phasesCompleted: phases.completed,
    phasesTotal: phases.total,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    durationMs: Number.isFinite(durationMs) ? durationMs : 0,
    hintsByLevel,
    nudges: actions.nudges,
    reviews: actions.reviews,
    costUsd: costs.reduce((sum, c) => sum + c.costUsd, 0),
  });
  for (const c of costs) {
    enqueueTeamRecord(database, 'model_cost', {
      sessionId: s.id,
      model: c.model,
      calls: c.calls,
      inputTokens: c.inputTokens,
      outputTokens: c.outputTokens,
      costUsd: c.costUsd,
    });
  }
}

/**
 * Queues a session's paragraph for a team lead (issue 26 item 5), only because the learner asked to share it and only
 * when a team is joined. The paragraph is sent as one line of at most 1,200 characters (whitespace collapsed).
 * @returns the record's seq, or null when no team is joined.
 */
export function enqueueManagerSummary(
  database: PaigeDatabase,
  sessionId: string,
  summary: string,
): number | null {
  const line = summary.replace(/\s+/g, ' ').trim();
  const text = line.length > 1200 ? `${line.slice(0, 1199).trimEnd()}…` : line;
  return enqueueTeamRecord(database, 'manager_summary', {
    sessionId,
    summary: text,
    generatedAt: nowIso(database),
  });
}
