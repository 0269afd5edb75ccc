/**
 * The pieces of the client-message router. The table itself is built in `compose.ts`: every client type of
 * `@paige/protocol` maps to one handler owned by a feature module; `ClientHandlers` is a mapped type, so a message
 * without a handler fails to compile.
 */
import { WsErrorCodeSchema, type ClientMessageType } from '@paige/protocol';
import type { HandlerGroup } from '../features/types.js';
import type { CodedError, HandlerContext } from './hub.js';

/**
 * A feature whose module is imported on its first message. The model-backed features pull in
 * `@paige/coaching` and the Anthropic SDK (about half a second of imports), which stay off the start-up path.
 */
export function lazyGroup<K extends ClientMessageType>(
  types: readonly K[],
  load: () => Promise<HandlerGroup<K>>,
): HandlerGroup<K> {
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
  'practice:run',
  'practice:explain_back',
  'dashboard:request',
  'dashboard:refresh_issues',
  'session:manager_summary_request',
  'session:wrap_up_request',
  'team:join',
  'team:leave',
]);

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
