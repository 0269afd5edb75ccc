/**
 * The version of `@paige/server`, from its `package.json` at build time (tsup and vitest `define`
 * `__PAIGE_SERVER_VERSION__`), so `connection:init`, MCP `serverInfo`, `/health` and `paige --version` follow the
 * changesets that bump the package.
 */
declare const __PAIGE_SERVER_VERSION__: string | undefined;

/** Semantic version of this build, e.g. `0.1.0` (`0.0.0-dev` when run from source without the define). */
export const SERVER_VERSION: string =
  typeof __PAIGE_SERVER_VERSION__ === 'string' ? __PAIGE_SERVER_VERSION__ : '0.0.0-dev';
