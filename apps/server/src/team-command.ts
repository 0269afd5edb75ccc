/**
 * `paige team join <url> <code> [--name NAME]` and `paige team leave` (issue 26 item 2). Joining prints exactly what
 * is shared, joins with the invite code, keeps the token in `DATA_DIR/team.json` (0600) and records the team in the
 * database, so from then on session summaries, gaps, Dreyfus stages, practice results and cost go to the outbox.
 * Leaving tells the team server, deletes the token and drops what was waiting. A running `paige` picks both up
 * without a restart.
 */
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { neverSharedSentence, SHARED_ITEMS } from '@paige/team-protocol';

/** What is shared and never shared, printed before joining (from `@paige/team-protocol`'s `SHARED_ITEMS`). */
export const TEAM_SHARED_TEXT = `What is shared, and only this:
${SHARED_ITEMS.map((i) => `  - ${i.label}: ${i.detail}`).join('\n')}
${neverSharedSentence()}
'paige team leave' stops sharing.
`;

export const TEAM_HELP = `Usage: paige team join <url> <code> [--name NAME] [--data-dir DIR]
       paige team leave [--data-dir DIR]

Shares your progress with a team server (your mentor's cohort view). ${TEAM_SHARED_TEXT}`;

/** Where the subcommand writes and what environment it reads (`DATA_DIR`). */
export interface TeamCommandIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

/** Runs the subcommand; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runTeamCommand(
  argv: readonly string[],
  io: TeamCommandIo = { out: process.stdout, err: process.stderr, env: process.env },
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        name: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    io.err.write(`paige team: ${(err as Error).message}\n${TEAM_HELP}`);
    return 2;
  }
  const [sub, ...rest] = parsed.positionals;
  if (parsed.values.help || !sub) {
    io.out.write(TEAM_HELP);
    return parsed.values.help ? 0 : 2;
  }
  const dataDirOption = parsed.values['data-dir'] ?? io.env.DATA_DIR;
  const dataDir = dataDirOption ? resolve(dataDirOption) : join(homedir(), '.paige');
  const [{ openDatabase }, { joinTeam, leaveTeam, TeamLinkError }, { mkdirSync }] = await Promise.all([
    import('@paige/store'),
    import('./team-link.js'),
    import('node:fs'),
  ]);
  if (sub === 'join') {
    if (rest.length !== 2) {
      io.err.write(`paige team join: give the team server's URL and the invite code\n${TEAM_HELP}`);
      return 2;
    }
    const [url, code] = rest as [string, string];
    io.out.write(TEAM_SHARED_TEXT);
    mkdirSync(dataDir, { recursive: true });
    const database = openDatabase(join(dataDir, 'paige.db'));
    try {
      const { credentials } = await joinTeam({
        database,
        dataDir,
        url,
        code,
        displayName: parsed.values.name ?? userInfo().username,
        replace: true,
      });
      io.out.write(
        `joined "${credentials.teamName}" at ${credentials.url}; your token is in ${join(dataDir, 'team.json')} (mode 0600)\n`,
      );
      return 0;
    } catch (err) {
      const code = err instanceof TeamLinkError ? err.code : 'ERROR';
      io.err.write(`paige team join: ${code}: ${(err as Error).message}\n`);
      return 1;
    } finally {
      database.close();
    }
  }
  if (sub === 'leave') {
    mkdirSync(dataDir, { recursive: true });
    const database = openDatabase(join(dataDir, 'paige.db'));
    let result;
    try {
      result = await leaveTeam({ database, dataDir });
    } finally {
      database.close();
    }
    const { confirmed, credentials } = result;
    if (!credentials) io.out.write('not in a team: nothing is shared\n');
    else
      io.out.write(
        `left "${credentials.teamName}"${confirmed ? '' : ' (the team server was not reachable; the token is deleted here)'}: nothing more is shared\n`,
      );
    return 0;
  }
  io.err.write(`paige team: unknown subcommand '${sub}'\n${TEAM_HELP}`);
  return 2;
}
