/**
 * Shapes shared by the coaching pipeline and the session wrap-up: the logger and action-log callbacks the
 * caller passes in (no globals), and small helpers.
 */
import type { PhaseWithHints, PlanWithPhases } from '@paige/store';
import type { PhaseRecord } from '../context/session.js';

/**
 * The logger the orchestration writes to (pino's `(object, message)` call shape). Optional everywhere:
 * without one nothing is logged.
 */
export interface CoachingLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/**
 * Records an action in the action log of a session (the server passes `ctx.logAction`, which also publishes
 * it on the activity bus). `data` must be JSON.
 */
export type CoachingLogAction = (
  type:
    | 'coaching_pipeline_run'
    | 'wrap_up_error'
    | 'solution_guard_applied'
    | 'knowledge_gap_addressed'
    | 'dreyfus_stage_changed',
  data: Record<string, unknown>,
  sessionId: string,
) => void;

/** The message of anything thrown, one line, at most `max` characters (default 1,000). */
export function errorText(err: unknown, max = 1_000): string {
  const raw = err instanceof Error ? err.message : String(err);
  const text = raw.replace(/\s+/g, ' ').trim() || 'unknown error';
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A stored phase as the prompt renderers need it. */
export function toPhaseRecord(phase: PhaseWithHints): PhaseRecord {
  return {
    number: phase.number,
    title: phase.title,
    status: phase.status,
    hintLevel: phase.hintLevel,
    description: phase.description,
    startedAt: phase.startedAt,
    completedAt: phase.completedAt,
  };
}

/** Phases of a plan (or none), as {@link PhaseRecord}s. */
export function phaseRecords(plan: PlanWithPhases | null): PhaseRecord[] {
  return plan ? plan.phases.map(toPhaseRecord) : [];
}
