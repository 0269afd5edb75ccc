/**
 * The handshake (Story 5 AS-1) and the terminal messages. `connection:init` tells the truth about the
 * running services through its feature flags, then the resync hooks send the current state
 * (DESIGN section 3).
 */
import { PROTOCOL_VERSION, CLIENT_MESSAGE_TYPES } from '@paige/protocol';
import type { AppContext } from '../context.js';
import { SERVER_VERSION } from '../version.js';
import type { HandlerGroup } from './types.js';

/** Feature flags reflecting what is running now. */
export function featureFlags(ctx: AppContext): Record<string, boolean> {
  return {
    memory: ctx.memoryAvailable(),
    observer: true,
    explain: true,
    practice: true,
    dashboard: true,
    coachingPipeline: true,
    fileWatcher: ctx.config.watchFiles,
    dailyBudget: ctx.config.dailyBudgetUsd !== undefined,
    terminal: ctx.config.terminal.enabled,
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
