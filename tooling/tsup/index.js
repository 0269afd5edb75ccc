/**
 * `@paige/tsup-config`: the tsup preset of the Paige packages (issue 25 item 5). Plain JavaScript so a config file can
 * import it without a TypeScript loader.
 */
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

/** What every package builds: ESM only, declarations, source maps, a clean `dist/`, Node 20 syntax. */
export const baseOptions = {
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
};

/**
 * A package's tsup config: {@link baseOptions} with `options` on top (a package states its entries and what differs,
 * e.g. `noExternal` with the reason).
 * @param {import('tsup').Options} options
 */
export function definePackageBuild(options) {
  return defineConfig({ ...baseOptions, ...options });
}

/**
 * The `version` of the package.json at `packageJsonUrl` (`new URL('./package.json', import.meta.url)`), for a
 * build-time `define`.
 * @param {URL} packageJsonUrl
 * @returns {string}
 */
export function packageVersion(packageJsonUrl) {
  return JSON.parse(readFileSync(packageJsonUrl, 'utf8')).version;
}
