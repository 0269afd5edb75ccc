import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The other workspace packages' built `dist` (the Anthropic SDK is bundled into @paige/llm's) is loaded by Node as
    // in production, not transformed by vite on every test run.
    server: { deps: { external: [/\/packages\/[^/]+\/dist\//] } },
  },
});
