/**
 * Joining and leaving a team from the learner's page (issue 26 item 2): `team:join` -> `team:status` (broadcast, so
 * every window shows the new status; the requester's copy echoes its id) or `team:join_error` with the team server's
 * code and message (nothing stored); `team:leave` -> `team:status`. The procedure is the CLI's (`../team-link.ts`).
 * One join or leave at a time: a second one waits for the first (a double-click joins once, then `ALREADY_JOINED`).
 */
import type { PaigeDatabase } from '@paige/store';
import type { Logger } from '../logger.js';
import { joinTeam, leaveTeam, TeamLinkError } from '../team-link.js';
import type { TeamSharing } from './team-sharing.js';
import { teamStatus } from './team-status.js';
import type { HandlerGroup } from './types.js';

/** The parts the feature uses. */
export interface TeamMembershipFeatureDeps {
  db: PaigeDatabase;
  /** DATA_DIR, where the token file `team.json` (0600) lives. */
  dataDir: string;
  sharing: Pick<TeamSharing, 'status'>;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** The HTTP client for the team server (tests may pass one; default the global `fetch`). */
  fetch?: typeof fetch;
}

/** Handles `team:join` and `team:leave`. */
export function createTeamMembershipFeature(
  deps: TeamMembershipFeatureDeps,
): HandlerGroup<'team:join' | 'team:leave'> {
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const fetchOpt = deps.fetch ? { fetch: deps.fetch } : {};
  return {
    async 'team:join'(payload, { reply, broadcast }) {
      await oneAtATime(async () => {
        try {
          const { link } = await joinTeam({
            database: deps.db,
            dataDir: deps.dataDir,
            url: payload.url,
            code: payload.code,
            displayName: payload.displayName,
            ...fetchOpt,
          });
          deps.logger.info({ teamName: link.teamName, teamUrl: link.teamUrl }, 'joined a team: sharing');
        } catch (err) {
          if (!(err instanceof TeamLinkError)) throw err;
          deps.logger.warn({ code: err.code }, 'joining a team failed');
          reply('team:join_error', { code: err.code, message: err.message || err.code });
          return;
        }
        broadcast('team:status', teamStatus({ db: deps.db, sharing: deps.sharing }));
      });
    },
    async 'team:leave'(_payload, { broadcast }) {
      await oneAtATime(async () => {
        const { confirmed, credentials } = await leaveTeam({
          database: deps.db,
          dataDir: deps.dataDir,
          ...fetchOpt,
        });
        if (credentials)
          deps.logger.info({ teamName: credentials.teamName, confirmed }, 'left the team: sharing stopped');
        broadcast('team:status', teamStatus({ db: deps.db, sharing: deps.sharing }));
      });
    },
  };
}
