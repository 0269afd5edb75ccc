/**
 * @paige/observer: the per-session Observer of primary Story 10. It watches the activity stream, decides when to
 * ask a cheap triage model whether Paige should speak up, and turns confident answers into `observer:nudge`.
 * Depends only on `@paige/protocol`; the bus, triage call, broadcaster, action log and clock are injected.
 */
export { createObserver } from './observer.js';
export { createSystemClock } from './clock.js';
export { DEFAULT_OBSERVER_SETTINGS, resolveObserverSettings } from './settings.js';
export { formatDuration } from './format.js';
export { ObserverError } from './errors.js';
export type { ObserverErrorCode } from './errors.js';
export { SUPPRESSION_REASONS, TRIGGER_REASONS } from './types.js';
export type {
  DeliveredNudgeSignal,
  Observer,
  ObserverActionData,
  ObserverClock,
  ObserverContext,
  ObserverLogger,
  ObserverMessages,
  ObserverNudge,
  ObserverOptions,
  ObserverPhase,
  ObserverSettings,
  ObserverStats,
  ObserverStatus,
  SubscribeFn,
  SuggestedContext,
  SuppressionReason,
  TriageDecision,
  TriageFn,
  TriageRecentAction,
  TriageSnapshot,
  TriggerReason,
} from './types.js';
