/**
 * The complete client-message router: every client type of `@paige/protocol` maps to one handler owned
 * by a feature module. `ClientHandlers` is a mapped type, so a message without a handler fails to compile.
 */
import { WsErrorCodeSchema, type ClientMessageType } from '@paige/protocol';
import type { AppContext } from '../context.js';
import { createConnectionFeature } from '../features/connection.js';
import { createDashboardFeature } from '../features/dashboard.js';
import { createExplainFeature } from '../features/explain.js';
import { createFileFeature } from '../features/files.js';
import { createObserverFeature } from '../features/observer.js';
import { createPracticeFeature } from '../features/practice.js';
import { createSessionFeature } from '../features/session.js';
import type { ClientHandlers, CodedError } from './hub.js';

/**
 * Model-backed requests that may take seconds: handled concurrently and matched by `id` (DESIGN section 3),
 * so an explanation in flight never delays the editor's buffer updates and saves.
 */
export const CONCURRENT_MESSAGE_TYPES: ReadonlySet<ClientMessageType> = new Set<ClientMessageType>([
  'user:explain',
  'user:review',
  'practice:submit_solution',
  'dashboard:request',
  'dashboard:refresh_issues',
]);

/** Builds the router's handler table for `ctx`. */
export function createClientHandlers(ctx: AppContext): ClientHandlers {
  return {
    ...createConnectionFeature(ctx),
    ...createFileFeature(ctx),
    ...createSessionFeature(ctx),
    ...createObserverFeature(ctx),
    ...createExplainFeature(ctx),
    ...createPracticeFeature(ctx),
    ...createDashboardFeature(ctx),
  };
}

const SESSION_CODES: Record<string, string> = {
  ACTIVE_SESSION_EXISTS: 'SESSION_ALREADY_ACTIVE',
  SESSION_COMPLETED: 'SESSION_NOT_FOUND',
};

/**
 * Maps an error thrown by a handler to a wire error: package errors carry a `code` that is (or maps to) a
 * `WsErrorCode`; anything else is an internal error whose details stay in the log.
 */
export function mapWireError(err: unknown): CodedError | undefined {
  if (!(err instanceof Error) || !('code' in err) || typeof err.code !== 'string') return undefined;
  const code = SESSION_CODES[err.code] ?? err.code;
  const parsed = WsErrorCodeSchema.safeParse(code);
  return parsed.success ? { code: parsed.data, message: err.message } : undefined;
}
