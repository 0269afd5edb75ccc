/**
 * The handshake (Story 5 AS-1) and the terminal messages. `connection:init` tells the truth about the
 * running services through its feature flags, then the resync hooks send the current state
 * (DESIGN section 3).
 */
import { PROTOCOL_VERSION, CLIENT_MESSAGE_TYPES } from '@paige/protocol';
import type { Budget } from '@paige/coaching/budget';
import type { Clock, ResyncHooks } from '../parts.js';
import type { GhProbe, ModelKeyState } from '../services/capabilities.js';
import type { SessionService } from '../services/session-service.js';
import { SERVER_VERSION } from '../version.js';
import type { HandlerGroup } from './types.js';

/** What the feature flags read. */
export interface FeatureFlagDeps {
  modelKey: Pick<ModelKeyState, 'usable'>;
  budget: Pick<Budget, 'exhausted' | 'dailyUsd'>;
  /** True when ChromaDB answered the last operation. */
  memoryAvailable: () => boolean;
  gh: Pick<GhProbe, 'state'>;
  /** `PAIGE_WATCH`. */
  watchFiles: boolean;
  /** `PAIGE_TERMINAL`. */
  terminal: boolean;
}

/**
 * Feature flags telling the truth about what works right now (issue 20 item 4):
 * - `modelApi`: the Anthropic key is usable (its form; no authentication error from the API since the last success).
 * - `dailyBudget`: `PAIGE_DAILY_BUDGET_USD` is set; `dailyBudgetSpent`: today's spend reached it (the calls of
 *   `@paige/coaching/budget`'s `BUDGETED_CALLS` are refused until midnight UTC).
 * - `coachingPipeline`, `practice` (kata reviews): need a usable key. `explain`, `observer` (triage): optional calls,
 *   they also need budget left.
 * - `dashboard`: the SQLite dashboard always works; `githubIssues`: the GitHub CLI is installed and logged in (probed
 *   in the background at start and after 10 minutes; `false` until the first probe answered).
 * - `memory`: ChromaDB answered the last operation. `fileWatcher`: the project is watched. `terminal`: `/pty` is
 *   served (issue 17).
 */
export function featureFlags(deps: FeatureFlagDeps): Record<string, boolean> {
  const modelApi = deps.modelKey.usable();
  const budgetSpent = deps.budget.exhausted();
  return {
    memory: deps.memoryAvailable(),
    modelApi,
    observer: modelApi && !budgetSpent,
    explain: modelApi && !budgetSpent,
    practice: modelApi,
    dashboard: true,
    githubIssues: deps.gh.state() === 'ready',
    coachingPipeline: modelApi,
    fileWatcher: deps.watchFiles,
    dailyBudget: deps.budget.dailyUsd !== undefined,
    terminal: deps.terminal,
    dailyBudgetSpent: budgetSpent,
  };
}

/** The parts of the handshake. */
export interface ConnectionFeatureDeps {
  sessions: Pick<SessionService, 'active'>;
  gh: Pick<GhProbe, 'refresh'>;
  now: Clock;
  /** `PAIGE_WS_MAX_PAYLOAD`, bytes. */
  maxPayloadBytes: number;
  flags: () => Record<string, boolean>;
  resync: Pick<ResyncHooks, 'run'>;
}

export function createConnectionFeature(
  deps: ConnectionFeatureDeps,
): HandlerGroup<'connection:hello' | 'terminal:ready' | 'terminal:input' | 'terminal:resize'> {
  return {
    async 'connection:hello'({ version, platform, windowSize }, { connection, reply }) {
      connection.meta = {
        ...connection.meta,
        version,
        platform,
        windowSize,
        helloAt: deps.now().toISOString(),
      };
      reply('connection:init', {
        connectionId: connection.id,
        sessionId: deps.sessions.active()?.id ?? null,
        capabilities: {
          protocolVersion: PROTOCOL_VERSION,
          serverVersion: SERVER_VERSION,
          maxPayloadBytes: deps.maxPayloadBytes,
          clientMessages: [...CLIENT_MESSAGE_TYPES],
        },
        featureFlags: deps.flags(),
      });
      void deps.gh.refresh();
      await deps.resync.run(connection);
    },
    'terminal:ready'({ cols, rows }, { connection }) {
      connection.meta = { ...connection.meta, terminal: { cols, rows } };
    },
    'terminal:input'() {
      // The PTY lives in Electron; the backend neither logs nor forwards terminal input (it may hold secrets).
    },
    'terminal:resize'({ cols, rows }, { connection }) {
      connection.meta = { ...connection.meta, terminal: { cols, rows } };
    },
  };
}
