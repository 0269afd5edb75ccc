/**
 * The shapes of the server's parts as the features receive them (STYLE 5: composition by construction, narrow
 * parts). `compose.ts` builds each part once, in order, and hands each feature only the ones it names; no feature
 * reaches through a shared context object, and no part is asked for before it exists.
 *
 * The parts themselves come from the packages (`PaigeDatabase`, `ActionLog` and `ActivityBus` from `@paige/store`,
 * `Workspace` from `@paige/workspace`, `Budget` from `@paige/coaching/budget`, `MemoryService` from
 * `@paige/memory/service`) or from `services/` (`SessionService`, `UiState`, `GhProbe`, `ModelKeyState`).
 */
import type { LlmClient } from '@paige/llm';
import type { ActionType } from '@paige/protocol';
import type { Connection } from './ws/hub.js';

/** The clock every part shares (tests may pass their own to `createServer`). */
export type Clock = () => Date;

/**
 * Logs an action (`@paige/store` action log; the row is published on the activity bus): in the active session by
 * default, in `sessionId` when given (`null` = outside any session).
 */
export type LogAction = (
  actionType: ActionType,
  data: Record<string, unknown> | null,
  sessionId?: string | null,
) => void;

/**
 * The Claude API client, created on first use (the Anthropic SDK stays off the start-up path); every call is
 * written to `api_call_log`.
 */
export type LlmSource = () => Promise<LlmClient>;

/** A hook run after `connection:init` to send a (re)connecting window the current state (DESIGN section 3). */
export type ResyncHook = (conn: Connection) => void | Promise<void>;

/** The resync hooks: features add theirs at construction; the connection feature runs them after the handshake. */
export interface ResyncHooks {
  add(hook: ResyncHook): void;
  /** Runs every hook in the order added. */
  run(conn: Connection): Promise<void>;
}

/** Creates an empty list of resync hooks. */
export function createResyncHooks(): ResyncHooks {
  const hooks: ResyncHook[] = [];
  return {
    add: (hook) => void hooks.push(hook),
    async run(conn) {
      for (const hook of hooks) await hook(conn);
    },
  };
}

/**
 * A service started after HTTP listens and stopped at shutdown, in reverse order of registration (the memory
 * service, a feature's background job).
 */
export interface BackgroundService {
  name: string;
  start?(): Promise<void> | void;
  stop(): Promise<void> | void;
}
