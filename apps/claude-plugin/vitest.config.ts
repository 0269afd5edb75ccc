import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  // the build-time constant of tsup.config.ts, for tests that run the sources
  define: { __PAIGE_PLUGIN_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The workspace packages' built `dist` (with their bundled vendor chunks) is loaded by Node as in production,
    // not transformed by vite on every test run.
    server: { deps: { external: [/\/(packages|apps)\/[^/]+\/dist\//] } },
  },
});
