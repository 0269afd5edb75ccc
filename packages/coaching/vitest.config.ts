import { definePackageConfig } from '@paige/vitest-config';

// The other workspace packages' built `dist` (the Anthropic SDK is bundled into @paige/llm's) is loaded by Node as in
// production, not transformed by vite on every test run.
export default definePackageConfig({}, { distExternal: true });
