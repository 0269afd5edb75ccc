import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'pty/index': 'src/pty/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  // Runs in browsers, Electron renderers and Node 20: keep the output at a level all of them parse.
  target: 'es2022',
  platform: 'neutral',
});
