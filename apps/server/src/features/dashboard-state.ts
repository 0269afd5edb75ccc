/**
 * The immediate answer to `dashboard:request` (primary Story 12 AS-1: "immediate response (<100ms)"): the SQLite-only
 * `dashboard:state`, sent before the model-backed flows of `features/dashboard.ts` are even loaded, so the first
 * request after a start is as fast as the tenth (issue 20 item 8). In-progress sessions are this project's active and
 * abandoned ones (both can be continued with `session:resume`).
 */
import type { ClientPayload } from '@paige/protocol';
import { buildDashboardState } from '@paige/coaching/dashboard-state';
import type { PaigeDatabase } from '@paige/store';
import type { Clock } from '../parts.js';
import type { HandlerContext } from '../ws/hub.js';

/** Replies `dashboard:state` for `payload.statsPeriod` (default `all`). */
export function replyDashboardState(
  deps: { db: PaigeDatabase; now: Clock; projectDir: string },
  payload: ClientPayload<'dashboard:request'>,
  reply: HandlerContext['reply'],
): void {
  reply(
    'dashboard:state',
    buildDashboardState(deps.db, payload.statsPeriod ?? 'all', {
      now: deps.now(),
      projectDir: deps.projectDir,
    }),
  );
}
