/** Small lookups shared by the feature modules. */
import { getActivePlan, type PaigeDatabase } from '@paige/store';

/** The active phase of the session's active plan, or null. */
export function activePhase(db: PaigeDatabase, sessionId: string) {
  const plan = getActivePlan(db, sessionId);
  return plan?.phases.find((p) => p.status === 'active') ?? null;
}
