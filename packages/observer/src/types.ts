/**
 * Public types of the Observer (primary Story 10 and discovery Story 10).
 *
 * Wire and prompt shapes use the spec's snake_case names verbatim (`should_nudge`, `current_phase`, ...);
 * in-process option shapes use camelCase.
 */
import type {
  ActivityEvent,
  DreyfusStage,
  NudgeContext,
  NudgeSignal,
  NudgeSuppressionReason,
} from '@paige/protocol';

/**
 * Tunable thresholds. Every duration is in milliseconds.
 *
 * @see Story 10 (primary) "Observer Triage Triggers", AS-5, AS-6, AS-9; discovery Story 10 "Trigger Events",
 *   "Suppression Checks", "Context Snapshot Assembly".
 */
export interface ObserverSettings {
  /** User idle longer than this (ms since the last user-initiated event) triggers triage. Default 300,000 (5 min). */
  idleMs: number;
  /** Every Nth `buffer_update` within the current phase triggers triage. Default 5 (primary Story 10 AS-11). */
  bufferUpdateEvery: number;
  /** Every Nth `user_explain_request` in the session triggers triage (never resets). Default 3 (primary Story 10). */
  explainEvery: number;
  /** Flow state is MORE than this many user-initiated events in the window. Default 10 (primary Story 10 AS-6). */
  flowStateThreshold: number;
  /** Rolling flow-state window in ms. Default 60,000. */
  flowStateWindowMs: number;
  /** Minimum confidence (0..1) to deliver a nudge. Default 0.7 (primary Story 10 AS-9). */
  confidenceThreshold: number;
  /** Minimum ms between two nudges. Default 120,000 (primary Story 10 AS-4/AS-5). */
  cooldownMs: number;
  /** Number of recent actions in the triage snapshot. Default 20 (discovery FR-137). */
  recentActionLimit: number;
  /**
   * When true (default), a trigger inside the cooldown is suppressed (`cooldown`) BEFORE the model call, as
   * discovery FR-133 / Scenario 10.7 order it: a decision made in cooldown could never be delivered. When false,
   * the call is made and `cooldown` is applied to its decision (primary Story 10 AS-5 read literally).
   */
  cooldownSkipsTriage: boolean;
}

/** Time source. Every time the Observer reads or waits for goes through this (tests inject a fake clock). */
export interface ObserverClock {
  /** Milliseconds since the Unix epoch (or any fixed origin, for fake clocks). */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; returns an opaque handle for {@link ObserverClock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer created by {@link ObserverClock.setTimeout}; unknown or fired handles are ignored. */
  clearTimeout(handle: unknown): void;
}

/** The pino-compatible subset the Observer logs through (`logger.warn({ ...fields }, 'message')`). */
export interface ObserverLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the Observer triggers on. `idle` comes from its own timer; the rest from activity events. */
export type TriggerReason =
  'file_open' | 'buffer_threshold' | 'explain_threshold' | 'phase_completed' | 'idle';

/** Every trigger reason, in a stable order. */
export const TRIGGER_REASONS = [
  'file_open',
  'buffer_threshold',
  'explain_threshold',
  'phase_completed',
  'idle',
] as const satisfies readonly TriggerReason[];

/**
 * Why a trigger did not become a nudge, in the order the checks run: `muted`, `flow_state`, `no_change` before
 * any model call; `low_confidence`, `cooldown` after it. (`muted` is checked again when a decision comes back.)
 */
export type SuppressionReason = NudgeSuppressionReason;

/** Every suppression reason, in check order. */
export const SUPPRESSION_REASONS = [
  'muted',
  'flow_state',
  'no_change',
  'low_confidence',
  'cooldown',
] as const satisfies readonly SuppressionReason[];

/** The active phase as the server knows it (from the `phases` table). */
export interface ObserverPhase {
  number: number;
  title: string;
  description: string;
  /** Project-relative paths the phase expects the user to work in. */
  expectedFiles: string[];
}

/**
 * Session state the Observer cannot see in its own event history, supplied on every evaluation by
 * `getContext`. `dreyfusStage` null/absent means no assessment yet and becomes `"novice"` (discovery FR-138).
 */
export interface ObserverContext {
  /** The active phase, or null before a plan exists (discovery Scenario 10.15). */
  currentPhase: ObserverPhase | null;
  dreyfusStage?: DreyfusStage | null;
}

/** One entry of `recent_actions`. Consecutive `buffer_update`s of one file collapse into one entry with `count`. */
export type TriageRecentAction = {
  type: string;
  path?: string;
  /** Human-readable time since the action, e.g. `"45s"`, `"3m12s"`, `"1h05m"`. */
  ago: string;
  /** Number of collapsed consecutive `buffer_update` events (present only when > 1). */
  count?: number;
};

/**
 * The triage model's input, as discovery Story 10 "Context Snapshot Assembly" (`TriageContext`) defines it,
 * plus the `trigger` that caused the evaluation. Durations are human-readable strings or `"never"`.
 */
export type TriageSnapshot = {
  trigger: TriggerReason;
  current_phase: {
    number: number;
    title: string;
    description: string;
    expected_files: string[];
  } | null;
  /** Oldest first, at most `recentActionLimit` entries. */
  recent_actions: TriageRecentAction[];
  time_since_last_save: string;
  time_since_last_nudge: string;
  dreyfus_stage: DreyfusStage;
  user_idle: boolean;
};

/**
 * Context the triage model passes through to the nudge (discovery `observer-triage` `suggested_context`; the
 * protocol's `NudgeContext`): `{ current_file, expected_file, time_in_file, phase_description }`, each nullable.
 */
export type SuggestedContext = NudgeContext;

/** A signal that is delivered as a nudge: every `NudgeSignal` but `no_nudge` (protocol `DeliveredNudgeSignalSchema`). */
export type DeliveredNudgeSignal = Exclude<NudgeSignal, 'no_nudge'>;

/**
 * The triage model's output: the discovery spec's `observer-triage` `responseSchema`, with `signal` from the
 * canonical `NudgeSignal` enum (DESIGN section 3). `confidence` is 0..1.
 */
export type TriageDecision = {
  should_nudge: boolean;
  confidence: number;
  signal: NudgeSignal;
  /** Internal reasoning: logged in `observer_triage`, never shown to the user. */
  reasoning: string;
  suggested_context?: SuggestedContext | null;
};

/** `observer:status` payload (discovery Story 10 "WebSocket Messages"). `lastEvaluation` is ISO 8601 or null. */
export type ObserverStatus = {
  active: boolean;
  muted: boolean;
  lastEvaluation: string | null;
};

/**
 * `observer:nudge` payload, as `@paige/protocol`'s `observer:nudge` schema. `context` is the model's
 * `suggested_context` with missing fields filled from the snapshot (last file touched, the phase's first expected
 * file, the phase description); empty strings become null. `confidence` is 0..1.
 */
export type ObserverNudge = {
  signal: DeliveredNudgeSignal;
  confidence: number;
  context: NudgeContext;
};

/** Messages the Observer broadcasts, keyed by WebSocket type. */
export type ObserverMessages = {
  'observer:status': ObserverStatus;
  'observer:nudge': ObserverNudge;
};

/** `action_log.data` of the rows the Observer writes, keyed by action type. */
export type ObserverActionData = {
  /** One per model call: the decision, or the failure. */
  observer_triage:
    | {
        trigger: TriggerReason;
        outcome: 'decision';
        should_nudge: boolean;
        confidence: number;
        signal: NudgeSignal;
        reasoning: string;
        /** Model call duration, ms (injected clock). */
        durationMs: number;
      }
    | { trigger: TriggerReason; outcome: 'error'; error: string; durationMs: number };
  nudge_sent: {
    trigger: TriggerReason;
    signal: DeliveredNudgeSignal;
    confidence: number;
    context: NudgeContext;
  };
  nudge_suppressed: {
    reason: SuppressionReason;
    trigger: TriggerReason;
    signal?: NudgeSignal;
    confidence?: number;
  };
  observer_muted: { muted: boolean };
};

/** Activity-bus subscription: registers a listener, returns the function that removes it. */
export type SubscribeFn = (listener: (event: ActivityEvent) => void) => () => void;

/**
 * The triage call (the server builds it from `@paige/coaching`'s `observer-triage` module and `callApi` with
 * `haiku`). It should honour `signal`; a rejection is logged and the Observer keeps running.
 */
export type TriageFn = (snapshot: TriageSnapshot, signal: AbortSignal) => Promise<TriageDecision>;

/** Constructor arguments of {@link createObserver}. */
export interface ObserverOptions {
  /** The coaching session this Observer belongs to; events of other sessions are ignored. */
  sessionId: string;
  subscribe: SubscribeFn;
  triage: TriageFn;
  /** Current phase and Dreyfus stage, read once per evaluation (after the muted and flow-state checks). */
  getContext: () => ObserverContext | Promise<ObserverContext>;
  /** Sends a message to every connected client. Errors it throws are logged and swallowed. */
  broadcast: <T extends keyof ObserverMessages>(type: T, payload: ObserverMessages[T]) => void;
  /** Writes an `action_log` row for this session. Errors it throws (or rejections) are logged and swallowed. */
  logAction: <T extends keyof ObserverActionData>(actionType: T, data: ObserverActionData[T]) => unknown;
  /** Defaults to a silent logger. */
  logger?: ObserverLogger;
  clock: ObserverClock;
  settings?: Partial<ObserverSettings>;
}

/** Counters for tests, benchmarks and diagnostics. */
export type ObserverStats = {
  /** Activity events of this session received (the Observer's own action types excluded). */
  events: number;
  /** Triggers fired, by reason (including coalesced ones). */
  triggers: Record<TriggerReason, number>;
  /** Triggers that arrived while an evaluation was in progress and were folded into one follow-up. */
  coalesced: number;
  /** Model calls started. */
  triageCalls: number;
  /** Model calls that rejected (aborts by `stop()` excluded). */
  triageFailures: number;
  /** `observer:nudge` broadcasts. */
  nudges: number;
  /** Suppressions, by reason. */
  suppressions: Record<SuppressionReason, number>;
};

/** A per-session Observer. Create with {@link createObserver}. */
export interface Observer {
  readonly sessionId: string;
  /**
   * Subscribes to the activity bus, arms the idle timer and broadcasts `observer:status { active: true, muted: false,
   * lastEvaluation: null }`. Idempotent while active.
   * @throws ObserverError `OBSERVER_STOPPED` after {@link Observer.stop}.
   * @see Story 10 AS-1
   */
  start(): void;
  /**
   * Unsubscribes, clears the idle timer, aborts an in-flight triage (its result is discarded), drops a pending
   * follow-up and broadcasts `observer:status { active: false, muted, lastEvaluation }`. Idempotent.
   * @see Story 10 AS-2
   */
  stop(): void;
  /**
   * Sets the mute flag, logs `observer_muted { muted }` and broadcasts `observer:status`. Ignored with a warning
   * when the Observer is not active (discovery EC-70).
   * @see Story 10 AS-7, AS-8
   */
  setMuted(muted: boolean): void;
  status(): ObserverStatus;
  stats(): ObserverStats;
  /** Resolves once no evaluation is in progress or queued (for tests and orderly shutdown). */
  whenIdle(): Promise<void>;
}
