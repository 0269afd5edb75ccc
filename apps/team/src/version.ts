import { createRequire } from 'node:module';

/** The package's version (from its package.json). */
export const TEAM_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;
