import { defineConfig } from 'vitest/config';
import { define } from './vitest.define.js';

export default defineConfig({
  define,
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/hardening/**', '**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The workspace packages' built `dist` (with their bundled vendor chunks) is loaded by Node as in production,
    // not transformed by vite on every test run.
    server: { deps: { external: [/\/(packages|apps)\/[^/]+\/dist\//] } },
  },
});
