/**
 * `@paige/vitest-config`: the vitest preset of the Paige packages (issue 25 item 5; create-t3-turbo's `tooling/` is the
 * model). Plain JavaScript so a config file can import it without a TypeScript loader.
 */
import { defineConfig, mergeConfig } from 'vitest/config';

/**
 * The workspace packages' built `dist` (with their bundled vendor chunks): loaded by Node as in production, not
 * transformed by vite on every test run.
 */
export const WORKSPACE_DIST = /\/(packages|apps)\/[^/]+\/dist\//;

/** The settings every package shares: `test/**\/*.test.ts`, 20 s per test, 60 s per hook. */
export const baseConfig = {
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
};

/**
 * A package's vitest config: {@link baseConfig} merged with `overrides` (vitest's `mergeConfig`; `test.include`, when
 * given, replaces the base's instead of adding to it). With `distExternal`, the other workspace packages' `dist` is
 * loaded by Node ({@link WORKSPACE_DIST}).
 * @param {import('vitest/config').ViteUserConfig} [overrides]
 * @param {{ distExternal?: boolean }} [options]
 */
export function definePackageConfig(overrides = {}, options = {}) {
  const base = options.distExternal
    ? mergeConfig(baseConfig, { test: { server: { deps: { external: [WORKSPACE_DIST] } } } })
    : baseConfig;
  const merged = mergeConfig(base, overrides);
  if (overrides.test?.include) merged.test.include = overrides.test.include;
  return defineConfig(merged);
}
