import { definePackageConfig } from '@paige/vitest-config';

// Real child processes with wall-time limits: one file at a time, 30 s per test.
export default definePackageConfig({ test: { testTimeout: 30_000, fileParallelism: false } });
