/**
 * Test harness: a real Observer on a fake clock, an in-memory activity bus (which, like the store's, republishes
 * every action the Observer logs), a recording broadcaster, and a scripted triage function.
 */
import type { ActivityEvent, ActivityEventType } from '@paige/protocol';
import { createObserver } from '../src/index.js';
import type {
  Observer,
  ObserverActionData,
  ObserverContext,
  ObserverMessages,
  ObserverSettings,
  TriageDecision,
  TriageSnapshot,
} from '../src/index.js';
import { createFakeClock } from '../src/testing.js';
import type { FakeClock } from '../src/testing.js';

export const SESSION = 'session-1';

export const PHASE_1: NonNullable<ObserverContext['currentPhase']> = {
  number: 1,
  title: 'Find the OAuth callback handler',
  description: 'Find and understand the OAuth callback handler',
  expectedFiles: ['src/handlers/oauth.ts'],
};

export const NO_NUDGE: TriageDecision = {
  should_nudge: false,
  confidence: 0.2,
  signal: 'no_nudge',
  reasoning: 'Reading a related file; leave them alone.',
};

export const WRONG_FILE: TriageDecision = {
  should_nudge: true,
  confidence: 0.85,
  signal: 'wrong_file',
  reasoning: 'Editing middleware/auth.ts for 3 minutes; the phase expects handlers/oauth.ts.',
  suggested_context: {
    current_file: 'src/middleware/auth.ts',
    expected_file: 'src/handlers/oauth.ts',
    time_in_file: '3m12s',
    phase_description: 'Find and understand the OAuth callback handler',
  },
};

type Deferred = { resolve: (d: TriageDecision) => void; reject: (e: unknown) => void };

export type TriageCall = { snapshot: TriageSnapshot; signal: AbortSignal };

export type LoggedAction = {
  [K in keyof ObserverActionData]: { type: K; data: ObserverActionData[K] };
}[keyof ObserverActionData];

export type Broadcast = {
  [K in keyof ObserverMessages]: { type: K; payload: ObserverMessages[K] };
}[keyof ObserverMessages];

export interface Harness {
  clock: FakeClock;
  observer: Observer;
  calls: TriageCall[];
  actions: LoggedAction[];
  broadcasts: Broadcast[];
  listenerCount(): number;
  /** Publishes an activity event (default: this session) at the current fake time. */
  emit(type: ActivityEventType, data?: Record<string, unknown> | null, sessionId?: string | null): void;
  /** Next triage answers: a decision, an Error (rejects), or 'manual' (the test settles it via `pendingCalls`). */
  script: (TriageDecision | Error | 'manual')[];
  pendingCalls: Deferred[];
  context: ObserverContext;
  /** Lets queued promise callbacks run (no time passes). */
  settle(): Promise<void>;
  suppressions(): ObserverActionData['nudge_suppressed'][];
  nudges(): ObserverMessages['observer:nudge'][];
  statuses(): ObserverMessages['observer:status'][];
}

/** A minimal activity bus: `subscribe` for the Observer, `emit` for the test. */
export function createBus(sessionId: string = SESSION) {
  const listeners = new Set<(event: ActivityEvent) => void>();
  return {
    subscribe: (listener: (event: ActivityEvent) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(type: ActivityEventType, data: Record<string, unknown> | null = null) {
      for (const listener of [...listeners])
        listener({ type, sessionId, data, createdAt: '2026-01-01T00:00:00.000Z' });
    },
  };
}

export function createHarness(
  settings: Partial<ObserverSettings> = {},
  fallback: TriageDecision = NO_NUDGE,
): Harness {
  const clock = createFakeClock();
  const listeners = new Set<(event: ActivityEvent) => void>();
  const calls: TriageCall[] = [];
  const actions: LoggedAction[] = [];
  const broadcasts: Broadcast[] = [];
  const pendingCalls: Deferred[] = [];
  const script: Harness['script'] = [];
  const publish = (event: ActivityEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const context: ObserverContext = { currentPhase: PHASE_1, dreyfusStage: null };
  const observer = createObserver({
    sessionId: SESSION,
    clock,
    settings,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getContext: () => context,
    triage: (snapshot, signal) => {
      calls.push({ snapshot, signal });
      const next = script.shift() ?? fallback;
      if (next === 'manual') {
        return new Promise<TriageDecision>((resolve, reject) => pendingCalls.push({ resolve, reject }));
      }
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    broadcast: (type, payload) => {
      broadcasts.push({ type, payload } as Broadcast);
    },
    logAction: (type, data) => {
      actions.push({ type, data } as LoggedAction);
      // Like @paige/store, every logged row is published on the bus.
      publish({
        type,
        sessionId: SESSION,
        data: { ...data },
        createdAt: new Date(clock.now()).toISOString(),
      });
    },
  });
  return {
    clock,
    observer,
    calls,
    actions,
    broadcasts,
    script,
    pendingCalls,
    context,
    listenerCount: () => listeners.size,
    emit(type, data = null, sessionId = SESSION) {
      publish({ type, sessionId, data, createdAt: new Date(clock.now()).toISOString() });
    },
    settle: () => clock.flush(),
    suppressions: () => actions.flatMap((a) => (a.type === 'nudge_suppressed' ? [a.data] : [])),
    nudges: () => broadcasts.flatMap((b) => (b.type === 'observer:nudge' ? [b.payload] : [])),
    statuses: () => broadcasts.flatMap((b) => (b.type === 'observer:status' ? [b.payload] : [])),
  };
}
