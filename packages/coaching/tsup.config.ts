import { definePackageBuild } from '@paige/tsup-config';

export default definePackageBuild({
  // `dashboard-state`: the SQLite-only `dashboard:state` builder without the model-backed flows, so a server answers
  // the first dashboard request without loading them (issue 20 item 8). `budget`: the daily budget rule, light enough for
  // the server's start-up path.
  entry: { index: 'src/index.ts', 'solution-guard': 'src/solution-guard.ts', 'dashboard-state': 'src/ui/dashboard-state.ts', budget: 'src/budget.ts' },
});
