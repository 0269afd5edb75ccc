import { definePackageConfig } from '@paige/vitest-config';
import { packageVersion } from '@paige/tsup-config';

export default definePackageConfig(
  // the build-time constant of tsup.config.ts, for tests that run the sources
  {
    define: {
      __PAIGE_PLUGIN_VERSION__: JSON.stringify(packageVersion(new URL('./package.json', import.meta.url))),
    },
  },
  { distExternal: true },
);
