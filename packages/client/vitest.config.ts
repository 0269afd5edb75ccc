import { definePackageConfig } from '@paige/vitest-config';

// Starts real servers: one test file at a time, 30 s per test.
export default definePackageConfig({ test: { testTimeout: 30_000, fileParallelism: false } });
