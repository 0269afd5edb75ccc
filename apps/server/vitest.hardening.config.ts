import { definePackageConfig } from '@paige/vitest-config';
import { define } from './vitest.define.js';

/**
 * The hardening suite (issue 11 item 3): real servers, real clients, bounded loops, loopback only.
 * Files run one after another so the soak and the crash test measure a quiet machine.
 */
export default definePackageConfig(
  {
    define,
    test: {
      include: ['test/hardening/**/*.test.ts'],
      testTimeout: 240_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  },
  { distExternal: true },
);
