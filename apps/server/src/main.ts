#!/usr/bin/env node
/**
 * `paige`: the command line of the Paige backend (see `cli.ts` for the options and `paige --help` for the text).
 * Parses the options, merges them with the environment and an env file, starts the server and shuts it down
 * gracefully on SIGINT/SIGTERM (a second signal exits at once).
 *
 * Exit codes: 0 after `--help`, `--version` or a clean shutdown; 1 for invalid settings (each problem named, with its
 * origin) or a failed start (a port in use is one line naming the port and what to do); 2 for bad usage.
 * `--help` and `--version` load nothing but `cli.ts`: the server modules are imported after the options are read.
 *
 * `--new-token` makes a new token for /ws and /pty (DATA_DIR/token), signing out every open page (issue 17).
 */
import { performance } from 'node:perf_hooks';
import { dropLeadingSeparator, stopOnSignals } from '@paige/process';
import { CliUsageError, describeIssue, helpText, parseCli, resolveSettings } from './cli.js';
import { SERVER_VERSION } from './version.js';

const processStart = performance.now();

function fail(message: string, code: number): never {
  process.stderr.write(`paige: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  // `pnpm start -- team join ...` passes the `--` on: it is not an end of options here.
  const argv = dropLeadingSeparator(process.argv.slice(2));
  if (argv[0] === 'team') {
    // `paige team join|leave` (issue 26): loads nothing of the server
    const { runTeamCommand } = await import('./team-command.js');
    process.exitCode = await runTeamCommand(argv.slice(1));
    return;
  }
  let command;
  try {
    command = parseCli(process.argv.slice(2));
  } catch (err) {
    if (err instanceof CliUsageError) fail(`${err.message}\nRun 'paige --help' for the options.`, 2);
    throw err;
  }
  if (command.kind === 'help') {
    process.stdout.write(helpText(SERVER_VERSION));
    return;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${SERVER_VERSION}\n`);
    return;
  }

  const [{ ConfigError, CONFIG_VARIABLES, loadConfig }, { createLogger }, { createServer, ListenError }] =
    await Promise.all([import('./config.js'), import('./logger.js'), import('./app.js')]);
  let settings;
  let config;
  try {
    settings = resolveSettings({
      flagEnv: command.flagEnv,
      envFile: command.envFile,
      env: process.env,
      cwd: process.cwd(),
      known: CONFIG_VARIABLES,
    });
    config = loadConfig(settings.env, { cwd: process.cwd() });
  } catch (err) {
    if (err instanceof CliUsageError) fail(err.message, 1);
    if (err instanceof ConfigError) {
      for (const issue of err.issues)
        process.stderr.write(`paige: ${describeIssue(issue, settings?.sources ?? {})}\n`);
      fail("invalid settings: see 'paige --help' or the README's Configuration table", 1);
    }
    throw err;
  }
  if (command.values['new-token'] === true) config.rotateToken = true;
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const server = createServer(config, { logger, startedAt: processStart });

  // SIGINT/SIGTERM: a graceful stop with the log flushed; a second signal exits at once.
  stopOnSignals(server, logger);

  try {
    await server.start();
  } catch (err) {
    if (err instanceof ListenError) {
      // One line a user can act on; the shutdown of what was built stays out of the way.
      logger.level = 'silent';
      await server.stop().catch(() => undefined);
      fail(err.message, 1);
    }
    logger.fatal({ err }, 'server failed to start');
    await server.stop().catch(() => undefined);
    logger.flush(() => process.exit(1));
    return;
  }
  for (const note of settings.notes) logger.info(note);

  if (command.open) {
    const { openInBrowser } = await import('./open-browser.js');
    const web = server.health().components.web;
    if (web.built) {
      openInBrowser(`${server.url}/?token=${server.token}`, {
        onFailure: (message) => logger.warn(`--open: ${message}`),
      });
    } else {
      logger.warn(
        `--open: nothing to open, the web face is not available (${web.detail ?? 'not built'}); the server runs on ${server.url}`,
      );
    }
  }
}

void main();
