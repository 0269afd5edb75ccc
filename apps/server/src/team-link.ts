/**
 * Joining and leaving a team server (issue 26 item 2), the one procedure behind both `paige team join|leave` and the
 * page's settings (`team:join`, `team:leave`): validate everything first (a bad URL, invite code or name sends and
 * writes nothing), join with the invite code, keep the token in `DATA_DIR/team.json` (0600, `@paige/team-client`)
 * and record the team in the database (`team_link`), so from then on what `SHARED_ITEMS` lists goes to the outbox.
 * Leaving tells the team server (best effort), deletes the token and drops what was waiting.
 */
import type { TeamJoinErrorCode } from '@paige/protocol';
import { TeamJoinErrorCodeSchema, TeamUrlSchema } from '@paige/protocol';
import { clearTeamLink, getTeamLink, setTeamLink, type PaigeDatabase, type TeamLink } from '@paige/store';
import { joinTeamServer, leaveTeamServer, TeamClientError, type TeamCredentials } from '@paige/team-client';
import { JoinRequestSchema } from '@paige/team-protocol';

/** A refused or failed join; `code` is what `team:join_error` carries. Nothing was stored. */
export class TeamLinkError extends Error {
  constructor(
    readonly code: TeamJoinErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TeamLinkError';
  }
}

/** Options of {@link joinTeam}. */
export interface JoinTeamOptions {
  /** The learner's open database (its `team_link` row is written on success). */
  database: PaigeDatabase;
  /** DATA_DIR, where `team.json` (0600) is written on success. */
  dataDir: string;
  /** The team server's URL (http or https). */
  url: string;
  /** The mentor's invite code (`pti_...`). */
  code: string;
  /** How the mentor sees the learner (one line, at most 60 characters, no path or code). */
  displayName: string;
  /** Replace a team already joined (the CLI does); otherwise `ALREADY_JOINED`. Default false. */
  replace?: boolean;
  fetch?: typeof fetch;
}

/** The codes a failed join passes on as they are (the others are this server's own or `TEAM_SERVER_ERROR`). */
const TEAM_SERVER_CODES = new Set<TeamJoinErrorCode>(
  TeamJoinErrorCodeSchema.options.filter((c) => c !== 'ALREADY_JOINED' && c !== 'TEAM_SERVER_ERROR'),
);

/**
 * Joins a team server and records the link.
 * @returns the team now joined and the saved credentials (the token stays in `team.json`).
 * @throws {TeamLinkError} `INVALID_REQUEST` (bad URL, code or name: nothing sent), `ALREADY_JOINED`, the team
 *   server's `INVITE_INVALID` / `INVITE_EXPIRED` / `INVITE_USED` / `RATE_LIMITED`, `UNREACHABLE`, or
 *   `TEAM_SERVER_ERROR`. Nothing is written when it throws.
 * @see issue 26 item 2
 */
export async function joinTeam(
  opts: JoinTeamOptions,
): Promise<{ link: TeamLink; credentials: TeamCredentials }> {
  const url = TeamUrlSchema.safeParse(opts.url);
  if (!url.success)
    throw new TeamLinkError('INVALID_REQUEST', 'The team server URL must be an http:// or https:// URL.');
  const request = JoinRequestSchema.safeParse({ code: opts.code.trim(), displayName: opts.displayName });
  if (!request.success) {
    const issue = request.error.issues[0];
    throw new TeamLinkError(
      'INVALID_REQUEST',
      issue?.path[0] === 'code'
        ? 'The invite code is not valid (it starts with pti_ and comes from your mentor).'
        : issue?.code === 'too_small'
          ? 'Your name is required.'
          : issue?.code === 'too_big'
            ? 'Your name is too long (at most 60 characters).'
            : `Your name ${issue?.message ?? 'is not valid'}.`,
    );
  }
  if (!opts.replace && getTeamLink(opts.database))
    throw new TeamLinkError('ALREADY_JOINED', 'You already share with a team: stop sharing first.');
  let credentials: TeamCredentials;
  try {
    ({ credentials } = await joinTeamServer({
      url: url.data,
      code: request.data.code,
      displayName: request.data.displayName,
      dataDir: opts.dataDir,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    }));
  } catch (err) {
    if (err instanceof TeamClientError) {
      const code = TEAM_SERVER_CODES.has(err.code as TeamJoinErrorCode)
        ? (err.code as TeamJoinErrorCode)
        : 'TEAM_SERVER_ERROR';
      throw new TeamLinkError(code, err.message.slice(0, 1000) || code);
    }
    throw new TeamLinkError('TEAM_SERVER_ERROR', `the team server's answer was not understood`);
  }
  const link = setTeamLink(opts.database, {
    teamUrl: credentials.url,
    learnerId: credentials.learnerId,
    teamName: credentials.teamName,
  });
  return { link, credentials };
}

/**
 * Stops sharing: tells the team server (best effort: an unreachable server does not keep the learner in), deletes
 * the token and drops the records still waiting (`clearTeamLink`). Leaving when not joined changes nothing.
 * @returns whether the team server confirmed, and the credentials that were deleted (null: none).
 */
export async function leaveTeam(opts: {
  database: PaigeDatabase;
  dataDir: string;
  fetch?: typeof fetch;
}): Promise<{ confirmed: boolean; credentials: TeamCredentials | null }> {
  const result = await leaveTeamServer({
    dataDir: opts.dataDir,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  clearTeamLink(opts.database);
  return result;
}
