/**
 * The `paige-team` command line (`node:util` `parseArgs`, in the style of `paige`'s `cli.ts`): options, `--help`,
 * `--version`, and the `invite` subcommand. Light on purpose: `--help` loads nothing else.
 */
import { optionEnv, optionHelpRows, parseOptions, type CliOption, type ParsedOptions } from '@paige/process';

/** One option of `paige-team` (`@paige/process`' row: parse table, help line, and the variable it sets). */
export type TeamCliOption = CliOption;

export const TEAM_CLI_OPTIONS: readonly TeamCliOption[] = [
  {
    name: 'port',
    type: 'string',
    value: 'N',
    env: 'PORT',
    help: 'HTTP port; 0 picks a free one (default: 3100)',
  },
  { name: 'host', type: 'string', value: 'H', env: 'HOST', help: 'address to bind (default: 127.0.0.1)' },
  {
    name: 'data-dir',
    type: 'string',
    value: 'DIR',
    env: 'DATA_DIR',
    help: 'mentor token, runtime file, embedded database (default: ~/.paige-team)',
  },
  {
    name: 'database-url',
    type: 'string',
    value: 'URL',
    env: 'DATABASE_URL',
    help: 'a Postgres to use instead of the embedded one',
  },
  {
    name: 'expires',
    type: 'string',
    value: 'DURATION',
    help: 'invite: lifetime like 30m, 12h, 7d (default: 7d)',
  },
  {
    name: 'uses',
    type: 'string',
    value: 'N',
    help: 'invite: how many learners may join with it (default: 1)',
  },
  { name: 'help', short: 'h', type: 'boolean', help: 'print this help and exit' },
  { name: 'version', short: 'v', type: 'boolean', help: 'print the version and exit' },
];

export class TeamCliUsageError extends Error {
  readonly code = 'USAGE';
}

export type TeamCliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; flagEnv: Record<string, string> }
  | { kind: 'invite'; flagEnv: Record<string, string>; expiresInMs: number; uses: number };

/**
 * Parses a duration like `45m`, `12h`, `7d` into ms.
 * @throws {TeamCliUsageError} for anything else.
 */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*(m|h|d)$/.exec(text.trim());
  if (!m) throw new TeamCliUsageError(`--expires: '${text}' is not a duration like 30m, 12h or 7d`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** @throws {TeamCliUsageError} for an unknown option, a missing value or an unknown subcommand. */
export function parseTeamCli(argv: readonly string[]): TeamCliCommand {
  let parsed: ParsedOptions;
  try {
    parsed = parseOptions(TEAM_CLI_OPTIONS, argv);
  } catch (err) {
    throw new TeamCliUsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const flagEnv = optionEnv(TEAM_CLI_OPTIONS, values);
  const sub = positionals[0];
  if (sub === undefined) {
    if (values.expires !== undefined || values.uses !== undefined)
      throw new TeamCliUsageError('--expires and --uses belong to `paige-team invite`');
    return { kind: 'serve', flagEnv };
  }
  if (sub !== 'invite' || positionals.length > 1)
    throw new TeamCliUsageError(`unexpected argument '${positionals.join(' ')}'`);
  const expiresInMs = parseDuration(typeof values.expires === 'string' ? values.expires : '7d');
  if (expiresInMs < 60_000 || expiresInMs > 90 * 86_400_000)
    throw new TeamCliUsageError('--expires: between 1m and 90d');
  const uses = Number(typeof values.uses === 'string' ? values.uses : '1');
  if (!Number.isInteger(uses) || uses < 1 || uses > 1000)
    throw new TeamCliUsageError('--uses: a whole number 1..1000');
  return { kind: 'invite', flagEnv, expiresInMs, uses };
}

export function teamHelpText(version: string): string {
  const rows = optionHelpRows(TEAM_CLI_OPTIONS, 26);
  return [
    `paige-team ${version}: the Paige team server. Learners' Paiges share session summaries, knowledge gaps,`,
    'Dreyfus stages, practice results and model cost with it (never code, diffs, file contents or paths);',
    'the mentor watches the cohort on its page.',
    '',
    'Usage: paige-team [--port N] [--host H] [--data-dir DIR] [--database-url URL]',
    '       paige-team invite [--expires 7d] [--uses N]   print an invite code (the learner runs: paige team join URL CODE)',
    '       paige-team --help | --version',
    '',
    'Options:',
    ...rows,
    '',
    'Environment: PORT, HOST, DATA_DIR, DATABASE_URL (unset: an embedded Postgres, PGlite, in DATA_DIR/pglite),',
    "PAIGE_TEAM_TOKEN (the mentor's token; set the same one on every instance sharing a database),",
    'PAIGE_TEAM_NAME, PAIGE_TEAM_PUBLIC_URL (the URL learners use, behind a proxy), PAIGE_TEAM_RATE_BURST and',
    'PAIGE_TEAM_RATE_PER_SECOND (pushes per learner token; default 30 and 10/s), LOG_LEVEL, LOG_FORMAT.',
    '',
    'Exit status: 0 after a clean shutdown, 1 for invalid settings or a failed start, 2 for bad usage.',
    '',
  ].join('\n');
}
