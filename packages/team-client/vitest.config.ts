import { definePackageConfig } from '@paige/vitest-config';

// Starts a real team server per file: longer tests and hooks than the preset's.
export default definePackageConfig({ test: { testTimeout: 60_000, hookTimeout: 120_000 } });
