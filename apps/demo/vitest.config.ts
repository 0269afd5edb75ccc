import { definePackageConfig } from '@paige/vitest-config';

export default definePackageConfig({ test: { testTimeout: 150_000 } });
