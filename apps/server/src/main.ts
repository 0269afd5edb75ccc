#!/usr/bin/env node
/**
 * `paige-server`: reads the environment, starts the backend, and shuts it down gracefully on
 * SIGINT/SIGTERM (a second signal exits at once). Exit codes: 0 after a clean shutdown, 1 on a bad
 * configuration or a failed start.
 *
 * Flags: `--new-token` makes a new token for /ws and /pty (DATA_DIR/token), signing out every open page (issue 17).
 */
import { performance } from 'node:perf_hooks';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createServer } from './app.js';

const processStart = performance.now();

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const issue of err.issues) process.stderr.write(`paige-server: ${issue}\n`);
      process.stderr.write('paige-server: configuration invalid, see the README "Configuration" table\n');
      process.exit(1);
    }
    throw err;
  }
  if (process.argv.slice(2).includes('--new-token')) config.rotateToken = true;
  const logger = createLogger({ level: config.logLevel });
  const server = createServer(config, { logger, startedAt: processStart });

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutdown requested');
    server.stop().then(
      () => {
        logger.info('shutdown complete');
        logger.flush(() => process.exit(0));
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        logger.flush(() => process.exit(1));
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await server.start();
  } catch (err) {
    logger.fatal({ err }, 'server failed to start');
    await server.stop().catch(() => undefined);
    logger.flush(() => process.exit(1));
  }
}

void main();
