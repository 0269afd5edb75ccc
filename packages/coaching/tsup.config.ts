import { defineConfig } from 'tsup';

export default defineConfig({
  // `dashboard-state`: the SQLite-only `dashboard:state` builder without the model-backed flows, so a server answers
  // the first dashboard request without loading them (issue 20 item 8).
  entry: { index: 'src/index.ts', 'solution-guard': 'src/solution-guard.ts', 'dashboard-state': 'src/ui/dashboard-state.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
