import { definePackageBuild } from '@paige/tsup-config';

export default definePackageBuild({
  entry: { index: 'src/index.ts', 'pty/index': 'src/pty/index.ts' },
  // Runs in browsers, Electron renderers and Node 20: keep the output at a level all of them parse.
  target: 'es2022',
  platform: 'neutral',
});
