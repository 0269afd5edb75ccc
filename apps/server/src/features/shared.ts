/** Small lookups shared by the feature modules. */
import { getActivePlan } from '@paige/store';
import type { AppContext } from '../context.js';

/** The active phase of the session's active plan, or null. */
export function activePhase(ctx: AppContext, sessionId: string) {
  const plan = getActivePlan(ctx.db, sessionId);
  return plan?.phases.find((p) => p.status === 'active') ?? null;
}

/** The tidy project-relative form of a client path, as the workspace keys it (`src/./a.ts` -> `src/a.ts`); confined. */
export async function projectPath(ctx: AppContext, path: string): Promise<string> {
  return (await ctx.workspace.root.resolveBoth(path)).rel;
}

