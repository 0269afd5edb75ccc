/** The action log: a queryable timeline of user and system actions (Story 4). */
import { ActionTypeSchema } from '@paige/protocol';
import type { ActionType } from '@paige/protocol';
import type { ActivityBus } from './activity-bus.js';
import type { PaigeDatabase } from './database.js';
import { JsonObjectSchema } from './json.js';
import type { JsonObject } from './json.js';
import { parseInput } from './util.js';

/** One `action_log` row. `id` is the integer row id (`ActivityEvent.actionId`); `createdAt` is ISO 8601. */
export interface ActionLogRow {
  id: number;
  sessionId: string | null;
  actionType: ActionType;
  data: JsonObject | null;
  createdAt: string;
}

/** Input of {@link ActionLog.logAction}. */
export interface LogActionInput {
  /** `null` for actions outside a session (dashboard, Explain; DESIGN section 3). */
  sessionId: string | null;
  actionType: ActionType;
  data?: JsonObject | null;
}

/** Options of {@link createActionLog}. */
export interface CreateActionLogOptions {
  database: PaigeDatabase;
  /** Every row written is published here as an `ActivityEvent` with `actionId`. */
  bus?: ActivityBus;
  /** Clock for `created_at`. Default: the database clock. */
  now?: () => Date;
  /**
   * Group commit (default on): rows written in one turn of the event loop share one transaction, committed
   * by `schedule` (default `setImmediate`) or as soon as `maxRows` (default 1,000) are pending. Other writes
   * made on the same connection meanwhile join that transaction (their own transactions become savepoints).
   * `false`: one autocommit transaction per row (about 5x slower on this machine's disk).
   */
  groupCommit?: false | GroupCommitOptions;
  /**
   * Deferred writes for {@link ActionLog.logDeferred}: rows queued off the caller's path and written together.
   * Default: {@link DEFAULT_ACTION_BATCH}.
   */
  batch?: ActionLogBatchOptions;
}

/**
 * When the rows queued by {@link ActionLog.logDeferred} are written (issue 25 item 1; DESIGN section 8: logging must
 * not show in an MCP tool's round trip, even for calls back to back): once no row was queued for `quietMs`, at the
 * latest `maxDelayMs` after the first queued row, as soon as `maxRows` are queued, and on `flush()` / `close()`.
 * A process crash can lose the rows of the last `maxDelayMs`.
 */
export interface ActionLogBatchOptions {
  /** Quiet time after which the queue is written, ms. Default 5. */
  quietMs?: number;
  /** Longest time a queued row waits, ms. Default 50. */
  maxDelayMs?: number;
  /** Queue length written at once. Default 200. */
  maxRows?: number;
  /** Told about a queued row that could not be written (unknown type, unknown session); the others are written. */
  onError?: (error: unknown, input: LogActionInput) => void;
}

/** The defaults of {@link ActionLogBatchOptions}. */
export const DEFAULT_ACTION_BATCH = { quietMs: 5, maxDelayMs: 50, maxRows: 200 } as const;

/** Tuning of the action log's group commit. */
export interface GroupCommitOptions {
  /** Commit at once when this many rows are pending. Default 1,000. */
  maxRows?: number;
  /** Schedules the deferred commit. Default: `setImmediate`. */
  schedule?: (commit: () => void) => void;
  /** Called when a deferred commit fails (the batch is rolled back). Default: ignore. */
  onError?: (error: unknown) => void;
}

/** The action log bound to one database and bus. */
export interface ActionLog {
  /**
   * Inserts one row (`created_at` now, ISO 8601), then publishes it on the bus.
   * @see Story 4 AS-1, FR-041
   * @throws {StoreError} `INVALID_INPUT` for an unknown action type or non-object data;
   *   `SQLITE_CONSTRAINT_FOREIGNKEY` for an unknown session id
   */
  logAction(input: LogActionInput): ActionLogRow;
  /**
   * Queues one row to be written off the caller's path (see {@link ActionLogBatchOptions}), in order with the other
   * queued rows; a no-op after {@link ActionLog.close}. Use it where the write must not show in a round trip (the
   * `mcp_tool_call` rows). Invalid input is reported to `batch.onError` when the queue is written.
   */
  logDeferred(input: LogActionInput): void;
  /**
   * The last `limit` actions of a session (optionally of one type), newest first.
   * @see Story 4 AS-5, FR-045
   */
  recentActions(query: { sessionId: string | null; limit: number; actionType?: ActionType }): ActionLogRow[];
  /**
   * Milliseconds since the session's last action of `actionType` (any type when omitted), or `null` if none.
   * @see Story 4 AS-5
   */
  timeSinceLast(query: { sessionId: string | null; actionType?: ActionType }): number | null;
  /** Actions of a session created at or after `since` (ISO 8601), oldest first (wrap-up input). */
  actionsSince(query: { sessionId: string; since?: string; limit?: number }): ActionLogRow[];
  /** Number of actions of a session (optionally of one type). */
  countActions(query: { sessionId: string | null; actionType?: ActionType }): number;
  /**
   * Writes the rows queued by {@link ActionLog.logDeferred} and commits the pending group-commit batch now, making
   * every row returned so far durable. `PaigeDatabase.close()` also commits the group-commit batch (not the queue).
   */
  flush(): void;
  /** Writes the queued rows ({@link ActionLog.flush}); later {@link ActionLog.logDeferred} calls are dropped. */
  close(): void;
  /** Rows written but not yet committed by the group commit. */
  readonly pendingRows: number;
  /** Rows queued by {@link ActionLog.logDeferred} and not written yet. */
  readonly queuedRows: number;
}

interface RawActionRow {
  id: number;
  sessionId: string | null;
  actionType: ActionType;
  data: string | null;
  createdAt: string;
}

const SELECT = `SELECT id, session_id AS sessionId, action_type AS actionType, data, created_at AS createdAt FROM action_log`;

function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function toRow(raw: RawActionRow): ActionLogRow {
  return { ...raw, data: raw.data === null ? null : (JSON.parse(raw.data) as JsonObject) };
}

/**
 * Creates the action log. Inserts use a prepared statement and, by default, group commit (see
 * {@link CreateActionLogOptions.groupCommit}): a row is durable against a process crash once its batch is
 * committed, at the end of the current event-loop turn or on {@link ActionLog.flush}. A listener that
 * throws never affects the insert.
 * @see Story 4; DESIGN section 3 "Activity stream"
 */
export function createActionLog(options: CreateActionLogOptions): ActionLog {
  const { database, bus } = options;
  const now = options.now ?? database.now;
  const insert = database.sqlite.prepare(
    `INSERT INTO action_log (session_id, action_type, data, created_at) VALUES (?, ?, ?, ?)`,
  );
  // `IS ?` matches NULL session ids too (actions outside sessions).
  const recentAll = database.sqlite.prepare(
    `${SELECT} WHERE session_id IS ? ORDER BY created_at DESC, id DESC LIMIT ?`,
  );
  const recentTyped = database.sqlite.prepare(
    `${SELECT} WHERE session_id IS ? AND action_type = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
  );
  const lastAll = database.sqlite.prepare(
    `SELECT MAX(created_at) AS at FROM action_log WHERE session_id IS ?`,
  );
  const lastTyped = database.sqlite.prepare(
    `SELECT MAX(created_at) AS at FROM action_log WHERE session_id IS ? AND action_type = ?`,
  );
  const since = database.sqlite.prepare(
    `${SELECT} WHERE session_id = ? AND created_at >= ? ORDER BY created_at ASC, id ASC LIMIT ?`,
  );
  const countAll = database.sqlite.prepare(`SELECT COUNT(*) AS n FROM action_log WHERE session_id IS ?`);
  const countTyped = database.sqlite.prepare(
    `SELECT COUNT(*) AS n FROM action_log WHERE session_id IS ? AND action_type = ?`,
  );
  const knownTypes = new Set<string>(ActionTypeSchema.options);
  const { sqlite } = database;
  const group = options.groupCommit === false ? null : (options.groupCommit ?? {});
  const maxRows = Math.max(1, group?.maxRows ?? 1000);
  const schedule = group?.schedule ?? ((commit: () => void) => void setImmediate(commit));
  let batchOpen = false;
  let pending = 0;

  function commit(): void {
    if (!batchOpen) return;
    batchOpen = false;
    pending = 0;
    if (!sqlite.open || !sqlite.inTransaction) return;
    try {
      sqlite.exec('COMMIT');
    } catch (error) {
      try {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      } catch {
        // Nothing more can be done; the error is reported below.
      }
      group?.onError?.(error);
    }
  }

  function beginBatchIfPossible(): void {
    if (!group || batchOpen || sqlite.inTransaction) return;
    sqlite.exec('BEGIN IMMEDIATE');
    batchOpen = true;
    schedule(commit);
  }

  const batch = { ...DEFAULT_ACTION_BATCH, ...options.batch };
  let queue: LogActionInput[] = [];
  let queuedSince = 0;
  let queuedLastAt = 0;
  let queueTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  function writeQueue(): void {
    clearTimeout(queueTimer);
    queueTimer = undefined;
    const rows = queue;
    queue = [];
    for (const row of rows) {
      try {
        log.logAction(row);
      } catch (error) {
        batch.onError?.(error, row);
      }
    }
  }

  // One timer per group (re-arming a timer on every call costs more than the call's own logging work).
  function armQueueTimer(ms: number): void {
    queueTimer = setTimeout(() => {
      queueTimer = undefined;
      if (queue.length === 0) return;
      const at = performance.now();
      const quietFor = at - queuedLastAt;
      const waited = at - queuedSince;
      if (quietFor >= batch.quietMs || waited >= batch.maxDelayMs) writeQueue();
      else armQueueTimer(Math.min(batch.quietMs - quietFor, batch.maxDelayMs - waited));
    }, ms);
    queueTimer.unref?.();
  }

  const log: ActionLog = {
    logDeferred(input) {
      if (closed) return;
      const at = performance.now();
      queue.push(input);
      queuedLastAt = at;
      if (queue.length === 1) queuedSince = at;
      if (queue.length >= batch.maxRows || at - queuedSince >= batch.maxDelayMs) {
        writeQueue();
        return;
      }
      if (!queueTimer) armQueueTimer(batch.quietMs);
    },
    logAction(input) {
      if (!knownTypes.has(input.actionType)) parseInput(ActionTypeSchema, input.actionType, 'action type');
      // A plain-object check is what `JsonObjectSchema` accepts; zod is used only to word the error.
      const data =
        input.data == null
          ? null
          : isPlainObject(input.data)
            ? input.data
            : parseInput(JsonObjectSchema, input.data, 'action data');
      const createdAt = now().toISOString();
      beginBatchIfPossible();
      const result = insert.run(
        input.sessionId,
        input.actionType,
        data === null ? null : JSON.stringify(data),
        createdAt,
      );
      const row: ActionLogRow = {
        id: Number(result.lastInsertRowid),
        sessionId: input.sessionId,
        actionType: input.actionType,
        data,
        createdAt,
      };
      if (batchOpen) {
        pending += 1;
        if (pending >= maxRows) commit();
      }
      bus?.publish({
        type: row.actionType,
        sessionId: row.sessionId,
        data: row.data,
        createdAt,
        actionId: row.id,
      });
      return row;
    },
    recentActions(query) {
      const limit = Math.max(0, Math.floor(query.limit));
      const rows = (
        query.actionType === undefined
          ? recentAll.all(query.sessionId, limit)
          : recentTyped.all(query.sessionId, query.actionType, limit)
      ) as RawActionRow[];
      return rows.map(toRow);
    },
    timeSinceLast(query) {
      const row = (
        query.actionType === undefined
          ? lastAll.get(query.sessionId)
          : lastTyped.get(query.sessionId, query.actionType)
      ) as { at: string | null } | undefined;
      if (!row || row.at === null) return null;
      return Math.max(0, now().getTime() - Date.parse(row.at));
    },
    actionsSince(query) {
      const rows = since.all(query.sessionId, query.since ?? '', query.limit ?? -1) as RawActionRow[];
      return rows.map(toRow);
    },
    countActions(query) {
      const row = (
        query.actionType === undefined
          ? countAll.get(query.sessionId)
          : countTyped.get(query.sessionId, query.actionType)
      ) as { n: number };
      return row.n;
    },
    flush() {
      writeQueue();
      commit();
    },
    close() {
      if (sqlite.open) log.flush();
      closed = true;
      clearTimeout(queueTimer);
      queue = [];
    },
    get pendingRows() {
      return pending;
    },
    get queuedRows() {
      return queue.length;
    },
  };
  return log;
}
