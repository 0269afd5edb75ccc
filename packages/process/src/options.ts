/**
 * Command-line options from one table (`node:util` `parseArgs`): the parse, the option -> variable mapping and the
 * help rows all come from the same rows, so adding an option is adding a row. Shared by `paige`
 * (`apps/server/src/cli.ts`) and `paige-team` (`apps/team/src/cli.ts`).
 */
import { parseArgs } from 'node:util';

/** One command-line option: its row in `parseArgs`' table and what the help text and the settings need. */
export interface CliOption {
  /** Long name without the dashes (`data-dir`). */
  name: string;
  /** One-letter alias (`h`). */
  short?: string;
  type: 'string' | 'boolean';
  /** Placeholder shown in the help (`DIR`, `N`). */
  value?: string;
  /** The variable this option sets (`PORT` for `--port`); the option beats the environment. */
  env?: string;
  /** One line for `--help`. */
  help: string;
}

/** What {@link parseOptions} returns: every option by long name, and the positional arguments in order. */
export interface ParsedOptions {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * `argv` without a leading `--`: `pnpm start -- --port 4000` passes the `--` on to the script, where it is not meant
 * as an end of options.
 */
export function dropLeadingSeparator(argv: readonly string[]): string[] {
  return argv[0] === '--' ? argv.slice(1) : [...argv];
}

/**
 * Parses `argv` (without `node` and the script) against `table` with `node:util` `parseArgs`: strict (an unknown
 * option is an error), positional arguments allowed (the caller decides what they mean), a leading `--` dropped
 * ({@link dropLeadingSeparator}).
 * @throws {TypeError} `parseArgs`' own error, unchanged, with its `code` (`ERR_PARSE_ARGS_UNKNOWN_OPTION`,
 *   `ERR_PARSE_ARGS_INVALID_OPTION_VALUE`, ...): each command turns it into its usage error (exit code 2).
 */
export function parseOptions(table: readonly CliOption[], argv: readonly string[]): ParsedOptions {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const o of table) options[o.name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  const { values, positionals } = parseArgs({
    args: dropLeadingSeparator(argv),
    options,
    strict: true,
    allowPositionals: true,
  });
  return { values: values as ParsedOptions['values'], positionals };
}

/**
 * The variables set by options: `{ PORT: '4000' }` for `--port 4000`, for every string option of `table` with an
 * `env` that was given.
 * @param onEmpty called with the option when its value is empty or blank (`--port ""`); it may throw the command's
 *   usage error. Without it an empty value is passed on (the settings' validation names it).
 */
export function optionEnv(
  table: readonly CliOption[],
  values: ParsedOptions['values'],
  onEmpty?: (option: CliOption) => void,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const o of table) {
    const v = values[o.name];
    if (!o.env || typeof v !== 'string') continue;
    if (v.trim() === '') onEmpty?.(o);
    env[o.env] = v;
  }
  return env;
}

/**
 * The `Options:` rows of a help text, one per option: `  -h, --help               print this help and exit`, with
 * the variable an option sets in brackets (`[PORT]`).
 * @param nameWidth the width of the names column, characters.
 */
export function optionHelpRows(table: readonly CliOption[], nameWidth: number): string[] {
  return table.map((o) => {
    const names = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
    return `  ${names.padEnd(nameWidth)} ${o.help}${o.env ? ` [${o.env}]` : ''}`;
  });
}
