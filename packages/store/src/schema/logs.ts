/** `action_log`, `api_call_log`, `session_wrap_up_errors`: the observability tables (Story 4, Story 9). */
import type { ActionType, WrapUpAgent } from '@paige/protocol';
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { WRAP_UP_AGENTS, sqlValueList } from './enums.js';
import { sessions } from './sessions.js';

/** `action_log`: the timeline of user and system actions (integer ids). @see Story 4 AS-1 */
export const actionLog = sqliteTable(
  'action_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Nullable: the dashboard and Explain act outside sessions (DESIGN section 3). */
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    actionType: text('action_type').$type<ActionType>().notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('action_log_session_id_created_at_idx').on(t.sessionId, t.createdAt),
    index('action_log_session_id_action_type_created_at_idx').on(t.sessionId, t.actionType, t.createdAt),
    index('action_log_action_type_created_at_idx').on(t.actionType, t.createdAt),
    index('action_log_created_at_idx').on(t.createdAt),
  ],
);

/** `api_call_log`: one row per Claude API call, with tokens, latency and cost. @see Story 4 AS-4 */
export const apiCallLog = sqliteTable(
  'api_call_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    callType: text('call_type').notNull(),
    model: text('model').notNull(),
    inputHash: text('input_hash').notNull(),
    /** Milliseconds; `-1` for a call that finally failed (Story 4 EC-19). */
    latencyMs: integer('latency_ms').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    /** USD. */
    costEstimate: real('cost_estimate').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    check('api_call_log_latency_check', sql`${t.latencyMs} >= -1`),
    check(
      'api_call_log_tokens_check',
      sql`${t.inputTokens} >= 0 AND ${t.outputTokens} >= 0 AND ${t.costEstimate} >= 0`,
    ),
    index('api_call_log_created_at_idx').on(t.createdAt, t.costEstimate, t.latencyMs, t.model),
    // Cost by model and latency (Story 4 AS-6, issue 20): an all-time GROUP BY model walks this index in order, with
    // no sort; a short period still uses the created_at index above.
    index('api_call_log_model_created_at_idx').on(t.model, t.createdAt, t.costEstimate, t.latencyMs),
    index('api_call_log_session_id_created_at_idx').on(t.sessionId, t.createdAt),
  ],
);

/**
 * `action_log_daily`: rows of `action_log` per UTC day (`YYYY-MM-DD`, the first 10 characters of `created_at`) and
 * action type, kept by triggers on every insert, delete and update of `action_log` (migration 0002). The dashboard's
 * full-history aggregates read it instead of scanning a million rows (issue 20 item 8).
 */
export const actionLogDaily = sqliteTable(
  'action_log_daily',
  {
    day: text('day').notNull(),
    actionType: text('action_type').$type<ActionType>().notNull(),
    rowCount: integer('row_count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.actionType] })],
);

/**
 * `api_call_log_daily`: `api_call_log` per UTC day and model, kept by triggers (migration 0002): calls, failed calls
 * (`latency_ms = -1`), cost (USD), the latency sum and count of the successful calls (ms), tokens.
 */
export const apiCallLogDaily = sqliteTable(
  'api_call_log_daily',
  {
    day: text('day').notNull(),
    model: text('model').notNull(),
    callCount: integer('call_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    /** USD. */
    costTotal: real('cost_total').notNull().default(0),
    /** ms, over calls with `latency_ms >= 0`. */
    latencySum: integer('latency_sum').notNull().default(0),
    latencyCount: integer('latency_count').notNull().default(0),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.model] })],
);

/** `session_wrap_up_errors`: failed wrap-up agents of a session. @see primary Story 9 */
export const sessionWrapUpErrors = sqliteTable(
  'session_wrap_up_errors',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    agentName: text('agent_name').$type<WrapUpAgent>().notNull(),
    errorMessage: text('error_message').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    check(
      'session_wrap_up_errors_agent_name_check',
      sql`${t.agentName} IN (${sqlValueList(WRAP_UP_AGENTS)})`,
    ),
    index('session_wrap_up_errors_session_id_created_at_idx').on(t.sessionId, t.createdAt),
  ],
);
