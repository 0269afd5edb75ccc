import { defineConfig } from 'tsup';

export default defineConfig({
  // `dashboard-state`: the SQLite-only `dashboard:state` builder without the model-backed flows, so a server answers
  // the first dashboard request without loading them (issue 20 item 8).
  // `hint-level`: the hint-level rule (issue 23 item 1), pure, for the server's start-up path.
  entry: {
    index: 'src/index.ts',
    'solution-guard': 'src/solution-guard.ts',
    'dashboard-state': 'src/ui/dashboard-state.ts',
    'hint-level': 'src/hint-level.ts',
  },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
