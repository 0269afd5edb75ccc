/** `parseOptions`, `optionEnv` and `optionHelpRows`: the option table `paige` and `paige-team` parse their argv with. */
import { describe, expect, it } from 'vitest';
import { dropLeadingSeparator, optionEnv, optionHelpRows, parseOptions } from '../src/index.js';
import type { CliOption } from '../src/index.js';

const TABLE: readonly CliOption[] = [
  { name: 'port', type: 'string', value: 'N', env: 'PORT', help: 'HTTP port' },
  { name: 'data-dir', type: 'string', value: 'DIR', env: 'DATA_DIR', help: 'data folder' },
  { name: 'env-file', type: 'string', value: 'FILE', help: 'an env file' },
  { name: 'open', type: 'boolean', help: 'open the page' },
  { name: 'help', short: 'h', type: 'boolean', help: 'print this help and exit' },
];

describe('parseOptions', () => {
  it('parses long and short options and keeps positionals in order', () => {
    const r = parseOptions(TABLE, ['invite', '--port', '4000', '-h', '--data-dir=/tmp/x', 'extra']);
    expect(r.values).toMatchObject({ port: '4000', help: true, 'data-dir': '/tmp/x' });
    expect(r.positionals).toEqual(['invite', 'extra']);
  });

  it('drops a leading `--` (what `pnpm start -- --port 4000` passes on), and only a leading one', () => {
    expect(parseOptions(TABLE, ['--', '--port', '4000']).values.port).toBe('4000');
    expect(parseOptions(TABLE, ['team', '--', '--port']).positionals).toEqual(['team', '--port']);
    expect(dropLeadingSeparator(['--', 'team', 'join'])).toEqual(['team', 'join']);
    expect(dropLeadingSeparator(['team', '--'])).toEqual(['team', '--']);
  });

  it("throws parseArgs' own error with its code for an unknown option or a missing value", () => {
    expect(() => parseOptions(TABLE, ['--nope'])).toThrow(
      expect.objectContaining({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }),
    );
    expect(() => parseOptions(TABLE, ['--port'])).toThrow(
      expect.objectContaining({ code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' }),
    );
    expect(() => parseOptions(TABLE, ['--open=yes'])).toThrow(
      expect.objectContaining({ code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' }),
    );
  });
});

describe('optionEnv', () => {
  it('maps the string options that have a variable, and nothing else', () => {
    const { values } = parseOptions(TABLE, ['--port', '4000', '--env-file', 'x.env', '--open']);
    expect(optionEnv(TABLE, values)).toEqual({ PORT: '4000' });
  });

  it('hands a blank value to onEmpty (which may throw), and passes it on without one', () => {
    const { values } = parseOptions(TABLE, ['--port', ' ']);
    expect(optionEnv(TABLE, values)).toEqual({ PORT: ' ' });
    expect(() =>
      optionEnv(TABLE, values, (o) => {
        throw new Error(`--${o.name} needs a value`);
      }),
    ).toThrow('--port needs a value');
  });
});

describe('optionHelpRows', () => {
  it('one row per option: short alias, long name, placeholder, help, variable', () => {
    expect(optionHelpRows(TABLE, 20)).toEqual([
      '      --port N         HTTP port [PORT]',
      '      --data-dir DIR   data folder [DATA_DIR]',
      '      --env-file FILE  an env file',
      '      --open           open the page',
      '  -h, --help           print this help and exit',
    ]);
  });
});
