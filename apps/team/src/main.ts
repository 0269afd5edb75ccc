#!/usr/bin/env node
/**
 * `paige-team`: starts the team server (SIGINT/SIGTERM: clean shutdown; a second signal exits at once), or
 * `paige-team invite` prints an invite code: through the running server named by `DATA_DIR/team.json` when it
 * answers, else straight into the database.
 */
import { stopOnSignals } from '@paige/process';
import { TeamCliUsageError, parseTeamCli, teamHelpText } from './cli.js';
import { TEAM_VERSION } from './version.js';

function fail(message: string, code: number): never {
  process.stderr.write(`paige-team: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let command;
  try {
    command = parseTeamCli(process.argv.slice(2));
  } catch (err) {
    if (err instanceof TeamCliUsageError) fail(`${err.message}\nRun 'paige-team --help' for the options.`, 2);
    throw err;
  }
  if (command.kind === 'help') return void process.stdout.write(teamHelpText(TEAM_VERSION));
  if (command.kind === 'version') return void process.stdout.write(`${TEAM_VERSION}\n`);

  const [{ loadTeamConfig, TeamConfigError }, { createLogger }] = await Promise.all([
    import('./config.js'),
    import('./logger.js'),
  ]);
  let config;
  try {
    config = loadTeamConfig({ ...process.env, ...command.flagEnv });
  } catch (err) {
    if (err instanceof TeamConfigError) {
      for (const issue of err.issues) process.stderr.write(`paige-team: ${issue}\n`);
      fail("invalid settings: see 'paige-team --help'", 1);
    }
    throw err;
  }

  if (command.kind === 'invite') {
    const { createInviteCommand } = await import('./invite-command.js');
    try {
      const { code, expiresAt, url } = await createInviteCommand(config, command);
      process.stdout.write(`${code}\n`);
      process.stderr.write(
        `expires ${expiresAt}, ${command.uses} use${command.uses === 1 ? '' : 's'}; the learner runs:\n  paige team join ${url} ${code}\n`,
      );
      return;
    } catch (err) {
      fail((err as Error).message, 1);
    }
  }

  const { createTeamServer } = await import('./server.js');
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const server = createTeamServer(config, { logger });
  stopOnSignals(server, logger);
  try {
    await server.start();
  } catch (err) {
    logger.fatal({ err: (err as Error).message }, 'team server failed to start');
    await server.stop().catch(() => undefined);
    logger.flush(() => process.exit(1));
  }
}

void main();
