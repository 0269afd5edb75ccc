/**
 * `@paige/team`: the team server (issue 26). Programmatic use: `createTeamServer(loadTeamConfig(env), { logger })`;
 * the database layer and rules are exported for tests and tools.
 */
export { createTeamServer, defaultWebDir, type TeamServer } from './server.js';
export { createTeamApp, MENTOR_COOKIE, type TeamAppOptions } from './app.js';
export { loadTeamConfig, TeamConfigError, TEAM_VARIABLES, type TeamConfig } from './config.js';
export {
  openTeamDatabase,
  MIGRATIONS_FOLDER,
  type TeamDatabase,
  type TeamDb,
  type OpenTeamDatabaseOptions,
} from './db/index.js';
export * from './team.js';
export { createLogger, type Logger } from './logger.js';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './rate-limit.js';
export { TEAM_VERSION } from './version.js';
