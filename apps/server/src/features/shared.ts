/** Small lookups shared by the feature modules. */
import { getActivePlan } from '@paige/store';
import type { AppContext } from '../context.js';

/** The active phase of the session's active plan, or null. */
export function activePhase(ctx: AppContext, sessionId: string) {
  const plan = getActivePlan(ctx.db, sessionId);
  return plan?.phases.find((p) => p.status === 'active') ?? null;
}
