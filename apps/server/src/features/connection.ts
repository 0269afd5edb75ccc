/**
 * The handshake (Story 5 AS-1) and the terminal messages. `connection:init` tells the truth about the
 * running services through its feature flags, then the resync hooks send the current state
 * (DESIGN section 3).
 */
import { PROTOCOL_VERSION, CLIENT_MESSAGE_TYPES } from '@paige/protocol';
import type { AppContext } from '../context.js';
import { SERVER_VERSION } from '../version.js';
import type { HandlerGroup } from './types.js';

/**
 * Feature flags telling the truth about what works right now (issue 20 item 4):
 * - `modelApi`: the Anthropic key is usable (its form; no authentication error from the API since the last success).
 * - `dailyBudget`: `PAIGE_DAILY_BUDGET_USD` is set; `dailyBudgetSpent`: today's spend reached it (optional model
 *   calls are refused until midnight UTC).
 * - `coachingPipeline`, `practice` (kata reviews): need a usable key. `explain`, `observer` (triage): optional calls,
 *   they also need budget left.
 * - `dashboard`: the SQLite dashboard always works; `githubIssues`: the GitHub CLI is installed and logged in (probed
 *   in the background at start and after 10 minutes; `false` until the first probe answered).
 * - `memory`: ChromaDB answered the last operation. `fileWatcher`: the project is watched. `terminal`: `/pty` is
 *   served (issue 17).
 */
export function featureFlags(ctx: AppContext): Record<string, boolean> {
  const modelApi = ctx.modelKey.usable();
  const budgetSpent = ctx.budgetSpent();
  return {
    memory: ctx.memoryAvailable(),
    modelApi,
    observer: modelApi && !budgetSpent,
    explain: modelApi && !budgetSpent,
    practice: modelApi,
    dashboard: true,
    githubIssues: ctx.gh.state() === 'ready',
    coachingPipeline: modelApi,
    fileWatcher: ctx.config.watchFiles,
    dailyBudget: ctx.config.dailyBudgetUsd !== undefined,
    terminal: ctx.config.terminal.enabled,
    dailyBudgetSpent: budgetSpent,
  };
}

export function createConnectionFeature(
  ctx: AppContext,
): HandlerGroup<'connection:hello' | 'terminal:ready' | 'terminal:input' | 'terminal:resize'> {
  return {
    async 'connection:hello'({ version, platform, windowSize }, { connection, reply }) {
      connection.meta = { ...connection.meta, version, platform, windowSize, helloAt: ctx.now().toISOString() };
      reply('connection:init', {
        connectionId: connection.id,
        sessionId: ctx.sessions.active()?.id ?? null,
        capabilities: {
          protocolVersion: PROTOCOL_VERSION,
          serverVersion: SERVER_VERSION,
          maxPayloadBytes: ctx.config.wsMaxPayload,
          clientMessages: [...CLIENT_MESSAGE_TYPES],
        },
        featureFlags: featureFlags(ctx),
      });
      void ctx.gh.refresh();
      await ctx.resync(connection);
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
