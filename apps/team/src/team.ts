/**
 * The team server's rules over its database (issue 26 items 1-4): invites, joining, authenticating a learner,
 * idempotent ingest with the mentor view's projections, leaving, revocation, budget, and the mentor's views.
 * Every function takes the database explicitly; nothing here holds state, so several team servers can serve one
 * database.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import {
  DREYFUS_ORDER,
  type CohortView,
  type CreateInviteResponse,
  type JoinResponse,
  type LearnerTimeline,
  type RecordKind,
  type TeamErrorCode,
  type TeamRecord,
  type TeamSeverity,
  recordKinds,
} from '@paige/team-protocol';
import { queryRows, schema, type TeamDb } from './db/index.js';

const {
  costs,
  gaps,
  invites,
  learnerTotals,
  learners,
  practice,
  records,
  sessions,
  settings,
  stages,
  summaries,
} = schema;

/** A refusal with a wire error code (the HTTP layer maps it to its status). */
export class TeamError extends Error {
  constructor(
    readonly code: TeamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TeamError';
  }
}

/** SHA-256 hex digest of a secret (tokens and invite codes are stored this way only). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

type Tx = Parameters<Parameters<TeamDb['transaction']>[0]>[0];

/**
 * Creates an invite code (shown once; its hash is stored).
 * @param expiresInMs lifetime in ms. @param uses how many learners may join with it.
 */
export async function createInvite(
  db: TeamDb,
  opts: { expiresInMs: number; uses: number; now?: Date },
): Promise<CreateInviteResponse> {
  const code = `pti_${randomBytes(24).toString('base64url')}`;
  const expiresAt = new Date((opts.now ?? new Date()).getTime() + opts.expiresInMs).toISOString();
  await db.insert(invites).values({ codeHash: hashSecret(code), expiresAt, usesLeft: opts.uses });
  return { code, expiresAt, uses: opts.uses };
}

/**
 * Joins with an invite code: uses one of its joins and makes a learner with a new token, in one transaction.
 * @throws {TeamError} `INVITE_INVALID` (unknown code), `INVITE_EXPIRED`, `INVITE_USED` (no joins left).
 */
export async function joinTeam(
  db: TeamDb,
  opts: { code: string; displayName: string; teamName: string; now?: Date },
): Promise<JoinResponse> {
  const now = (opts.now ?? new Date()).toISOString();
  const codeHash = hashSecret(opts.code);
  const token = `ptl_${randomBytes(32).toString('base64url')}`;
  const learnerId = randomUUID();
  await db.transaction(async (tx) => {
    const used = await tx
      .update(invites)
      .set({ usesLeft: sql`${invites.usesLeft} - 1` })
      .where(
        and(eq(invites.codeHash, codeHash), sql`${invites.usesLeft} > 0`, sql`${invites.expiresAt} > ${now}`),
      )
      .returning({ usesLeft: invites.usesLeft });
    if (used.length === 0) {
      const [invite] = await tx.select().from(invites).where(eq(invites.codeHash, codeHash));
      if (!invite) throw new TeamError('INVITE_INVALID', 'this invite code is not known to the team server');
      if (invite.usesLeft <= 0)
        throw new TeamError(
          'INVITE_USED',
          'this invite code has been used up: ask your mentor for a new one',
        );
      throw new TeamError('INVITE_EXPIRED', 'this invite code has expired: ask your mentor for a new one');
    }
    await tx
      .insert(learners)
      .values({ id: learnerId, displayName: opts.displayName, tokenHash: hashSecret(token), joinedAt: now });
    await tx.insert(learnerTotals).values({ learnerId });
  });
  return { learnerId, token, teamName: opts.teamName, shares: Object.keys(recordKinds) as RecordKind[] };
}

/** A learner authenticated by token. */
export interface AuthedLearner {
  id: string;
  displayName: string;
  highestSeq: number;
}

/**
 * Finds the learner holding `token`.
 * @throws {TeamError} `UNAUTHORIZED` (unknown token, or the learner left), `LEARNER_REVOKED`.
 */
export async function authenticateLearner(db: TeamDb, token: string): Promise<AuthedLearner> {
  const [row] = await db
    .select()
    .from(learners)
    .where(eq(learners.tokenHash, hashSecret(token)));
  if (!row) throw new TeamError('UNAUTHORIZED', 'unknown learner token');
  if (row.revokedAt)
    throw new TeamError('LEARNER_REVOKED', 'the mentor revoked this learner: nothing more is accepted');
  if (row.leftAt) throw new TeamError('UNAUTHORIZED', 'this learner left the team');
  return { id: row.id, displayName: row.displayName, highestSeq: row.highestSeq };
}

/**
 * Stores a learner's records: those it already has (same `(learnerId, seq)`) are ignored, the new ones are inserted
 * and projected into the mentor view's tables, all in one transaction (nothing is written when anything fails).
 * @returns how many were new, how many duplicates, and the learner's highest seq now held.
 */
export async function ingestRecords(
  db: TeamDb,
  learnerId: string,
  batch: readonly TeamRecord[],
  now: Date = new Date(),
): Promise<{ accepted: number; duplicates: number; highestSeq: number }> {
  if (batch.length > 0 && batch.every((r) => r.kind !== 'knowledge_gap'))
    return ingestInOneStatement(db, learnerId, batch, now);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(records)
      .values(
        [...batch]
          .sort((a, b) => a.seq - b.seq)
          .map((r) => ({ learnerId, seq: r.seq, kind: r.kind, occurredAt: r.occurredAt, data: r.data })),
      )
      .onConflictDoNothing()
      .returning({ seq: records.seq });
    const fresh = new Set(inserted.map((r) => Number(r.seq)));
    let sessionsChanged = false;
    let costsChanged = false;
    const topicsTouched = new Set<string>();
    for (const record of [...batch].sort((a, b) => a.seq - b.seq)) {
      if (!fresh.has(record.seq)) continue;
      if (record.kind === 'session_summary') sessionsChanged = true;
      if (record.kind === 'model_cost') costsChanged = true;
      await project(tx, learnerId, record, topicsTouched);
    }
    if (sessionsChanged) await refreshTotals(tx, learnerId);
    if (topicsTouched.size > 0) {
      await tx.execute(sql`
        UPDATE learner_totals SET open_gaps = (SELECT count(*)::int FROM gaps WHERE learner_id = ${learnerId} AND NOT addressed)
        WHERE learner_id = ${learnerId}`);
      // sorted: two pushes touching the same topics take their locks in the same order (no deadlock)
      for (const key of [...topicsTouched].sort()) await refreshGapTopic(tx, key);
    }
    if (costsChanged) {
      await tx.execute(sql`
        UPDATE learner_totals SET cost_usd = (SELECT coalesce(sum(cost_usd), 0) FROM costs WHERE learner_id = ${learnerId})
        WHERE learner_id = ${learnerId}`);
    }
    const maxSeq = Math.max(...batch.map((r) => r.seq));
    const [updated] = await tx
      .update(learners)
      .set({ lastSeenAt: now.toISOString(), highestSeq: sql`GREATEST(${learners.highestSeq}, ${maxSeq})` })
      .where(eq(learners.id, learnerId))
      .returning({ highestSeq: learners.highestSeq });
    return {
      accepted: fresh.size,
      duplicates: batch.length - fresh.size,
      highestSeq: Number(updated?.highestSeq ?? maxSeq),
    };
  });
}

/**
 * The ingest of a batch without knowledge gaps (the common push: a session's summary, its cost, stages, practice) in
 * ONE statement, so one database round trip (issue 26 item 6: ingest >= 500 records/s): data-modifying CTEs insert
 * the records (`ON CONFLICT DO NOTHING RETURNING` tells the new ones), project only the new ones (the latest per
 * session, cost key and skill area when a batch repeats one), and move the learner's running totals by the
 * difference between the new rows and the rows they replace. The totals are updated with `x = x + delta`, which
 * Postgres re-evaluates on the latest row version when a concurrent push of the same learner holds it, so two
 * pushes never lose each other's counts. (Knowledge gaps take the transactional path: the cohort's topic counts
 * need a recompute under a per-topic lock.)
 */
async function ingestInOneStatement(
  db: TeamDb,
  learnerId: string,
  batch: readonly TeamRecord[],
  now: Date,
): Promise<{ accepted: number; duplicates: number; highestSeq: number }> {
  const input = JSON.stringify(
    batch.map((r) => ({ seq: r.seq, kind: r.kind, occurredAt: r.occurredAt, data: r.data })),
  );
  const maxSeq = Math.max(...batch.map((r) => r.seq));
  type Row = { accepted: number; highest_seq: number | string | null };
  const statement = ingestStatement(learnerId, input, maxSeq, now);
  const pool = pgPoolOf(db);
  let row: Row | undefined;
  if (pool) {
    // A named (prepared) statement: Postgres parses and plans it once per connection, not on every push
    // (measured: 5.5 -> 1.7 ms a push, one at a time).
    const { sql: text, params } = dialect.sqlToQuery(statement);
    [row] = (await pool.query({ name: 'paige-team-ingest-v1', text, values: params })).rows as Row[];
  } else {
    [row] = await queryRows<Row>(db, statement);
  }
  const accepted = Number(row?.accepted ?? 0);
  return {
    accepted,
    duplicates: batch.length - accepted,
    highestSeq: Number(row?.highest_seq ?? maxSeq),
  };
}

const dialect = new PgDialect();

/** The `pg` pool under a Drizzle node-postgres database (undefined for PGlite). */
function pgPoolOf(
  db: TeamDb,
): { query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> } | undefined {
  const client = (db as unknown as { $client?: { query?: unknown; totalCount?: unknown } }).$client;
  return client && typeof client.query === 'function' && typeof client.totalCount === 'number'
    ? (client as never)
    : undefined;
}

/**
 * The statement of {@link ingestInOneStatement}; its text is the same for every push (only the parameters change).
 * @param input the batch as a JSON array of `{ seq, kind, occurredAt, data }`.
 */
export function ingestStatement(learnerId: string, input: string, maxSeq: number, now: Date): SQL {
  return sql`WITH input AS (
        SELECT (e->>'seq')::bigint AS seq, e->>'kind' AS kind, (e->>'occurredAt')::timestamptz AS occurred_at,
               e->'data' AS data
        FROM jsonb_array_elements(${input}::jsonb) e
      ), ins AS (
        INSERT INTO records (learner_id, seq, kind, occurred_at, data)
        SELECT ${learnerId}::uuid, seq, kind, occurred_at, data FROM input ORDER BY seq
        ON CONFLICT DO NOTHING
        RETURNING seq, kind, occurred_at, data
      ), new_s AS (
        SELECT DISTINCT ON (data->>'sessionId')
          data->>'sessionId' AS session_id, (data->>'issueNumber')::int AS issue_number,
          data->>'issueTitle' AS issue_title, data->>'status' AS status,
          (data->>'phasesCompleted')::int AS phases_completed, (data->>'phasesTotal')::int AS phases_total,
          (data->>'startedAt')::timestamptz AS started_at, (data->>'endedAt')::timestamptz AS ended_at,
          (data->>'durationMs')::bigint AS duration_ms, (data->'hintsByLevel'->>'low')::int AS hints_low,
          (data->'hintsByLevel'->>'medium')::int AS hints_medium, (data->'hintsByLevel'->>'high')::int AS hints_high,
          (data->>'nudges')::int AS nudges, (data->>'reviews')::int AS reviews, (data->>'costUsd')::float8 AS cost_usd
        FROM ins WHERE kind = 'session_summary' ORDER BY data->>'sessionId', seq DESC
      ), old_s AS (
        SELECT s.status, s.nudges FROM sessions s
        WHERE s.learner_id = ${learnerId}::uuid AND s.session_id IN (SELECT session_id FROM new_s)
      ), up_s AS (
        INSERT INTO sessions (learner_id, session_id, issue_number, issue_title, status, phases_completed, phases_total,
                              started_at, ended_at, duration_ms, hints_low, hints_medium, hints_high, nudges, reviews, cost_usd)
        SELECT ${learnerId}::uuid, session_id, issue_number, issue_title, status, phases_completed, phases_total,
               started_at, ended_at, duration_ms, hints_low, hints_medium, hints_high, nudges, reviews, cost_usd
        FROM new_s
        ON CONFLICT (learner_id, session_id) DO UPDATE SET issue_number = excluded.issue_number,
          issue_title = excluded.issue_title, status = excluded.status, phases_completed = excluded.phases_completed,
          phases_total = excluded.phases_total, started_at = excluded.started_at, ended_at = excluded.ended_at,
          duration_ms = excluded.duration_ms, hints_low = excluded.hints_low, hints_medium = excluded.hints_medium,
          hints_high = excluded.hints_high, nudges = excluded.nudges, reviews = excluded.reviews,
          cost_usd = excluded.cost_usd
        RETURNING 1
      ), new_c AS (
        SELECT DISTINCT ON (cost_key) * FROM (
          SELECT CASE WHEN data->>'sessionId' IS NOT NULL
                      THEN 'session:' || (data->>'sessionId') || ':' || (data->>'model') ELSE 'seq:' || seq END AS cost_key,
                 seq, data->>'model' AS model, (data->>'calls')::int AS calls,
                 (data->>'inputTokens')::bigint AS input_tokens, (data->>'outputTokens')::bigint AS output_tokens,
                 (data->>'costUsd')::float8 AS cost_usd, occurred_at
          FROM ins WHERE kind = 'model_cost') c
        ORDER BY cost_key, seq DESC
      ), old_c AS (
        SELECT c.cost_usd FROM costs c
        WHERE c.learner_id = ${learnerId}::uuid AND c.cost_key IN (SELECT cost_key FROM new_c)
      ), up_c AS (
        INSERT INTO costs (learner_id, cost_key, model, calls, input_tokens, output_tokens, cost_usd, occurred_at)
        SELECT ${learnerId}::uuid, cost_key, model, calls, input_tokens, output_tokens, cost_usd, occurred_at FROM new_c
        ON CONFLICT (learner_id, cost_key) DO UPDATE SET model = excluded.model, calls = excluded.calls,
          input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost_usd = excluded.cost_usd,
          occurred_at = excluded.occurred_at
        RETURNING 1
      ), up_st AS (
        INSERT INTO stages (learner_id, skill_area, stage, confidence, assessed_at)
        SELECT DISTINCT ON (data->>'skillArea') ${learnerId}::uuid, data->>'skillArea', data->>'stage',
               (data->>'confidence')::float8, (data->>'assessedAt')::timestamptz
        FROM ins WHERE kind = 'dreyfus_stage' ORDER BY data->>'skillArea', (data->>'assessedAt')::timestamptz DESC, seq DESC
        ON CONFLICT (learner_id, skill_area) DO UPDATE SET stage = excluded.stage, confidence = excluded.confidence,
          assessed_at = excluded.assessed_at
        WHERE stages.assessed_at <= excluded.assessed_at
        RETURNING 1
      ), up_p AS (
        INSERT INTO practice (learner_id, seq, kata_id, title, passed, level, tests_passed, tests_total, attempted_at)
        SELECT ${learnerId}::uuid, seq, data->>'kataId', data->>'title', (data->>'passed')::boolean,
               (data->>'level')::int, (data->>'testsPassed')::int, (data->>'testsTotal')::int,
               (data->>'attemptedAt')::timestamptz
        FROM ins WHERE kind = 'practice_result'
        ON CONFLICT DO NOTHING
        RETURNING 1
      ), up_m AS (
        INSERT INTO summaries (learner_id, session_id, summary, generated_at)
        SELECT DISTINCT ON (data->>'sessionId') ${learnerId}::uuid, data->>'sessionId', data->>'summary',
               (data->>'generatedAt')::timestamptz
        FROM ins WHERE kind = 'manager_summary'
        ORDER BY data->>'sessionId', (data->>'generatedAt')::timestamptz DESC, seq DESC
        ON CONFLICT (learner_id, session_id) DO UPDATE SET summary = excluded.summary,
          generated_at = excluded.generated_at
        WHERE summaries.generated_at <= excluded.generated_at
        RETURNING 1
      ), delta AS (
        SELECT
          (SELECT count(*) FROM new_s) - (SELECT count(*) FROM old_s) AS sessions,
          (SELECT count(*) FROM new_s WHERE status = 'abandoned')
            - (SELECT count(*) FROM old_s WHERE status = 'abandoned') AS abandoned,
          (SELECT coalesce(sum(nudges), 0) FROM new_s) - (SELECT coalesce(sum(nudges), 0) FROM old_s) AS nudges,
          (SELECT coalesce(sum(cost_usd), 0) FROM new_c) - (SELECT coalesce(sum(cost_usd), 0) FROM old_c) AS cost_usd,
          (SELECT max(started_at) FROM new_s WHERE status = 'abandoned') AS last_abandoned_at,
          (SELECT max(started_at) FROM new_s) AS last_session_at
      ), tot AS (
        UPDATE learner_totals t SET
          sessions = t.sessions + d.sessions, abandoned = t.abandoned + d.abandoned, nudges = t.nudges + d.nudges,
          cost_usd = t.cost_usd + d.cost_usd,
          last_abandoned_at = GREATEST(t.last_abandoned_at, d.last_abandoned_at),
          last_session_at = GREATEST(t.last_session_at, d.last_session_at)
        FROM delta d
        WHERE t.learner_id = ${learnerId}::uuid AND (EXISTS (SELECT 1 FROM new_s) OR EXISTS (SELECT 1 FROM new_c))
        RETURNING 1
      ), lrn AS (
        UPDATE learners SET last_seen_at = ${now.toISOString()}::timestamptz,
          highest_seq = GREATEST(highest_seq, ${maxSeq}::bigint)
        WHERE id = ${learnerId}::uuid
        RETURNING highest_seq
      )
      SELECT (SELECT count(*)::int FROM ins) AS accepted, (SELECT highest_seq FROM lrn) AS highest_seq`;
}

/** Normalised topic used to group gaps across learners ("Async  Errors" and "async errors" are one). */
export function topicKey(topic: string): string {
  return topic.toLowerCase().replace(/\s+/g, ' ').trim();
}

async function project(
  tx: Tx,
  learnerId: string,
  record: TeamRecord,
  topicsTouched: Set<string>,
): Promise<void> {
  switch (record.kind) {
    case 'session_summary': {
      const d = record.data;
      const values = {
        learnerId,
        sessionId: d.sessionId,
        issueNumber: d.issueNumber,
        issueTitle: d.issueTitle,
        status: d.status,
        phasesCompleted: d.phasesCompleted,
        phasesTotal: d.phasesTotal,
        startedAt: d.startedAt,
        endedAt: d.endedAt,
        durationMs: d.durationMs,
        hintsLow: d.hintsByLevel.low,
        hintsMedium: d.hintsByLevel.medium,
        hintsHigh: d.hintsByLevel.high,
        nudges: d.nudges,
        reviews: d.reviews,
        costUsd: d.costUsd,
      };
      const { learnerId: _l, sessionId: _s, ...update } = values;
      await tx
        .insert(sessions)
        .values(values)
        .onConflictDoUpdate({ target: [sessions.learnerId, sessions.sessionId], set: update });
      return;
    }
    case 'knowledge_gap': {
      const d = record.data;
      const values = {
        learnerId,
        gapId: d.gapId,
        topic: d.topic,
        topicKey: topicKey(d.topic),
        severity: d.severity,
        addressed: d.addressed,
        identifiedAt: d.identifiedAt,
        addressedAt: d.addressedAt,
      };
      const { learnerId: _l, gapId: _g, ...update } = values;
      const [before] = await tx
        .select({ topicKey: gaps.topicKey })
        .from(gaps)
        .where(and(eq(gaps.learnerId, learnerId), eq(gaps.gapId, d.gapId)));
      if (before) topicsTouched.add(before.topicKey);
      topicsTouched.add(values.topicKey);
      await tx
        .insert(gaps)
        .values(values)
        .onConflictDoUpdate({ target: [gaps.learnerId, gaps.gapId], set: update });
      return;
    }
    case 'dreyfus_stage': {
      const d = record.data;
      const values = {
        learnerId,
        skillArea: d.skillArea,
        stage: d.stage,
        confidence: d.confidence,
        assessedAt: d.assessedAt,
      };
      await tx
        .insert(stages)
        .values(values)
        .onConflictDoUpdate({
          target: [stages.learnerId, stages.skillArea],
          set: { stage: d.stage, confidence: d.confidence, assessedAt: d.assessedAt },
          setWhere: sql`${stages.assessedAt} <= ${d.assessedAt}`,
        });
      return;
    }
    case 'practice_result': {
      const d = record.data;
      await tx.insert(practice).values({
        learnerId,
        seq: record.seq,
        kataId: d.kataId,
        title: d.title,
        passed: d.passed,
        level: d.level,
        testsPassed: d.testsPassed,
        testsTotal: d.testsTotal,
        attemptedAt: d.attemptedAt,
      });
      return;
    }
    case 'model_cost': {
      const d = record.data;
      const values = {
        learnerId,
        costKey: d.sessionId ? `session:${d.sessionId}:${d.model}` : `seq:${record.seq}`,
        model: d.model,
        calls: d.calls,
        inputTokens: d.inputTokens,
        outputTokens: d.outputTokens,
        costUsd: d.costUsd,
        occurredAt: record.occurredAt,
      };
      const { learnerId: _l, costKey: _k, ...update } = values;
      await tx
        .insert(costs)
        .values(values)
        .onConflictDoUpdate({ target: [costs.learnerId, costs.costKey], set: update });
      return;
    }
    case 'manager_summary': {
      const d = record.data;
      await tx
        .insert(summaries)
        .values({ learnerId, sessionId: d.sessionId, summary: d.summary, generatedAt: d.generatedAt })
        .onConflictDoUpdate({
          target: [summaries.learnerId, summaries.sessionId],
          set: { summary: d.summary, generatedAt: d.generatedAt },
          setWhere: sql`${summaries.generatedAt} <= ${d.generatedAt}`,
        });
      return;
    }
  }
}

/**
 * Recomputes one topic's row of `gap_topics` from the open gaps. An advisory lock per topic serialises pushes that
 * touch the same topic, so the count (taken by a statement after the lock) includes every committed gap.
 */
async function refreshGapTopic(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`gap-topic:${key}`}))`);
  await tx.execute(sql`
    WITH agg AS (
      SELECT min(topic) AS topic, count(DISTINCT learner_id)::int AS learners,
             max(CASE severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END)::int AS worst,
             min(identified_at) AS open_since
      FROM gaps WHERE topic_key = ${key} AND NOT addressed HAVING count(*) > 0
    ), gone AS (
      DELETE FROM gap_topics WHERE topic_key = ${key} AND NOT EXISTS (SELECT 1 FROM agg)
    )
    INSERT INTO gap_topics (topic_key, topic, learners, worst, open_since)
    SELECT ${key}, topic, learners, worst, open_since FROM agg
    ON CONFLICT (topic_key) DO UPDATE SET topic = excluded.topic, learners = excluded.learners,
      worst = excluded.worst, open_since = excluded.open_since`);
}

async function refreshTotals(tx: Tx, learnerId: string): Promise<void> {
  await tx.execute(sql`
    UPDATE learner_totals t SET
      sessions = s.n, abandoned = s.abandoned, nudges = s.nudges, last_session_at = s.last_at,
      last_abandoned_at = s.last_abandoned_at
    FROM (
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE status = 'abandoned')::int AS abandoned,
             max(started_at) FILTER (WHERE status = 'abandoned') AS last_abandoned_at,
             coalesce(sum(nudges), 0)::int AS nudges,
             max(started_at) AS last_at
      FROM sessions WHERE learner_id = ${learnerId}
    ) s
    WHERE t.learner_id = ${learnerId}`);
}

/** The learner stops sharing: the token stops working; what was shared stays for the mentor (marked "left"). */
export async function leaveTeam(db: TeamDb, learnerId: string, now: Date = new Date()): Promise<void> {
  await db.update(learners).set({ leftAt: now.toISOString() }).where(eq(learners.id, learnerId));
}

/**
 * The mentor revokes a learner: their token is refused from now on.
 * @throws {TeamError} `NOT_FOUND` for an unknown learner id.
 */
export async function revokeLearner(db: TeamDb, learnerId: string, now: Date = new Date()): Promise<void> {
  const updated = await db
    .update(learners)
    .set({ revokedAt: now.toISOString() })
    .where(eq(learners.id, learnerId))
    .returning({ id: learners.id });
  if (updated.length === 0) throw new TeamError('NOT_FOUND', 'no such learner');
}

/** Sets the cohort's model budget, USD (null: none). */
export async function setBudget(db: TeamDb, budgetUsd: number | null): Promise<void> {
  await db
    .insert(settings)
    .values({ key: 'budgetUsd', value: budgetUsd })
    .onConflictDoUpdate({ target: settings.key, set: { value: budgetUsd } });
}

const SEVERITY_RANK: Record<TeamSeverity, number> = { low: 1, medium: 2, high: 3 };
/** Window in which abandoned sessions count as evidence of being stuck. */
const STUCK_WINDOW_MS = 14 * 24 * 3600 * 1000;

/**
 * The mentor's cohort view (issue 26 item 4): learners with their stages and totals, who may be stuck (abandoned
 * sessions, the latest within 14 days; many nudges per session, gaps open longest) with the evidence, the gaps most of the cohort
 * shares, and model spend against the budget. Reads the running totals and indexed tables, never a full scan of
 * sessions.
 * @param limit most learners listed (default 500, most recently seen first).
 */
export async function cohortView(
  db: TeamDb,
  opts: { teamName: string; now?: Date; limit?: number },
): Promise<CohortView> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? 500;
  const since = new Date(now.getTime() - STUCK_WINDOW_MS).toISOString();
  const [learnerRows, stageRows, stuckAbandoned, oldestGaps, sharedRows, totalsRow, budgetRow] =
    await Promise.all([
      queryRows<{
        id: string;
        display_name: string;
        joined_at: string;
        revoked_at: string | null;
        left_at: string | null;
        last_seen_at: string | null;
        sessions: number;
        abandoned: number;
        nudges: number;
        cost_usd: number;
        open_gaps: number;
      }>(
        db,
        sql`SELECT l.id, l.display_name, l.joined_at, l.revoked_at, l.left_at, l.last_seen_at,
                 t.sessions, t.abandoned, t.nudges, t.cost_usd, t.open_gaps
          FROM learners l JOIN learner_totals t ON t.learner_id = l.id
          ORDER BY l.last_seen_at DESC NULLS LAST, l.display_name LIMIT ${limit}`,
      ),
      queryRows<{ learner_id: string; skill_area: string; stage: string }>(
        db,
        // LATERAL (OFFSET 0 keeps it from being flattened into a hash join): one index lookup per listed learner;
        // a semi-join scanned every learner's stages (14 ms at 10,000 learners, growing with the cohort)
        sql`SELECT s.learner_id, s.skill_area, s.stage
          FROM (SELECT id FROM learners ORDER BY last_seen_at DESC NULLS LAST, display_name LIMIT ${limit}) l
          CROSS JOIN LATERAL (SELECT learner_id, skill_area, stage FROM stages WHERE learner_id = l.id OFFSET 0) s`,
      ),
      queryRows<{ learner_id: string; n: number; last_abandoned_at: string }>(
        db,
        sql`SELECT learner_id, abandoned AS n, last_abandoned_at FROM learner_totals
          WHERE abandoned > 0 AND last_abandoned_at > ${since} ORDER BY abandoned DESC LIMIT 50`,
      ),
      queryRows<{ learner_id: string; topic: string; identified_at: string }>(
        db,
        sql`SELECT DISTINCT ON (learner_id) learner_id, topic, identified_at FROM (
            SELECT learner_id, topic, identified_at FROM gaps WHERE NOT addressed ORDER BY identified_at LIMIT 200
          ) g ORDER BY learner_id, identified_at`,
      ),
      queryRows<{ topic_key: string; topic: string; learners: number; worst: number; open_since: string }>(
        db,
        sql`SELECT topic_key, topic, learners, worst, open_since FROM gap_topics
          WHERE learners >= 2 ORDER BY learners DESC, open_since LIMIT 10`,
      ),
      queryRows<{ total: number; active: number }>(
        db,
        sql`SELECT coalesce(sum(t.cost_usd), 0)::float8 AS total,
                 (SELECT count(*)::int FROM learners WHERE revoked_at IS NULL AND left_at IS NULL) AS active
          FROM learner_totals t`,
      ),
      db.select().from(settings).where(eq(settings.key, 'budgetUsd')),
    ]);

  const names = new Map<string, string>();
  const byId = new Map<string, CohortView['learners'][number]>();
  for (const r of learnerRows) {
    names.set(r.id, r.display_name);
    byId.set(r.id, {
      learnerId: r.id,
      displayName: r.display_name,
      joinedAt: iso(r.joined_at),
      revoked: r.revoked_at !== null,
      left: r.left_at !== null,
      lastSeenAt: r.last_seen_at ? iso(r.last_seen_at) : null,
      stages: {},
      sessions: Number(r.sessions),
      abandonedSessions: Number(r.abandoned),
      nudges: Number(r.nudges),
      openGaps: Number(r.open_gaps),
      costUsd: Number(r.cost_usd),
    });
  }
  const areas = new Set<string>();
  for (const s of stageRows) {
    const learner = byId.get(s.learner_id);
    if (!learner || !DREYFUS_ORDER.includes(s.stage as never)) continue;
    learner.stages[s.skill_area] = s.stage as (typeof DREYFUS_ORDER)[number];
    areas.add(s.skill_area);
  }

  // Who may be stuck: evidence from three signals, a score to rank them.
  const stuck = new Map<string, { evidence: string[]; score: number }>();
  const add = (id: string, evidence: string, score: number) => {
    const entry = stuck.get(id) ?? { evidence: [], score: 0 };
    entry.evidence.push(evidence);
    entry.score += score;
    stuck.set(id, entry);
  };
  for (const r of stuckAbandoned) {
    const days = Math.floor((now.getTime() - Date.parse(iso(r.last_abandoned_at))) / (24 * 3600 * 1000));
    add(
      r.learner_id,
      `${r.n} abandoned session${r.n === 1 ? '' : 's'}, the latest ${days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`}`,
      2 * r.n,
    );
  }
  for (const l of byId.values()) {
    if (l.sessions > 0 && l.nudges / l.sessions >= 5) {
      add(
        l.learnerId,
        `${(l.nudges / l.sessions).toFixed(1)} nudges per session (${l.nudges} in ${l.sessions})`,
        l.nudges / l.sessions / 2,
      );
    }
  }
  for (const g of oldestGaps) {
    const days = Math.floor((now.getTime() - Date.parse(iso(g.identified_at))) / (24 * 3600 * 1000));
    if (days >= 7) add(g.learner_id, `gap "${g.topic}" open for ${days} days`, days / 7);
  }
  const missing = [...stuck.keys()].filter((id) => !names.has(id));
  if (missing.length > 0) {
    const rows = await queryRows<{ id: string; display_name: string }>(
      db,
      sql`SELECT id, display_name FROM learners WHERE id IN (${sql.join(
        missing.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
    for (const r of rows) names.set(r.id, r.display_name);
  }

  const active = Math.max(1, Number(totalsRow[0]?.active ?? 0));
  const budget = budgetRow[0]?.value;
  return {
    teamName: opts.teamName,
    generatedAt: now.toISOString(),
    skillAreas: [...areas].sort(),
    learners: [...byId.values()],
    stuck: [...stuck.entries()]
      .map(([learnerId, s]) => ({
        learnerId,
        displayName: names.get(learnerId) ?? learnerId,
        evidence: s.evidence,
        score: Math.round(s.score * 10) / 10,
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10),
    sharedGaps: sharedRows.map((r) => ({
      topic: r.topic,
      learners: Number(r.learners),
      share: Math.min(1, Number(r.learners) / active),
      worstSeverity:
        (Object.keys(SEVERITY_RANK) as TeamSeverity[]).find((k) => SEVERITY_RANK[k] === Number(r.worst)) ??
        'low',
      openSince: iso(r.open_since),
    })),
    spend: {
      totalUsd: Number(totalsRow[0]?.total ?? 0),
      budgetUsd: typeof budget === 'number' ? budget : null,
      perLearner: [...byId.values()]
        .map((l) => ({ learnerId: l.learnerId, displayName: l.displayName, costUsd: l.costUsd }))
        .sort((a, b) => b.costUsd - a.costUsd),
    },
  };
}

/**
 * One learner's timeline: sessions, practice, gaps and stage changes, newest first (at most 200 entries).
 * @throws {TeamError} `NOT_FOUND` for an unknown learner.
 */
export async function learnerTimeline(db: TeamDb, learnerId: string): Promise<LearnerTimeline> {
  const [learner] = await db.select().from(learners).where(eq(learners.id, learnerId));
  if (!learner) throw new TeamError('NOT_FOUND', 'no such learner');
  const rows = await queryRows<{
    at: string;
    kind: 'session' | 'practice' | 'gap' | 'stage' | 'summary';
    title: string;
    detail: string;
  }>(
    db,
    sql`(SELECT started_at AS at, 'session' AS kind,
                coalesce('#' || issue_number || ' ', '') || coalesce(issue_title, 'session') AS title,
                status || ', ' || phases_completed || '/' || phases_total || ' phases, ' || round(duration_ms / 60000.0) || ' min, '
                  || nudges || ' nudges, hints ' || hints_low || '/' || hints_medium || '/' || hints_high AS detail
         FROM sessions WHERE learner_id = ${learnerId} ORDER BY started_at DESC LIMIT 100)
        UNION ALL
        (SELECT attempted_at, 'practice', title,
                CASE WHEN passed THEN 'passed' ELSE 'not passed' END
                  || coalesce(', tests ' || tests_passed || '/' || tests_total, '')
         FROM practice WHERE learner_id = ${learnerId} ORDER BY attempted_at DESC LIMIT 50)
        UNION ALL
        (SELECT identified_at, 'gap', topic, severity || CASE WHEN addressed THEN ', addressed' ELSE ', open' END
         FROM gaps WHERE learner_id = ${learnerId} ORDER BY identified_at DESC LIMIT 50)
        UNION ALL
        (SELECT assessed_at, 'stage', skill_area, replace(stage, '_', ' ')
         FROM stages WHERE learner_id = ${learnerId})
        UNION ALL
        (SELECT s.generated_at, 'summary', coalesce('#' || x.issue_number || ' ', '') || coalesce(x.issue_title, 'session')
                  || ': summary for the team lead', s.summary
         FROM summaries s LEFT JOIN sessions x ON x.learner_id = s.learner_id AND x.session_id = s.session_id
         WHERE s.learner_id = ${learnerId} ORDER BY s.generated_at DESC LIMIT 50)
        ORDER BY at DESC LIMIT 200`,
  );
  return {
    learnerId,
    displayName: learner.displayName,
    entries: rows.map((r) => ({ at: iso(r.at), kind: r.kind, title: r.title, detail: r.detail })),
  };
}

/** Timestamps come back as `Date` (pg) or strings in Postgres' text format (PGlite, raw queries): ISO 8601 either way. */
function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const d = new Date(String(value));
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
}
