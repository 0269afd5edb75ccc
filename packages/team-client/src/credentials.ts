/**
 * Joining and leaving a team server from the learner's machine (issue 26 item 2). The learner's token is kept in
 * `DATA_DIR/team.json` with mode 0600 (the team server keeps only its SHA-256).
 */
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { JoinResponseSchema, TeamErrorBodySchema, type JoinResponse } from '@paige/team-protocol';

/** Name of the credentials file in DATA_DIR. */
export const TEAM_CREDENTIALS_FILE = 'team.json';

/** What `DATA_DIR/team.json` holds. */
export const TeamCredentialsSchema = z.object({
  url: z.url(),
  learnerId: z.uuid(),
  token: z.string().min(1),
  teamName: z.string(),
  joinedAt: z.string(),
});
export type TeamCredentials = z.infer<typeof TeamCredentialsSchema>;

/** A refusal or failure talking to the team server: `code` is the server's error code, or `UNREACHABLE`. */
export class TeamClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TeamClientError';
  }
}

/** The saved credentials, or null (none, or unreadable). */
export function readTeamCredentials(dataDir: string): TeamCredentials | null {
  try {
    const parsed = TeamCredentialsSchema.safeParse(
      JSON.parse(readFileSync(join(dataDir, TEAM_CREDENTIALS_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function writePrivate(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/**
 * Joins a team with an invite code and saves the token (`DATA_DIR/team.json`, 0600).
 * @throws {TeamClientError} with the server's code (`INVITE_EXPIRED`, `INVITE_USED`, `INVITE_INVALID`, ...) or
 *   `UNREACHABLE`.
 */
export async function joinTeamServer(opts: {
  url: string;
  code: string;
  displayName: string;
  dataDir: string;
  fetch?: typeof fetch;
}): Promise<{ credentials: TeamCredentials; joined: JoinResponse }> {
  const url = opts.url.replace(/\/+$/, '');
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(`${url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: opts.code, displayName: opts.displayName }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new TeamClientError(
      'UNREACHABLE',
      `cannot reach the team server at ${url}: ${(err as Error).message}`,
    );
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = TeamErrorBodySchema.safeParse(body);
    if (error.success) throw new TeamClientError(error.data.error.code, error.data.error.message);
    throw new TeamClientError('UNREACHABLE', `the team server answered HTTP ${res.status}`);
  }
  const joined = JoinResponseSchema.parse(body);
  const credentials: TeamCredentials = {
    url,
    learnerId: joined.learnerId,
    token: joined.token,
    teamName: joined.teamName,
    joinedAt: new Date().toISOString(),
  };
  writePrivate(join(opts.dataDir, TEAM_CREDENTIALS_FILE), `${JSON.stringify(credentials, null, 2)}\n`);
  return { credentials, joined };
}

/**
 * Leaves the team: tells the team server (best effort: an unreachable server does not keep the learner in) and
 * deletes the saved token.
 * @returns whether the team server confirmed.
 */
export async function leaveTeamServer(opts: {
  dataDir: string;
  fetch?: typeof fetch;
}): Promise<{ confirmed: boolean; credentials: TeamCredentials | null }> {
  const credentials = readTeamCredentials(opts.dataDir);
  let confirmed = false;
  if (credentials) {
    try {
      const res = await (opts.fetch ?? fetch)(`${credentials.url}/api/leave`, {
        method: 'POST',
        headers: { authorization: `Bearer ${credentials.token}` },
        signal: AbortSignal.timeout(10_000),
      });
      confirmed = res.ok;
    } catch {
      confirmed = false;
    }
  }
  rmSync(join(opts.dataDir, TEAM_CREDENTIALS_FILE), { force: true });
  return { confirmed, credentials };
}
