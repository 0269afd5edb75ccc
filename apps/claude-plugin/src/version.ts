/**
 * The plugin's version, from `package.json` at build time (tsup `define` `__PAIGE_PLUGIN_VERSION__`); the build also
 * writes it into `.claude-plugin/plugin.json` (`scripts/sync-manifest.mjs`).
 */
declare const __PAIGE_PLUGIN_VERSION__: string | undefined;

/** Semantic version announced to the backend (`0.0.0-dev` when run from source without the define). */
export const PLUGIN_VERSION: string =
  typeof __PAIGE_PLUGIN_VERSION__ === 'string' ? __PAIGE_PLUGIN_VERSION__ : '0.0.0-dev';
