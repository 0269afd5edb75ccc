/**
 * The sharing status for the learner's page (issue 26 item 3: "the page shows the sharing status (last delivered,
 * waiting)"): `team:status_request` -> `team:status`, from the team outbox in SQLite and the background sender.
 */
import type { TeamStatus } from '@paige/protocol';
import { getTeamOutboxStatus, type PaigeDatabase } from '@paige/store';
import type { TeamSharing } from './team-sharing.js';
import type { HandlerGroup } from './types.js';

/** The parts the feature uses. */
export interface TeamStatusFeatureDeps {
  db: PaigeDatabase;
  sharing: Pick<TeamSharing, 'status'>;
}

/** The sharing status now: joined, the team, the last delivery (the outbox's or the sender's), records waiting. */
export function teamStatus(deps: TeamStatusFeatureDeps): TeamStatus {
  const outbox = getTeamOutboxStatus(deps.db);
  const sender = deps.sharing.status();
  const joined = outbox.linked !== null && sender.joined;
  const lastDeliveredAt = [outbox.lastDeliveredAt, sender.lastDeliveredAt]
    .filter((t): t is string => typeof t === 'string')
    .sort()
    .at(-1);
  return {
    joined,
    teamName: outbox.linked?.teamName ?? null,
    teamUrl: outbox.linked?.teamUrl ?? null,
    lastDeliveredAt: lastDeliveredAt ? new Date(lastDeliveredAt).toISOString() : null,
    waiting: outbox.pending,
    lastError: joined && sender.lastError ? sender.lastError.slice(0, 500) : null,
  };
}

/** Handles `team:status_request` (reply `team:status`). */
export function createTeamStatusFeature(deps: TeamStatusFeatureDeps): HandlerGroup<'team:status_request'> {
  return {
    'team:status_request'(_payload, { reply }) {
      reply('team:status', teamStatus(deps));
    },
  };
}
