/**
 * The complete client-message router: every client type of `@paige/protocol` maps to one handler owned
 * by a feature module. `ClientHandlers` is a mapped type, so a message without a handler fails to compile.
 */
import { WsErrorCodeSchema, type ClientMessageType } from '@paige/protocol';
import type { AppContext } from '../context.js';
import { createConnectionFeature } from '../features/connection.js';
import { replyDashboardState } from '../features/dashboard-state.js';
import { createFileFeature } from '../features/files.js';
import { createHintFeature } from '../features/hints.js';
import { createObserverFeature } from '../features/observer.js';
import { createSessionFeature } from '../features/session.js';
import type { HandlerGroup } from '../features/types.js';
import { createWrapUpFeature } from '../features/wrap-up.js';
import type { ClientHandlers, CodedError, HandlerContext } from './hub.js';

/**
 * A feature whose module is imported on its first message. The model-backed features pull in
 * `@paige/coaching` and the Anthropic SDK (about half a second of imports), which stay off the start-up path.
 */
function lazyGroup<K extends ClientMessageType>(types: readonly K[], load: () => Promise<HandlerGroup<K>>): HandlerGroup<K> {
  let group: Promise<HandlerGroup<K>> | undefined;
  const out: Partial<Record<K, (payload: unknown, hctx: HandlerContext) => Promise<void>>> = {};
  for (const type of types) {
    out[type] = async (payload, hctx) => {
      const g = await (group ??= load());
      await (g[type] as (p: unknown, c: HandlerContext) => void | Promise<void>)(payload, hctx);
    };
  }
  return out as unknown as HandlerGroup<K>;
}

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
  'session:manager_summary_request',
  'session:wrap_up_request',
]);

/** Builds the router's handler table for `ctx`. */
export function createClientHandlers(ctx: AppContext): ClientHandlers {
  return {
    ...createConnectionFeature(ctx),
    ...createFileFeature(ctx),
    ...createSessionFeature(ctx),
    ...createObserverFeature(ctx),
    ...lazyGroup(['user:explain', 'user:review'], async () => (await import('../features/explain.js')).createExplainFeature(ctx)),
    ...lazyGroup(['practice:submit_solution', 'practice:load_kata'], async () =>
      (await import('../features/practice.js')).createPracticeFeature(ctx),
    ),
    ...dashboardHandlers(ctx),
    ...createHintFeature(ctx),
    ...createWrapUpFeature(ctx),
  };
}

/**
 * `dashboard:request` answers `dashboard:state` from SQLite at once (`features/dashboard-state.ts`, loaded with the
 * server), then hands over to the lazily loaded model-backed flows (`features/dashboard.ts`).
 */
function dashboardHandlers(ctx: AppContext): HandlerGroup<'dashboard:request' | 'dashboard:refresh_issues'> {
  const flows = lazyGroup(['dashboard:request', 'dashboard:refresh_issues'], async () =>
    (await import('../features/dashboard.js')).createDashboardFeature(ctx),
  );
  return {
    async 'dashboard:request'(payload, hctx) {
      replyDashboardState(ctx, payload, hctx.reply);
      await flows['dashboard:request'](payload, hctx);
    },
    'dashboard:refresh_issues': flows['dashboard:refresh_issues'],
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
