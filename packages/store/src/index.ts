/**
 * @paige/store: Paige's SQLite state (Drizzle + better-sqlite3): migrations, repositories, the action log,
 * the API call log, the activity bus, the buffer logging policy and the dashboard queries (Stories 2, 4, 9, 12).
 */
export { openDatabase, defaultMigrationsFolder, schema, DEFAULT_CACHE_SIZE_KIB } from './database.js';
export type { OpenDatabaseOptions, PaigeDatabase } from './database.js';
export { StoreError, PhaseTransitionError } from './errors.js';
export type { StoreErrorCode } from './errors.js';
export { KataAttemptSchema, KataConstraintSchema, JsonObjectSchema, StringListSchema } from './json.js';
export type { KataAttempt, KataConstraint, JsonObject } from './json.js';
export * from './repositories/sessions.js';
export * from './repositories/plans.js';
export * from './repositories/learning.js';
export * from './repositories/wrap-up-errors.js';
export * from './repositories/session-report.js';
export * from './repositories/practice.js';
export { createActivityBus } from './activity-bus.js';
export type { ActivityBus, ActivityListener, CreateActivityBusOptions } from './activity-bus.js';
export { createActionLog } from './action-log.js';
export { DEFAULT_ACTION_BATCH } from './action-log.js';
export type {
  ActionLog,
  ActionLogBatchOptions,
  ActionLogRow,
  CreateActionLogOptions,
  GroupCommitOptions,
  LogActionInput,
} from './action-log.js';
export { createBufferLogPolicy } from './buffer-log-policy.js';
export type {
  BufferLogPolicy,
  BufferLogState,
  CreateBufferLogPolicyOptions,
  PolicyTimers,
} from './buffer-log-policy.js';
export { logApiCall, getApiUsageStats, getApiCostSince, listApiCalls, periodStart } from './api-call-log.js';
export type { ApiCallLogRow, ApiUsageStats, LogApiCallInput, ModelUsage } from './api-call-log.js';
export { getDashboardState, listActiveKatas } from './dashboard.js';
export { getLogTotals, getModelTotals } from './log-totals.js';
export type { LogTotals, ModelTotals } from './log-totals.js';
export type {
  DashboardKata,
  DashboardState,
  DashboardStateOptions,
  DashboardStats,
  InProgressSession,
} from './dashboard.js';
export {
  clearTeamLink,
  enqueueManagerSummary,
  enqueueSessionSummary,
  enqueueTeamRecord,
  getTeamLink,
  getTeamOutboxStatus,
  listPendingTeamRecords,
  markTeamRecordRejected,
  markTeamRecordsDelivered,
  setTeamLink,
} from './team-outbox.js';
export type { TeamLink, TeamOutboxRecord, TeamOutboxStatus, TeamRecordKind } from './team-outbox.js';
export {
  DREYFUS_STAGES,
  FILE_HINT_STYLES,
  HINT_LEVELS,
  HINT_TYPES,
  LINE_HINT_STYLES,
  PHASE_STATUSES,
  SESSION_STATUSES,
  SEVERITIES,
  WRAP_UP_AGENTS,
} from './schema/enums.js';
