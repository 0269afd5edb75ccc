/**
 * Totals of `action_log` and `api_call_log` over a period without scanning the logs (issue 20 item 8): whole UTC days
 * come from the daily summaries that triggers keep (`action_log_daily`, `api_call_log_daily`, migration 0002), and
 * only the first, partial day of a period that starts mid-day is read from the log itself (through its `created_at`
 * index). A full-history total over 1,000,000 rows reads one summary row per day and type instead.
 */
import type { PaigeDatabase } from './database.js';

/** Totals of both logs since a moment. Cost in USD, latency in ms. */
export interface LogTotals {
  /** `action_log` rows. */
  actions: number;
  /** `api_call_log` rows. */
  apiCalls: number;
  /** API calls logged as failed (`latency_ms = -1`). */
  apiFailedCalls: number;
  /** USD. */
  apiCost: number;
  /** Sum of `latency_ms` over the calls with `latency_ms >= 0`, ms. */
  apiLatencySum: number;
  /** Calls with `latency_ms >= 0`. */
  apiLatencyCount: number;
  inputTokens: number;
  outputTokens: number;
}

/** API usage of one model since a moment (the per-model part of {@link LogTotals}). */
export interface ModelTotals {
  model: string;
  callCount: number;
  failedCount: number;
  /** USD. */
  totalCost: number;
  /** ms, over calls with `latency_ms >= 0`. */
  latencySum: number;
  latencyCount: number;
}

const MIDNIGHT = 'T00:00:00.000Z';

/**
 * How a period starting at `since` splits: the summary days (`day > summaryAfter`, or every day when it is `null`; or
 * `day >= summaryFrom`) and the partial first day `[since, partialUntil)` read from the log, if any.
 */
function split(since: string | null): {
  summaryOp: '>' | '>=' | null;
  summaryDay: string;
  partial: [string, string] | null;
} {
  if (since === null) return { summaryOp: null, summaryDay: '', partial: null };
  const day = since.slice(0, 10);
  if (since.slice(10) === MIDNIGHT) return { summaryOp: '>=', summaryDay: day, partial: null };
  const next = new Date(Date.parse(`${day}${MIDNIGHT}`) + 86_400_000).toISOString();
  return { summaryOp: '>', summaryDay: day, partial: [since, next] };
}

/**
 * Totals of both logs with `created_at >= since` (ISO 8601 UTC, as the store writes it), or of the whole history when
 * `since` is `null`. Equal to counting the rows themselves.
 * @see primary Story 12 AS-2 (stats over a period); Story 4 AS-6 (cost and latency)
 */
export function getLogTotals(database: PaigeDatabase, since: string | null): LogTotals {
  const { summaryOp, summaryDay, partial } = split(since);
  const where = summaryOp === null ? '' : ` WHERE day ${summaryOp} ?`;
  const params = summaryOp === null ? [] : [summaryDay];
  const actions = (
    database
      .prepare(`SELECT COALESCE(SUM(row_count), 0) AS n FROM action_log_daily${where}`)
      .get(...params) as { n: number }
  ).n;
  const api = database
    .prepare(
      `SELECT COALESCE(SUM(call_count), 0) AS calls, COALESCE(SUM(failed_count), 0) AS failed, COALESCE(SUM(cost_total), 0) AS cost,
              COALESCE(SUM(latency_sum), 0) AS latencySum, COALESCE(SUM(latency_count), 0) AS latencyCount,
              COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens
       FROM api_call_log_daily${where}`,
    )
    .get(...params) as ApiRow;
  const totals: LogTotals = {
    actions,
    apiCalls: api.calls,
    apiFailedCalls: api.failed,
    apiCost: api.cost,
    apiLatencySum: api.latencySum,
    apiLatencyCount: api.latencyCount,
    inputTokens: api.inputTokens,
    outputTokens: api.outputTokens,
  };
  if (partial) {
    totals.actions += (
      database
        .prepare(`SELECT COUNT(*) AS n FROM action_log WHERE created_at >= ? AND created_at < ?`)
        .get(...partial) as { n: number }
    ).n;
    const p = database
      .prepare(
        `SELECT COUNT(*) AS calls, COALESCE(SUM(latency_ms < 0), 0) AS failed, COALESCE(SUM(cost_estimate), 0) AS cost,
                COALESCE(SUM(max(latency_ms, 0)), 0) AS latencySum, COALESCE(SUM(latency_ms >= 0), 0) AS latencyCount,
                COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens
         FROM api_call_log WHERE created_at >= ? AND created_at < ?`,
      )
      .get(...partial) as ApiRow;
    totals.apiCalls += p.calls;
    totals.apiFailedCalls += p.failed;
    totals.apiCost += p.cost;
    totals.apiLatencySum += p.latencySum;
    totals.apiLatencyCount += p.latencyCount;
    totals.inputTokens += p.inputTokens;
    totals.outputTokens += p.outputTokens;
  }
  return totals;
}

interface ApiRow {
  calls: number;
  failed: number;
  cost: number;
  latencySum: number;
  latencyCount: number;
  inputTokens: number;
  outputTokens: number;
}

/** API usage per model with `created_at >= since` (`null` = all time), most expensive first, then by name. */
export function getModelTotals(database: PaigeDatabase, since: string | null): ModelTotals[] {
  const { summaryOp, summaryDay, partial } = split(since);
  const byModel = new Map<string, ModelTotals>();
  const add = (rows: ModelTotals[]) => {
    for (const r of rows) {
      const m = byModel.get(r.model);
      if (!m) byModel.set(r.model, { ...r });
      else {
        m.callCount += r.callCount;
        m.failedCount += r.failedCount;
        m.totalCost += r.totalCost;
        m.latencySum += r.latencySum;
        m.latencyCount += r.latencyCount;
      }
    }
  };
  add(
    database
      .prepare(
        `SELECT model, SUM(call_count) AS callCount, SUM(failed_count) AS failedCount, SUM(cost_total) AS totalCost,
                SUM(latency_sum) AS latencySum, SUM(latency_count) AS latencyCount
         FROM api_call_log_daily${summaryOp === null ? '' : ` WHERE day ${summaryOp} ?`} GROUP BY model`,
      )
      .all(...(summaryOp === null ? [] : [summaryDay])) as ModelTotals[],
  );
  if (partial) {
    add(
      database
        .prepare(
          `SELECT model, COUNT(*) AS callCount, SUM(latency_ms < 0) AS failedCount, SUM(cost_estimate) AS totalCost,
                  SUM(max(latency_ms, 0)) AS latencySum, SUM(latency_ms >= 0) AS latencyCount
           FROM api_call_log WHERE created_at >= ? AND created_at < ? GROUP BY model`,
        )
        .all(...partial) as ModelTotals[],
    );
  }
  return [...byModel.values()]
    .filter((m) => m.callCount > 0)
    .sort((a, b) => b.totalCost - a.totalCost || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
}
