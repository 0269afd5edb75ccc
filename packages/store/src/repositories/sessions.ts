/** Sessions repository (Story 2 AS-3; session lifecycle of DESIGN section 3). */
import { HintLevelSchema, SessionStatusSchema } from '@paige/protocol';
import type { HintLevel, SessionStatus } from '@paige/protocol';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { PaigeDatabase } from '../database.js';
import { StoreError } from '../errors.js';
import { sessions } from '../schema/index.js';
import { enqueueSessionSummary } from '../team-outbox.js';
import { inTransaction, newId, nowIso, parseInput } from '../util.js';

/** A coaching session. Timestamps are ISO 8601. */
export interface Session {
  id: string;
  projectDir: string;
  issueNumber: number | null;
  issueTitle: string | null;
  issueSummary: string | null;
  status: SessionStatus;
  /**
   * The hint level in force (issue 23 item 1, DESIGN section 3 "Hint level"): the learner's choice once
   * {@link Session.hintLevelChosen}, else the active phase's suggestion (`medium` before any plan).
   */
  hintLevel: HintLevel;
  /** True once the learner picked a level in this session. */
  hintLevelChosen: boolean;
  /** What the session did, in a sentence or two (set when it ends), or null. */
  summary: string | null;
  /** Condensed transcript kept for wrap-up retries, or null. */
  transcript: string | null;
  startedAt: string;
  endedAt: string | null;
}

/** Input of {@link createSession}. */
export interface CreateSessionInput {
  projectDir: string;
  issueNumber?: number | null;
  issueTitle?: string | null;
  issueSummary?: string | null;
  /** Default `medium`. */
  hintLevel?: HintLevel;
}

const CreateSessionSchema = z.object({
  projectDir: z.string().min(1),
  issueNumber: z.number().int().positive().nullish(),
  issueTitle: z.string().nullish(),
  issueSummary: z.string().nullish(),
  hintLevel: HintLevelSchema.optional(),
});

/** Final statuses accepted by {@link endSession}. */
export type EndedSessionStatus = Exclude<SessionStatus, 'active'>;

type SessionRow = typeof sessions.$inferSelect;

function toSession(row: SessionRow): Session {
  return { ...row };
}

/**
 * Creates a session with status `active` and `started_at` now.
 * @see Story 2 AS-3
 * @throws {StoreError} `INVALID_INPUT`
 */
export function createSession(database: PaigeDatabase, input: CreateSessionInput): Session {
  const parsed = parseInput(CreateSessionSchema, input, 'session');
  const row = database.db
    .insert(sessions)
    .values({
      id: newId(),
      projectDir: parsed.projectDir,
      issueNumber: parsed.issueNumber ?? null,
      issueTitle: parsed.issueTitle ?? null,
      issueSummary: parsed.issueSummary ?? null,
      status: 'active',
      hintLevel: parsed.hintLevel ?? 'medium',
      startedAt: nowIso(database),
    })
    .returning()
    .get();
  return toSession(row);
}

/** The session with this id, or `null`. @see Story 2 AS-3 */
export function getSession(database: PaigeDatabase, sessionId: string): Session | null {
  const row = database.db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
  return row ? toSession(row) : null;
}

/**
 * The most recently started session with status `active` (optionally for one project), or `null`.
 * @see DESIGN section 3 "Session lifecycle across tiers"
 */
export function getActiveSession(
  database: PaigeDatabase,
  options: { projectDir?: string } = {},
): Session | null {
  const where =
    options.projectDir === undefined
      ? eq(sessions.status, 'active')
      : and(eq(sessions.status, 'active'), eq(sessions.projectDir, options.projectDir));
  const row = database.db
    .select()
    .from(sessions)
    .where(where)
    .orderBy(desc(sessions.startedAt))
    .limit(1)
    .get();
  return row ? toSession(row) : null;
}

function requireSession(database: PaigeDatabase, sessionId: string): Session {
  const session = getSession(database, sessionId);
  if (!session) throw new StoreError('NOT_FOUND', `session ${sessionId} not found`);
  return session;
}

/**
 * Ends a session: sets `status` (`completed`, `completed_with_errors` or `abandoned`) and `ended_at` now.
 * Ending an already ended session changes its status (e.g. after a successful wrap-up retry) and keeps
 * the first `ended_at`.
 * @see Story 2; primary Story 9 "Session Status"
 * @throws {StoreError} `NOT_FOUND`, `INVALID_INPUT`
 */
export function endSession(
  database: PaigeDatabase,
  input: { sessionId: string; status: EndedSessionStatus },
): Session {
  const status = parseInput(SessionStatusSchema.exclude(['active']), input.status, 'session status');
  return inTransaction(database, () => {
    const existing = requireSession(database, input.sessionId);
    const row = database.db
      .update(sessions)
      .set({ status, endedAt: existing.endedAt ?? nowIso(database) })
      .where(eq(sessions.id, input.sessionId))
      .returning()
      .get();
    if (!row) throw new StoreError('NOT_FOUND', `session ${input.sessionId} not found`);
    enqueueSessionSummary(database, input.sessionId); // issue 26: shared with a joined team, same transaction
    return toSession(row);
  });
}

/**
 * Makes an ended session `active` again (`session:resume`), clearing `ended_at`.
 * @throws {StoreError} `NOT_FOUND`
 */
export function reactivateSession(database: PaigeDatabase, sessionId: string): Session {
  const row = database.db
    .update(sessions)
    .set({ status: 'active', endedAt: null })
    .where(eq(sessions.id, sessionId))
    .returning()
    .get();
  if (!row) throw new StoreError('NOT_FOUND', `session ${sessionId} not found`);
  return toSession(row);
}

/**
 * Stores (or clears with `null`) the condensed transcript used by wrap-up and its retries (primary Story 9).
 * @throws {StoreError} `NOT_FOUND`
 */
export function setSessionTranscript(
  database: PaigeDatabase,
  sessionId: string,
  transcript: string | null,
): Session {
  const row = database.db
    .update(sessions)
    .set({ transcript })
    .where(eq(sessions.id, sessionId))
    .returning()
    .get();
  if (!row) throw new StoreError('NOT_FOUND', `session ${sessionId} not found`);
  return toSession(row);
}

/**
 * Sets the session's hint level (`hints:level_change`, or a phase's suggestion while the learner has not chosen).
 * `options.chosen` also sets {@link Session.hintLevelChosen} (omitted: unchanged).
 * @see issue 23 item 1
 * @throws {StoreError} `NOT_FOUND`, `INVALID_INPUT`
 */
export function setSessionHintLevel(
  database: PaigeDatabase,
  sessionId: string,
  hintLevel: HintLevel,
  options: { chosen?: boolean } = {},
): Session {
  const level = parseInput(HintLevelSchema, hintLevel, 'hint level');
  const row = database.db
    .update(sessions)
    .set(
      options.chosen === undefined
        ? { hintLevel: level }
        : { hintLevel: level, hintLevelChosen: options.chosen },
    )
    .where(eq(sessions.id, sessionId))
    .returning()
    .get();
  if (!row) throw new StoreError('NOT_FOUND', `session ${sessionId} not found`);
  return toSession(row);
}

/**
 * Stores the session's summary (what it did, for the wrap-up screen; issue 23 item 4); `null` clears it.
 * @throws {StoreError} `NOT_FOUND`
 */
export function setSessionSummary(
  database: PaigeDatabase,
  sessionId: string,
  summary: string | null,
): Session {
  const row = database.db
    .update(sessions)
    .set({ summary })
    .where(eq(sessions.id, sessionId))
    .returning()
    .get();
  if (!row) throw new StoreError('NOT_FOUND', `session ${sessionId} not found`);
  return toSession(row);
}

/** Options of {@link sweepStaleSessions}. */
export interface SweepStaleSessionsOptions {
  /** The current `PROJECT_DIR`: active sessions of any other project are abandoned. */
  projectDir: string;
  /** A session whose last activity (latest action, else `started_at`) is older than this many ms is abandoned. */
  maxAgeMs: number;
  /** Default: the database clock. */
  now?: Date;
}

/**
 * Marks `abandoned` (with `ended_at` now) every session left `active` by an earlier process whose project
 * differs from `projectDir` or whose last action is older than `maxAgeMs`. Run by the server at start.
 * @returns the ids of the sessions it abandoned.
 * @see DESIGN section 3 "Session lifecycle across tiers" (`PAIGE_SESSION_STALE_HOURS`)
 */
export function sweepStaleSessions(database: PaigeDatabase, options: SweepStaleSessionsOptions): string[] {
  const now = options.now ?? database.now();
  const cutoff = new Date(now.getTime() - options.maxAgeMs).toISOString();
  const endedAt = now.toISOString();
  return database.sqlite
    .transaction(() => {
      const candidates = database
        .prepare(
          `SELECT s.id AS id, s.project_dir AS projectDir,
             COALESCE((SELECT MAX(a.created_at) FROM action_log a WHERE a.session_id = s.id), s.started_at) AS lastActivity
           FROM sessions s WHERE s.status = 'active'`,
        )
        .all() as Array<{ id: string; projectDir: string; lastActivity: string }>;
      const stale = candidates.filter((c) => c.projectDir !== options.projectDir || c.lastActivity < cutoff);
      const update = database.prepare(`UPDATE sessions SET status = 'abandoned', ended_at = ? WHERE id = ?`);
      for (const s of stale) {
        update.run(endedAt, s.id);
        enqueueSessionSummary(database, s.id); // issue 26: an abandoned session is shared too
      }
      return stale.map((s) => s.id);
    })
    .immediate();
}
