/**
 * The `paige` command line: options (`node:util` `parseArgs`), `--help`, `--version`, and where each setting comes
 * from. Precedence: command-line options > the process environment > an env file (`--env-file FILE`, else
 * `PROJECT_DIR/.env`) > defaults. This module stays light (no zod, no server code) so `--help` and `--version`
 * answer at once; `config.ts` validates the merged settings.
 *
 * To add an option, add a row to {@link CLI_OPTIONS}: `parseArgs`' table, the help text and the option -> variable
 * mapping all come from it.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { optionEnv, optionHelpRows, parseOptions, type CliOption, type ParsedOptions } from '@paige/process';

/** One command-line option (`@paige/process`' row: parse table, help line, and the variable it sets). */
export type CliOptionSpec = CliOption;

/** The options of `paige`, in help order. */
export const CLI_OPTIONS: readonly CliOptionSpec[] = [
  {
    name: 'project',
    type: 'string',
    value: 'DIR',
    env: 'PROJECT_DIR',
    help: "the learner's project (default: the current directory)",
  },
  {
    name: 'port',
    type: 'string',
    value: 'N',
    env: 'PORT',
    help: 'HTTP port; 0 picks a free one (default: 3000)',
  },
  {
    name: 'host',
    type: 'string',
    value: 'H',
    env: 'HOST',
    help: 'address to bind; keep it on loopback (default: 127.0.0.1)',
  },
  {
    name: 'data-dir',
    type: 'string',
    value: 'DIR',
    env: 'DATA_DIR',
    help: 'where the database and the local Chroma live (default: ~/.paige)',
  },
  { name: 'env-file', type: 'string', value: 'FILE', help: 'read settings from FILE instead of DIR/.env' },
  {
    name: 'open',
    type: 'boolean',
    help: 'open the web face in the default browser once the server is ready',
  },
  {
    name: 'new-token',
    type: 'boolean',
    help: 'make a new token for /ws and /pty (every open page must be opened again from the printed URL)',
  },
  { name: 'help', short: 'h', type: 'boolean', help: 'print this help and exit' },
  { name: 'version', short: 'v', type: 'boolean', help: 'print the version and exit' },
];

/** One environment variable as `--help` documents it (the list matches `CONFIG_VARIABLES` in config.ts; a test checks). */
export interface EnvVariableDoc {
  name: string;
  default: string;
  help: string;
}

/** The variables `paige` reads, in help order. */
export const ENV_VARIABLES: readonly EnvVariableDoc[] = [
  { name: 'ANTHROPIC_API_KEY', default: 'required', help: 'Claude API key (never logged)' },
  {
    name: 'PROJECT_DIR',
    default: 'current directory',
    help: "the learner's project; every path stays inside it",
  },
  { name: 'PORT', default: '3000', help: 'HTTP port (0 = any free port)' },
  { name: 'HOST', default: '127.0.0.1', help: 'bind address' },
  { name: 'DATA_DIR', default: '~/.paige', help: 'paige.db and chroma/ (created)' },
  { name: 'ANTHROPIC_BASE_URL', default: 'Anthropic', help: 'Messages API endpoint (a proxy, a stand-in)' },
  { name: 'CHROMA_URL', default: 'unset', help: 'an external ChromaDB; unset = start a local one' },
  { name: 'CHROMADB_URL', default: 'unset', help: 'alias of CHROMA_URL' },
  { name: 'PAIGE_START_CHROMA', default: 'true', help: 'false = never start a local Chroma (memory off)' },
  {
    name: 'PAIGE_SESSION_STALE_HOURS',
    default: '12',
    help: 'an active session idle longer is abandoned at start',
  },
  { name: 'PAIGE_DAILY_BUDGET_USD', default: 'unset', help: 'daily limit for optional model calls, USD' },
  { name: 'CLAUDE_MODEL_MAPPING', default: 'spec mapping', help: 'JSON alias -> model id' },
  {
    name: 'CLAUDE_PRICING',
    default: 'price table',
    help: 'JSON model -> { input, output, ... } USD per million tokens',
  },
  { name: 'LOG_LEVEL', default: 'info', help: 'fatal|error|warn|info|debug|trace|silent' },
  {
    name: 'LOG_FORMAT',
    default: 'pretty on a TTY',
    help: 'pretty (human-readable) or json (one object per line)',
  },
  { name: 'PAIGE_ALLOWED_ORIGINS', default: 'loopback', help: 'comma list of extra allowed Origin values' },
  { name: 'PAIGE_MCP_SESSION_IDLE_MS', default: '1800000', help: 'an idle MCP session is closed after this' },
  { name: 'PAIGE_MCP_MAX_SESSIONS', default: '64', help: 'most live MCP sessions' },
  { name: 'PAIGE_WS_MAX_PAYLOAD', default: '16777216', help: 'largest WebSocket frame, bytes' },
  { name: 'PAIGE_MAX_FILE_BYTES', default: '5242880', help: 'largest file the editor may open' },
  { name: 'PAIGE_MAX_BUFFER_BYTES', default: '268435456', help: 'buffer cache bound, bytes' },
  { name: 'PAIGE_GH_PATH', default: 'gh', help: 'the GitHub CLI' },
  { name: 'PAIGE_GH_TIMEOUT_MS', default: '15000', help: 'time limit of one gh run' },
  { name: 'PAIGE_ISSUE_CACHE_MINUTES', default: '360', help: 'how long an issue assessment is reused' },
  { name: 'PAIGE_OBSERVER_IDLE_MS', default: '300000', help: 'Observer idle trigger' },
  { name: 'PAIGE_WATCH', default: 'true', help: 'false = no file watcher' },
  {
    name: 'PAIGE_TOKEN',
    default: 'DATA_DIR/token',
    help: 'fixed token of /ws and /pty (32..512 of A-Za-z0-9._~-)',
  },
  { name: 'PAIGE_TERMINAL', default: 'true', help: 'false = no /pty terminal' },
  {
    name: 'PAIGE_TERMINAL_COMMAND',
    default: 'claude or $SHELL',
    help: "the terminal's program as a shell command line",
  },
  {
    name: 'PAIGE_PLUGIN_DIR',
    default: 'apps/claude-plugin',
    help: "the Claude Code plugin the terminal's claude loads",
  },
  { name: 'PAIGE_WEB', default: 'true', help: 'false = no page at /' },
  { name: 'PAIGE_WEB_DIR', default: "@paige/web's dist", help: 'serve another build of the page' },
];

/**
 * Variables a project's own `.env` commonly sets for the project's app (its port, its log level...): Paige never
 * takes them from `PROJECT_DIR/.env` (use the options, the environment or `--env-file`).
 */
export const APP_GENERIC_VARIABLES: ReadonlySet<string> = new Set([
  'PROJECT_DIR',
  'PORT',
  'HOST',
  'DATA_DIR',
  'LOG_LEVEL',
  'LOG_FORMAT',
]);

/** Bad command-line usage (unknown option, missing value, unreadable `--env-file`): exit code 2. */
export class CliUsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** What the command line asks for. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: 'run';
      /** Variables set by options (`--port 4000` -> `{ PORT: '4000' }`). */
      flagEnv: Record<string, string>;
      /** `--open` was given. */
      open: boolean;
      /** `--env-file FILE` as given (relative to the current directory). */
      envFile: string | undefined;
      /** Every parsed option value, by long name (for options added later that map to no variable). */
      values: Record<string, string | boolean | undefined>;
    };

/**
 * Parses `argv` (without `node` and the script).
 * @throws {CliUsageError} for an unknown option, an option without its value, or a positional argument.
 */
export function parseCli(argv: readonly string[]): CliCommand {
  let parsed: ParsedOptions;
  try {
    // `pnpm start -- --port 4000` passes the `--` on: parseOptions drops a leading one.
    parsed = parseOptions(CLI_OPTIONS, argv);
  } catch (err) {
    throw new CliUsageError(usageMessage(err as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (positionals.length > 0) {
    const first = positionals[0] ?? '';
    throw new CliUsageError(
      `unexpected argument '${first}' (for a project directory use --project ${first})`,
    );
  }
  const flagEnv = optionEnv(CLI_OPTIONS, values, (o) => {
    throw new CliUsageError(`--${o.name} needs a value`);
  });
  const envFile = typeof values['env-file'] === 'string' ? values['env-file'] : undefined;
  if (envFile !== undefined && envFile.trim() === '') throw new CliUsageError('--env-file needs a value');
  return { kind: 'run', flagEnv, open: values.open === true, envFile, values };
}

function usageMessage(err: Error & { code?: string }): string {
  const option = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${option ?? '?'}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option && CLI_OPTIONS.some((o) => o.type === 'boolean' && `--${o.name}` === option)
        ? `${option} takes no value`
        : `${option ?? 'an option'} needs a value`;
    default:
      return err.message;
  }
}

/** Where a setting came from: an option (`--port`), `environment`, or the path of the env file. */
export type SettingSource = string;

/** The settings `loadConfig` parses, with their origin. */
export interface ResolvedSettings {
  /** Merged variables: options > environment > env file. */
  env: Record<string, string | undefined>;
  /** Origin of each variable that did not come from the process environment, by name. */
  sources: Record<string, SettingSource>;
  /** The env file that was read, if any. */
  envFile: string | undefined;
  /** Human-readable notes for the start-up log (variable names only, never values). */
  notes: string[];
}

/** Inputs of {@link resolveSettings}. */
export interface ResolveSettingsOptions {
  flagEnv: Record<string, string>;
  envFile: string | undefined;
  /** The process environment. */
  env: Record<string, string | undefined>;
  cwd: string;
  /** Names `loadConfig` reads; other names in an env file are ignored. */
  known: readonly string[];
  /** Reads a file as UTF-8 (default `fs.readFileSync`); throws ENOENT for a missing file. */
  readText?: (path: string) => string;
}

/**
 * Merges options, the environment and an env file. The env file is `--env-file FILE` when given (must exist; every
 * known variable is read), else `PROJECT_DIR/.env` when it exists (known variables except
 * {@link APP_GENERIC_VARIABLES}, which belong to the project's own app). Parsed with Node's own `.env` parser
 * (`util.parseEnv`); `process.env` is not modified.
 * @throws {CliUsageError} when `--env-file` cannot be read.
 */
export function resolveSettings(opts: ResolveSettingsOptions): ResolvedSettings {
  const readText = opts.readText ?? ((path: string) => readFileSync(path, 'utf8'));
  const known = new Set(opts.known);
  const notes: string[] = [];
  const sources: Record<string, SettingSource> = {};
  let fileVars: Record<string, string> = {};
  let envFile: string | undefined;

  if (opts.envFile !== undefined) {
    envFile = resolve(opts.cwd, opts.envFile);
    let text: string;
    try {
      text = readText(envFile);
    } catch (err) {
      throw new CliUsageError(
        `--env-file: cannot read ${envFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
    fileVars = pick(parseEnv(text), (name) => known.has(name));
  } else {
    const projectDir = opts.flagEnv.PROJECT_DIR ?? opts.env.PROJECT_DIR ?? '.';
    const candidate = resolve(opts.cwd, projectDir, '.env');
    let text: string | undefined;
    try {
      text = readText(candidate);
    } catch {
      text = undefined; // no project .env: nothing to read
    }
    if (text !== undefined) {
      envFile = candidate;
      const all = parseEnv(text);
      fileVars = pick(all, (name) => known.has(name) && !APP_GENERIC_VARIABLES.has(name));
      const skipped = Object.keys(all).filter((name) => APP_GENERIC_VARIABLES.has(name));
      if (skipped.length > 0) {
        notes.push(
          `${candidate}: left to the project's app, not read: ${skipped.join(', ')} (use options, the environment or --env-file)`,
        );
      }
    }
  }

  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(fileVars)) {
    env[name] = value;
    if (envFile) sources[name] = envFile;
  }
  for (const [name, value] of Object.entries(opts.env)) {
    if (value === undefined) continue;
    env[name] = value;
    delete sources[name];
  }
  for (const [name, value] of Object.entries(opts.flagEnv)) {
    env[name] = value;
    const option = CLI_OPTIONS.find((o) => o.env === name);
    sources[name] = option ? `--${option.name}` : 'command line';
  }
  // A relative --project or --data-dir is relative to the current directory; one from an env file to that file's folder.
  for (const name of ['PROJECT_DIR', 'DATA_DIR']) {
    const value = env[name];
    const source = sources[name];
    if (value && source === envFile && envFile && !isAbsolute(value))
      env[name] = resolve(envFile, '..', value);
  }
  const fromFile = Object.keys(fileVars).filter((name) => sources[name] === envFile);
  if (envFile && fromFile.length > 0) notes.push(`settings read from ${envFile}: ${fromFile.join(', ')}`);
  return { env, sources, envFile, notes };
}

function pick(
  vars: Record<string, string | undefined>,
  keep: (name: string) => boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) if (value !== undefined && keep(name)) out[name] = value;
  return out;
}

/** Adds the origin to a configuration problem that names a variable set by an option or an env file. */
export function describeIssue(issue: string, sources: Record<string, SettingSource>): string {
  const name = Object.keys(sources)
    .filter((n) => issue.startsWith(n))
    .sort((a, b) => b.length - a.length)[0];
  return name ? `${issue} (from ${sources[name]})` : issue;
}

/** The text of `paige --help`. */
export function helpText(version: string): string {
  const optionRows = optionHelpRows(CLI_OPTIONS, 22);
  const width = Math.max(...ENV_VARIABLES.map((v) => v.name.length));
  const defWidth = Math.max(...ENV_VARIABLES.map((v) => v.default.length));
  const envRows = ENV_VARIABLES.map(
    (v) => `  ${v.name.padEnd(width)}  ${v.default.padEnd(defWidth)}  ${v.help}`,
  );
  return [
    `paige ${version}: the Paige backend, an AI pair-coach for junior developers (Claude codes, Paige pairs).`,
    '',
    'Usage: paige [--project DIR] [--port N] [--host H] [--data-dir DIR] [--env-file FILE] [--open] [--new-token]',
    '       paige --help | --version',
    '',
    'Serves the project in DIR on one local port: the web face at /, /health, /mcp (Claude Code, MCP Streamable',
    'HTTP), /ws (the editor) and /pty (its terminal). Open the URL the ready line prints (it carries the token of',
    '/ws and /pty). Stop it with Ctrl-C.',
    '',
    'Options:',
    ...optionRows,
    '',
    'Settings: options > environment > env file > defaults. The env file is --env-file FILE, else DIR/.env;',
    `from DIR/.env Paige reads its own variables only, never ${[...APP_GENERIC_VARIABLES].join(', ')}.`,
    '',
    'Environment:',
    ...envRows,
    '',
    'Exit status: 0 after a clean shutdown, 1 when the settings are invalid or the server cannot start (a port in',
    'use, a missing ANTHROPIC_API_KEY), 2 for bad usage.',
    '',
  ].join('\n');
}
