import { definePackageConfig } from '@paige/vitest-config';
import { define } from './vitest.define.js';

// The workspace packages' built `dist` (with their bundled vendor chunks) is loaded by Node as in production.
export default definePackageConfig(
  { define, test: { exclude: ['test/hardening/**', '**/node_modules/**'] } },
  { distExternal: true },
);
