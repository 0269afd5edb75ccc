import { definePackageBuild } from '@paige/tsup-config';

export default definePackageBuild({
  entry: ['src/index.ts', 'src/service.ts', 'src/chroma-watchdog.ts', 'src/chroma-cli.ts'],
});
