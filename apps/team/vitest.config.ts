import { definePackageConfig } from '@paige/vitest-config';

export default definePackageConfig({
  test: { globalSetup: ['test/support/global-setup.ts'], testTimeout: 30_000 },
});
