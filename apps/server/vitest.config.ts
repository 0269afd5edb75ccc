import { defineConfig } from 'vitest/config';
import { define } from './vitest.define.js';

export default defineConfig({
  define,
  test: { include: ['test/**/*.test.ts'], exclude: ['test/hardening/**', '**/node_modules/**'], testTimeout: 20_000, hookTimeout: 60_000 },
});
