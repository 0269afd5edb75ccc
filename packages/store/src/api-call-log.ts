/** The API call log and its cost/latency aggregations (Story 4 AS-4, AS-6; EC-19). */
import type { StatsPeriod } from '@paige/protocol';
import { z } from 'zod';
import type { PaigeDatabase } from './database.js';
import { getLogTotals, getModelTotals } from './log-totals.js';
import { parseInput } from './util.js';

/** One `api_call_log` row. `costEstimate` is USD; `latencyMs` is ms, `-1` for a final failure. */
export interface ApiCallLogRow {
  id: number;
  sessionId: string | null;
  callType: string;
  model: string;
  inputHash: string;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  costEstimate: number;
  createdAt: string;
}

const LogApiCallSchema = z.object({
  sessionId: z.string().min(1).nullable(),
  callType: z.string().min(1),
  model: z.string().min(1),
  inputHash: z.string(),
  latencyMs: z.number().int().min(-1),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  costEstimate: z.number().min(0),
});

/** Input of {@link logApiCall}. For a call that finally failed: `latencyMs: -1`, zero tokens and cost (EC-19). */
export type LogApiCallInput = z.input<typeof LogApiCallSchema>;

/**
 * Inserts one API call row with `created_at` now (ISO 8601).
 * @see Story 4 AS-4, FR-042, EC-19
 * @throws {StoreError} `INVALID_INPUT`; `SQLITE_CONSTRAINT_FOREIGNKEY` for an unknown session id
 */
export function logApiCall(database: PaigeDatabase, input: LogApiCallInput): ApiCallLogRow {
  const p = parseInput(LogApiCallSchema, input, 'API call');
  const createdAt = database.now().toISOString();
  const result = database
    .prepare(
      `INSERT INTO api_call_log (session_id, call_type, model, input_hash, latency_ms, input_tokens, output_tokens, cost_estimate, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      p.sessionId,
      p.callType,
      p.model,
      p.inputHash,
      p.latencyMs,
      p.inputTokens,
      p.outputTokens,
      p.costEstimate,
      createdAt,
    );
  return { id: Number(result.lastInsertRowid), ...p, createdAt };
}

/**
 * Start of a stats period as ISO 8601: `7d` -> 7 days before `now`, `30d` -> 30 days, `all` -> `null` (no filter).
 * @see discovery Story 12 "`periodStart` resolution"
 */
export function periodStart(period: StatsPeriod, now: Date): string | null {
  switch (period) {
    case '7d':
      return new Date(now.getTime() - 7 * 86_400_000).toISOString();
    case '30d':
      return new Date(now.getTime() - 30 * 86_400_000).toISOString();
    case 'all':
      return null;
  }
}

/** Cost and latency of one model. */
export interface ModelUsage {
  model: string;
  callCount: number;
  /** USD. */
  totalCost: number;
  /** ms, over successful calls only; `null` when none succeeded. */
  averageLatencyMs: number | null;
}

/** API usage over a period. */
export interface ApiUsageStats {
  period: StatsPeriod;
  callCount: number;
  /** Calls logged with `latency_ms = -1`. */
  failedCallCount: number;
  /** USD. */
  totalCost: number;
  /** ms, over successful calls only; `null` when none succeeded. */
  averageLatencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  byModel: ModelUsage[];
}

/**
 * Total cost, cost by model, average latency and call counts over `period` (optionally for one session).
 * @see Story 4 AS-6, FR-046
 */
export function getApiUsageStats(
  database: PaigeDatabase,
  options: { period: StatsPeriod; sessionId?: string; now?: Date },
): ApiUsageStats {
  const start = periodStart(options.period, options.now ?? database.now());
  if (options.sessionId === undefined) {
    // Every session: from the daily summaries (issue 20 item 8), not a scan of the log.
    const t = getLogTotals(database, start);
    return {
      period: options.period,
      callCount: t.apiCalls,
      failedCallCount: t.apiFailedCalls,
      totalCost: t.apiCost,
      averageLatencyMs: t.apiLatencyCount > 0 ? t.apiLatencySum / t.apiLatencyCount : null,
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      byModel: getModelTotals(database, start).map((m) => ({
        model: m.model,
        callCount: m.callCount,
        totalCost: m.totalCost,
        averageLatencyMs: m.latencyCount > 0 ? m.latencySum / m.latencyCount : null,
      })),
    };
  }
  const since = start ?? '';
  const sessionFilter = ' AND session_id = ?';
  const params: unknown[] = [since, options.sessionId];
  const totals = database
    .prepare(
      `SELECT COUNT(*) AS callCount,
              COALESCE(SUM(latency_ms = -1), 0) AS failedCallCount,
              COALESCE(SUM(cost_estimate), 0) AS totalCost,
              AVG(CASE WHEN latency_ms >= 0 THEN latency_ms END) AS averageLatencyMs,
              COALESCE(SUM(input_tokens), 0) AS inputTokens,
              COALESCE(SUM(output_tokens), 0) AS outputTokens
       FROM api_call_log WHERE created_at >= ?${sessionFilter}`,
    )
    .get(...params) as Omit<ApiUsageStats, 'period' | 'byModel'>;
  const byModel = database
    .prepare(
      `SELECT model, COUNT(*) AS callCount, COALESCE(SUM(cost_estimate), 0) AS totalCost,
              AVG(CASE WHEN latency_ms >= 0 THEN latency_ms END) AS averageLatencyMs
       FROM api_call_log WHERE created_at >= ?${sessionFilter} GROUP BY model ORDER BY totalCost DESC, model ASC`,
    )
    .all(...params) as ModelUsage[];
  return { period: options.period, ...totals, byModel };
}

/**
 * Total API cost in USD since `since` (ISO 8601), e.g. for a daily budget (`PAIGE_DAILY_BUDGET_USD`).
 */
export function getApiCostSince(database: PaigeDatabase, since: string): number {
  return getLogTotals(database, since).apiCost;
}

/** API calls of a session, newest first. */
export function listApiCalls(
  database: PaigeDatabase,
  options: { sessionId: string | null; limit?: number },
): ApiCallLogRow[] {
  return database
    .prepare(
      `SELECT id, session_id AS sessionId, call_type AS callType, model, input_hash AS inputHash, latency_ms AS latencyMs,
              input_tokens AS inputTokens, output_tokens AS outputTokens, cost_estimate AS costEstimate, created_at AS createdAt
       FROM api_call_log WHERE session_id IS ? ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .all(options.sessionId, options.limit ?? -1) as ApiCallLogRow[];
}
