import type { ViteUserConfig } from 'vitest/config';

/** The workspace packages' built `dist`, loaded by Node rather than transformed by vite. */
export declare const WORKSPACE_DIST: RegExp;
/** The settings every package shares: `test/**\/*.test.ts`, 20 s per test, 60 s per hook. */
export declare const baseConfig: ViteUserConfig;
/** A package's vitest config: the base merged with `overrides` (`test.include` replaces); `distExternal` keeps other packages' `dist` external. */
export declare function definePackageConfig(
  overrides?: ViteUserConfig,
  options?: { distExternal?: boolean },
): ViteUserConfig;
