import { definePackageConfig } from '@paige/vitest-config';

export default definePackageConfig();
