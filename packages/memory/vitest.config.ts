import { definePackageConfig } from '@paige/vitest-config';

export default definePackageConfig({ test: { globalSetup: ['test/global-setup.ts'] } });
