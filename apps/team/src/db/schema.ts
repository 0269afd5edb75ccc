/**
 * The team database (issue 26; DESIGN section 5 "Team database"): one Drizzle Postgres schema for both a real
 * Postgres (`DATABASE_URL`) and the embedded PGlite. SQL migrations in `drizzle/` are generated from it
 * (`pnpm --filter @paige/team db:generate`).
 *
 * `records` keeps every shared record as it arrived (the idempotency key is `(learner_id, seq)`); the other tables
 * are the mentor view's projections, updated in the same transaction as the insert of a new record.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** Learners who joined. The token is kept as its SHA-256 hex digest only. */
export const learners = pgTable(
  'learners',
  {
    id: uuid('id').primaryKey(),
    displayName: text('display_name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    joinedAt: ts('joined_at').notNull().defaultNow(),
    leftAt: ts('left_at'),
    revokedAt: ts('revoked_at'),
    lastSeenAt: ts('last_seen_at'),
    highestSeq: bigint('highest_seq', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('learners_last_seen').on(sql`${t.lastSeenAt} DESC NULLS LAST`, t.displayName)],
);

/** Invite codes (SHA-256 of the code), with expiry and a count of joins left. */
export const invites = pgTable('invites', {
  codeHash: text('code_hash').primaryKey(),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  usesLeft: integer('uses_left').notNull(),
});

/** Every record a learner pushed, once: `(learner_id, seq)` is the key, so a record sent twice is stored once. */
export const records = pgTable(
  'records',
  {
    learnerId: uuid('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    data: jsonb('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.seq] })],
);

/** Session summaries (latest per session). */
export const sessions = pgTable(
  'sessions',
  {
    learnerId: uuid('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').notNull(),
    issueNumber: integer('issue_number'),
    issueTitle: text('issue_title'),
    status: text('status').notNull(),
    phasesCompleted: integer('phases_completed').notNull(),
    phasesTotal: integer('phases_total').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
    durationMs: bigint('duration_ms', { mode: 'number' }).notNull(),
    hintsLow: integer('hints_low').notNull(),
    hintsMedium: integer('hints_medium').notNull(),
    hintsHigh: integer('hints_high').notNull(),
    nudges: integer('nudges').notNull(),
    reviews: integer('reviews').notNull(),
    costUsd: doublePrecision('cost_usd').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.learnerId, t.sessionId] }),
    index('sessions_learner_started').on(t.learnerId, t.startedAt),
    index('sessions_abandoned_started')
      .on(t.startedAt)
      .where(sql`${t.status} = 'abandoned'`),
  ],
);

/** Knowledge gaps (latest per gap). */
export const gaps = pgTable(
  'gaps',
  {
    learnerId: uuid('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    gapId: text('gap_id').notNull(),
    topic: text('topic').notNull(),
    topicKey: text('topic_key').notNull(),
    severity: text('severity').notNull(),
    addressed: boolean('addressed').notNull(),
    identifiedAt: ts('identified_at').notNull(),
    addressedAt: ts('addressed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.learnerId, t.gapId] }),
    index('gaps_open_topic')
      .on(t.topicKey)
      .where(sql`NOT ${t.addressed}`),
    index('gaps_open_identified')
      .on(t.identifiedAt)
      .where(sql`NOT ${t.addressed}`),
  ],
);

/** Dreyfus stage per learner and skill area (latest assessment). */
export const stages = pgTable(
  'stages',
  {
    learnerId: uuid('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    skillArea: text('skill_area').notNull(),
    stage: text('stage').notNull(),
    confidence: doublePrecision('confidence').notNull(),
    assessedAt: ts('assessed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.skillArea] })],
);

/** Practice results. */
export const practice = pgTable(
  'practice',
  {
    learnerId: uuid('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    kataId: text('kata_id').notNull(),
    title: text('title').notNull(),
    passed: boolean('passed').notNull(),
    level: integer('level'),
    testsPassed: integer('tests_passed'),
    testsTotal: integer('tests_total'),
    attemptedAt: ts('attempted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.seq] })],
);

/**
 * Model spend: one row per session and model (a session's summary may be sent again after a wrap-up retry; its cost
 * replaces the earlier one) or per record outside sessions (`cost_key` = `seq:<seq>`).
 */
export const costs = pgTable(
  'costs',
  {
    learnerId: uuid('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    costKey: text('cost_key').notNull(),
    model: text('model').notNull(),
    calls: integer('calls').notNull(),
    inputTokens: bigint('input_tokens', { mode: 'number' }).notNull(),
    outputTokens: bigint('output_tokens', { mode: 'number' }).notNull(),
    costUsd: doublePrecision('cost_usd').notNull(),
    occurredAt: ts('occurred_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.costKey] })],
);

/** Session paragraphs for team leads that the learner chose to share (latest per session; issue 26 item 5). */
export const summaries = pgTable(
  'summaries',
  {
    learnerId: uuid('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').notNull(),
    summary: text('summary').notNull(),
    generatedAt: ts('generated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.sessionId] })],
);

/**
 * Running totals per learner (one row each), updated on ingest, so the cohort view reads one row per learner instead
 * of scanning sessions: sessions, abandoned sessions, nudges, model spend.
 */
export const learnerTotals = pgTable(
  'learner_totals',
  {
    learnerId: uuid('learner_id')
      .primaryKey()
      .references(() => learners.id, { onDelete: 'cascade' }),
    sessions: integer('sessions').notNull().default(0),
    abandoned: integer('abandoned').notNull().default(0),
    /** Start of the latest abandoned session. */
    lastAbandonedAt: ts('last_abandoned_at'),
    nudges: integer('nudges').notNull().default(0),
    openGaps: integer('open_gaps').notNull().default(0),
    costUsd: doublePrecision('cost_usd').notNull().default(0),
    lastSessionAt: ts('last_session_at'),
  },
  (t) => [
    index('learner_totals_last_abandoned').on(t.lastAbandonedAt),
    // "who may be stuck" reads the most abandoned first and stops after 50 recent ones (no scan of the cohort)
    index('learner_totals_abandoned')
      .on(sql`${t.abandoned} DESC`)
      .where(sql`${t.abandoned} > 0`),
  ],
);

/**
 * Open gaps by topic across the cohort (one row per normalised topic with open gaps), recomputed for the topics a
 * push touches, so "the gaps most of the cohort shares" reads at most a few rows.
 */
export const gapTopics = pgTable(
  'gap_topics',
  {
    topicKey: text('topic_key').primaryKey(),
    topic: text('topic').notNull(),
    learners: integer('learners').notNull(),
    /** 1 low, 2 medium, 3 high. */
    worst: integer('worst').notNull(),
    openSince: ts('open_since').notNull(),
  },
  (t) => [index('gap_topics_learners').on(sql`${t.learners} DESC`, t.openSince)],
);

/** Team settings: name, the mentor's budget (USD). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});
