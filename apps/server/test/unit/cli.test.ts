/**
 * Issue 19 item 1: the `paige` command line in-process: options, where each setting comes from (options >
 * environment > env file), the project's `.env`, and `PROJECT_DIR` defaulting to the current directory.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CLI_OPTIONS,
  CliUsageError,
  describeIssue,
  ENV_VARIABLES,
  helpText,
  parseCli,
  resolveSettings,
} from '../../src/cli.js';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config.js';

const temp: string[] = [];
const tempDir = (prefix: string) => {
  const d = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temp.push(d);
  return d;
};
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

/** Parses `argv` like `main.ts` does and returns the configuration. */
function configFrom(argv: string[], env: Record<string, string>, cwd: string) {
  const command = parseCli(argv);
  if (command.kind !== 'run') throw new Error(`expected a run command, got ${command.kind}`);
  const settings = resolveSettings({
    flagEnv: command.flagEnv,
    envFile: command.envFile,
    env,
    cwd,
    known: CONFIG_VARIABLES,
  });
  return { config: loadConfig(settings.env, { cwd }), settings };
}

describe('Issue 19: paige options', () => {
  it('maps --project, --port, --host and --data-dir to their variables and reads --open and --env-file', () => {
    const command = parseCli([
      '--project',
      'p',
      '--port',
      '4001',
      '--host',
      '::1',
      '--data-dir',
      'd',
      '--open',
      '--env-file',
      'x.env',
    ]);
    expect(command).toMatchObject({
      kind: 'run',
      flagEnv: { PROJECT_DIR: 'p', PORT: '4001', HOST: '::1', DATA_DIR: 'd' },
      open: true,
      envFile: 'x.env',
    });
    expect(parseCli(['--port=4002'])).toMatchObject({ flagEnv: { PORT: '4002' }, open: false });
    // `pnpm start -- --port 4003` hands the `--` on
    expect(parseCli(['--', '--port', '4003'])).toMatchObject({ flagEnv: { PORT: '4003' } });
  });

  it('--help and --version win over every other option; -h and -v are their short forms', () => {
    expect(parseCli(['--port', '1', '--help'])).toEqual({ kind: 'help' });
    expect(parseCli(['-h'])).toEqual({ kind: 'help' });
    expect(parseCli(['--version'])).toEqual({ kind: 'version' });
    expect(parseCli(['-v'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['--port'], '--port needs a value'],
    [['--open=yes'], '--open takes no value'],
    [['some/dir'], "unexpected argument 'some/dir' (for a project directory use --project some/dir)"],
    [['--project', ''], '--project needs a value'],
  ])('bad usage %j -> CliUsageError "%s"', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(CliUsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });

  it('the help names every option and every variable, with its default', () => {
    const text = helpText('9.9.9');
    expect(text).toContain('paige 9.9.9');
    for (const o of CLI_OPTIONS) expect(text).toContain(`--${o.name}`);
    for (const v of ENV_VARIABLES)
      expect(text).toMatch(
        new RegExp(`\\n  ${v.name} +${v.default.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `),
      );
  });

  it('the help documents exactly the variables config.ts reads', () => {
    expect(ENV_VARIABLES.map((v) => v.name).sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it("the README's Configuration table names every variable", () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    for (const name of CONFIG_VARIABLES)
      expect(readme, name).toMatch(new RegExp(`\\| (\`[A-Z_]+\` / )?\`${name}\`( / \`[A-Z_]+\`)? +\\|`));
  });
});

describe('Issue 19: settings precedence (options > environment > env file > defaults)', () => {
  const project = tempDir('paige-cli-project-');
  const data = tempDir('paige-cli-data-');
  const envFile = join(tempDir('paige-cli-envfile-'), 'paige.env');
  writeFileSync(
    envFile,
    [
      'ANTHROPIC_API_KEY=sk-from-file',
      'PORT=4100',
      'PAIGE_OBSERVER_IDLE_MS=7000',
      `DATA_DIR=${data}`,
      'UNRELATED=1',
      '',
    ].join('\n'),
  );

  it('an option beats the environment, which beats the env file', () => {
    const { config, settings } = configFrom(
      ['--env-file', envFile, '--port', '4300', '--project', project],
      { PORT: '4200', PAIGE_OBSERVER_IDLE_MS: '8000' },
      project,
    );
    expect(config.port).toBe(4300);
    expect(config.observerIdleMs).toBe(8000);
    expect(config.anthropicApiKey).toBe('sk-from-file');
    expect(settings.sources).toMatchObject({ PORT: '--port', ANTHROPIC_API_KEY: envFile });
    expect(settings.env.UNRELATED).toBeUndefined();
  });

  it('without the option the environment wins; without both the env file', () => {
    expect(configFrom(['--env-file', envFile], { PORT: '4200' }, project).config.port).toBe(4200);
    expect(configFrom(['--env-file', envFile], {}, project).config.port).toBe(4100);
    expect(configFrom([], { ANTHROPIC_API_KEY: 'k' }, project).config.port).toBe(3000);
  });

  it("the project's .env supplies Paige's own variables, never the names its app uses (PORT, HOST, DATA_DIR, LOG_*)", () => {
    const dir = tempDir('paige-cli-dotenv-');
    writeFileSync(
      join(dir, '.env'),
      'ANTHROPIC_API_KEY=sk-project\nPAIGE_WATCH=false\nPORT=5173\nLOG_LEVEL=trace\nDATABASE_URL=postgres://x\n',
    );
    const { config, settings } = configFrom(['--project', dir], {}, project);
    expect(config.anthropicApiKey).toBe('sk-project');
    expect(config.watchFiles).toBe(false);
    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
    const [skipped, read] = settings.notes;
    expect(skipped).toMatch(/not read: .*PORT/);
    expect(skipped).toMatch(/not read: .*LOG_LEVEL/);
    expect(read).toMatch(/settings read from .*\.env: .*ANTHROPIC_API_KEY/);
    expect(read).toMatch(/settings read from .*\.env: .*PAIGE_WATCH/);
    expect(settings.notes.join('\n')).not.toContain('sk-project');
    // the environment still beats the project's .env
    expect(
      configFrom(['--project', dir], { ANTHROPIC_API_KEY: 'sk-env' }, project).config.anthropicApiKey,
    ).toBe('sk-env');
  });

  it('--env-file replaces the project .env and must exist', () => {
    const dir = tempDir('paige-cli-both-');
    writeFileSync(join(dir, '.env'), 'PAIGE_WATCH=false\n');
    expect(configFrom(['--project', dir, '--env-file', envFile], {}, project).config.watchFiles).toBe(true);
    expect(() => configFrom(['--env-file', join(dir, 'missing.env')], {}, project)).toThrow(
      /--env-file: cannot read .*missing\.env \(ENOENT\)/,
    );
  });

  it('PROJECT_DIR defaults to the current directory; a relative --project is relative to it', () => {
    const cwd = tempDir('paige-cli-cwd-');
    expect(configFrom([], { ANTHROPIC_API_KEY: 'k', DATA_DIR: data }, cwd).config.projectDir).toBe(cwd);
    expect(
      configFrom(['--project', '..'], { ANTHROPIC_API_KEY: 'k', DATA_DIR: data }, cwd).config.projectDir,
    ).toBe(join(cwd, '..'));
  });

  it('a missing API key still fails, naming ANTHROPIC_API_KEY; a bad option value names the option', () => {
    let error: unknown;
    try {
      configFrom(['--project', project, '--port', 'eighty'], {}, project);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.some((i) => i.startsWith('ANTHROPIC_API_KEY is required'))).toBe(true);
    const port = issues.find((i) => i.startsWith('PORT'));
    expect(describeIssue(port ?? '', { PORT: '--port' })).toBe('PORT must be a number (from --port)');
  });
});
