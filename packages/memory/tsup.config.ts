import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/service.ts', 'src/chroma-watchdog.ts', 'src/chroma-cli.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
