import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // `diff` is 19 small ES modules: inlined it is part of one file, which a cold server start loads faster (issue 20
  // item 8).
  noExternal: ['diff'],
});
