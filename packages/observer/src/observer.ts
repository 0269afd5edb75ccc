import { USER_INITIATED_EVENTS } from '@paige/protocol';
import type { ActivityEvent, DreyfusStage } from '@paige/protocol';
import { ObserverError } from './errors.js';
import { formatDuration } from './format.js';
import { resolveObserverSettings } from './settings.js';
import { SUPPRESSION_REASONS, TRIGGER_REASONS } from './types.js';
import type {
  Observer,
  ObserverActionData,
  ObserverContext,
  ObserverLogger,
  ObserverMessages,
  ObserverNudge,
  ObserverOptions,
  ObserverStats,
  ObserverStatus,
  SuppressionReason,
  TriageDecision,
  TriageRecentAction,
  TriageSnapshot,
  TriggerReason,
} from './types.js';

/**
 * Action types the Observer itself writes, and the face's delivery reports of its nudges (issue 17): they come back
 * on the bus and are not user activity.
 */
const OWN_ACTION_TYPES: ReadonlySet<string> = new Set([
  'observer_triage',
  'nudge_sent',
  'nudge_suppressed',
  'observer_muted',
  'nudge_delivered',
  'nudge_dropped',
]);
const USER_INITIATED: ReadonlySet<string> = new Set(USER_INITIATED_EVENTS);

const silentLogger: ObserverLogger = { debug: () => {}, warn: () => {}, error: () => {} };

interface HistoryEntry {
  type: string;
  path: string | undefined;
  at: number;
  count: number;
}

class TriageAbortedError extends Error {
  constructor() {
    super('triage aborted');
    this.name = 'TriageAbortedError';
  }
}

function pathOf(event: ActivityEvent): string | undefined {
  const data = event.data;
  if (!data) return undefined;
  const path = data['path'] ?? data['toPath'];
  return typeof path === 'string' ? path : undefined;
}

/** Wire limits of `NudgeContextSchema` (protocol `LIMITS`): paths 4096, labels 512, prose 20 KiB. */
const MAX_PATH = 4096;
const MAX_LABEL = 512;
const MAX_PROSE = 20_480;

/** A non-empty string cut to `max` characters, or null. */
function text(value: string | null | undefined, max: number): string | null {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, max) : null;
}

/** Confidence as a number in 0..1 (NaN -> 0). */
function unit(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Rejects with TriageAbortedError as soon as `signal` aborts, whether or not `promise` honours it. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new TriageAbortedError());
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Creates the Observer of one coaching session. It does nothing until {@link Observer.start}.
 *
 * Pipeline per trigger (primary Story 10, issue 9):
 * 1. Triggers: every `file_open`; every `bufferUpdateEvery`th `buffer_update` in the current phase (counter reset
 *    on `phase_completed`); every `explainEvery`th `user_explain_request` in the session (never reset); every
 *    `phase_completed`; the idle timer (`idleMs` after the last user-initiated event, re-armed while idle).
 * 2. One evaluation at a time: triggers arriving while one runs are coalesced into a single follow-up.
 * 3. Before the model: `muted`, `flow_state` (> `flowStateThreshold` user-initiated events in the rolling
 *    `flowStateWindowMs`), `cooldown` (when `cooldownSkipsTriage`, the default: a decision made now could not be
 *    delivered), then `getContext()` and `no_change` (no event, idle-flag, phase or Dreyfus change since the last
 *    successful triage). Each is logged as `nudge_suppressed { reason, trigger }`.
 * 4. Triage call; `observer_triage` logged with the decision and reasoning (or the error).
 * 5. After the model: `should_nudge: false` ends quietly; `signal: "no_nudge"` with `should_nudge: true` is a
 *    contradiction (discovery EC-67: warning, no nudge); `muted` (muted meanwhile), `low_confidence`
 *    (< `confidenceThreshold`), `cooldown` (a nudge less than `cooldownMs` ago) are logged as `nudge_suppressed
 *    { reason, trigger, signal, confidence }`; otherwise `nudge_sent` is logged and `observer:nudge` broadcast.
 *
 * @throws ObserverError `INVALID_SETTINGS` for bad settings.
 * @see Story 10 AS-1..AS-11
 */
export function createObserver(options: ObserverOptions): Observer {
  const settings = resolveObserverSettings(options.settings);
  const { sessionId, clock } = options;
  const logger = options.logger ?? silentLogger;

  let active = false;
  let stopped = false;
  let muted = false;
  let unsubscribe: (() => void) | null = null;
  let idleTimer: unknown = null;
  let lastEvaluationAt: number | null = null;

  // Event history (the Observer's own, not the action log): recent actions, save and user-activity times.
  const history: HistoryEntry[] = [];
  const userEventTimes: number[] = [];
  let eventSeq = 0;
  let lastUserActivityAt = 0;
  let lastSaveAt: number | null = null;
  let lastNudgeAt: number | null = null;

  // Trigger counters (primary Story 10 "Triage Trigger State").
  let bufferUpdatesInPhase = 0;
  let explainRequests = 0;

  // Evaluation state.
  let running: Promise<void> | null = null;
  let pending: TriggerReason | null = null;
  let controller: AbortController | null = null;
  let lastFingerprint: string | null = null;

  const stats: ObserverStats = {
    events: 0,
    triggers: Object.fromEntries(TRIGGER_REASONS.map((r) => [r, 0])) as Record<TriggerReason, number>,
    coalesced: 0,
    triageCalls: 0,
    triageFailures: 0,
    nudges: 0,
    suppressions: Object.fromEntries(SUPPRESSION_REASONS.map((r) => [r, 0])) as Record<
      SuppressionReason,
      number
    >,
  };

  function status(): ObserverStatus {
    return {
      active,
      muted,
      lastEvaluation: lastEvaluationAt === null ? null : new Date(lastEvaluationAt).toISOString(),
    };
  }

  function send<T extends keyof ObserverMessages>(type: T, payload: ObserverMessages[T]): void {
    try {
      options.broadcast(type, payload);
    } catch (error) {
      logger.error({ sessionId, type, err: messageOf(error) }, 'observer broadcast failed');
    }
  }

  function log<T extends keyof ObserverActionData>(actionType: T, data: ObserverActionData[T]): void {
    try {
      const result = options.logAction(actionType, data);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          logger.error({ sessionId, actionType, err: messageOf(error) }, 'observer action log failed');
        });
      }
    } catch (error) {
      logger.error({ sessionId, actionType, err: messageOf(error) }, 'observer action log failed');
    }
  }

  function suppress(
    reason: SuppressionReason,
    trigger: TriggerReason,
    decision?: Pick<TriageDecision, 'signal' | 'confidence'>,
  ): void {
    stats.suppressions[reason] += 1;
    log(
      'nudge_suppressed',
      decision
        ? { reason, trigger, signal: decision.signal, confidence: decision.confidence }
        : { reason, trigger },
    );
    logger.debug({ sessionId, reason, trigger }, 'observer nudge suppressed');
  }

  // ---------------------------------------------------------------- idle timer

  function armIdleTimer(delayMs: number): void {
    if (idleTimer !== null) clock.clearTimeout(idleTimer);
    idleTimer = clock.setTimeout(onIdle, delayMs);
  }

  function onIdle(): void {
    idleTimer = null;
    if (!active) return; // discovery EC-71
    armIdleTimer(settings.idleMs); // still idle: check again after another idleMs (no_change keeps it free)
    requestEvaluation('idle');
  }

  function inCooldown(now: number): boolean {
    return lastNudgeAt !== null && now - lastNudgeAt < settings.cooldownMs;
  }

  function isUserIdle(now: number): boolean {
    return now - lastUserActivityAt >= settings.idleMs;
  }

  // ---------------------------------------------------------------- events

  function record(event: ActivityEvent, now: number): void {
    eventSeq += 1;
    stats.events += 1;
    const path = pathOf(event);
    const last = history.at(-1);
    if (event.type === 'buffer_update' && last && last.type === 'buffer_update' && last.path === path) {
      last.count += 1;
      last.at = now;
    } else {
      history.push({ type: event.type, path, at: now, count: 1 });
      if (history.length > settings.recentActionLimit) history.shift();
    }
    if (event.type === 'file_save') lastSaveAt = now;
    if (USER_INITIATED.has(event.type)) {
      userEventTimes.push(now);
      pruneUserEvents(now);
      lastUserActivityAt = now;
      armIdleTimer(settings.idleMs);
    }
  }

  function pruneUserEvents(now: number): void {
    const cutoff = now - settings.flowStateWindowMs;
    let drop = 0;
    while (drop < userEventTimes.length && (userEventTimes[drop] ?? 0) <= cutoff) drop += 1;
    if (drop > 0) userEventTimes.splice(0, drop);
  }

  function triggerFor(event: ActivityEvent): TriggerReason | null {
    switch (event.type) {
      case 'file_open':
        return 'file_open';
      case 'buffer_update':
        bufferUpdatesInPhase += 1;
        if (bufferUpdatesInPhase >= settings.bufferUpdateEvery) {
          bufferUpdatesInPhase = 0; // AS-11
          return 'buffer_threshold';
        }
        return null;
      case 'user_explain_request':
        explainRequests += 1;
        return explainRequests % settings.explainEvery === 0 ? 'explain_threshold' : null;
      case 'phase_completed':
        bufferUpdatesInPhase = 0;
        return 'phase_completed';
      default:
        return null;
    }
  }

  function onEvent(event: ActivityEvent): void {
    if (!active || event.sessionId !== sessionId || OWN_ACTION_TYPES.has(event.type)) return;
    const now = clock.now();
    record(event, now);
    const trigger = triggerFor(event);
    if (trigger) requestEvaluation(trigger);
  }

  // ---------------------------------------------------------------- evaluation

  function requestEvaluation(trigger: TriggerReason): void {
    stats.triggers[trigger] += 1;
    if (running) {
      stats.coalesced += 1;
      pending = trigger;
      return;
    }
    running = runEvaluations(trigger);
  }

  async function runEvaluations(first: TriggerReason): Promise<void> {
    let next: TriggerReason | null = first;
    try {
      while (next !== null && active) {
        const trigger: TriggerReason = next;
        try {
          await evaluate(trigger);
        } catch (error) {
          logger.error({ sessionId, trigger, err: messageOf(error) }, 'observer evaluation failed');
        }
        next = pending;
        pending = null;
      }
    } finally {
      running = null;
      pending = null;
    }
  }

  function buildSnapshot(
    trigger: TriggerReason,
    context: ObserverContext,
    now: number,
    userIdle: boolean,
  ): TriageSnapshot {
    const phase = context.currentPhase;
    const recent: TriageRecentAction[] = history.map((entry) => {
      const action: TriageRecentAction = { type: entry.type, ago: formatDuration(now - entry.at) };
      if (entry.path !== undefined) action.path = entry.path;
      if (entry.count > 1) action.count = entry.count;
      return action;
    });
    return {
      trigger,
      current_phase: phase
        ? {
            number: phase.number,
            title: phase.title,
            description: phase.description,
            expected_files: [...phase.expectedFiles],
          }
        : null,
      recent_actions: recent,
      time_since_last_save: lastSaveAt === null ? 'never' : formatDuration(now - lastSaveAt),
      time_since_last_nudge: lastNudgeAt === null ? 'never' : formatDuration(now - lastNudgeAt),
      dreyfus_stage: context.dreyfusStage ?? 'novice',
      user_idle: userIdle,
    };
  }

  function nudgeContext(decision: TriageDecision, snapshot: TriageSnapshot): ObserverNudge['context'] {
    const suggested = decision.suggested_context ?? null;
    const lastFile = [...snapshot.recent_actions].reverse().find((a) => a.path !== undefined)?.path ?? null;
    return {
      current_file: text(suggested?.current_file, MAX_PATH) ?? lastFile,
      expected_file:
        text(suggested?.expected_file, MAX_PATH) ?? snapshot.current_phase?.expected_files[0] ?? null,
      time_in_file: text(suggested?.time_in_file, MAX_LABEL),
      phase_description:
        text(suggested?.phase_description, MAX_PROSE) ?? snapshot.current_phase?.description ?? null,
    };
  }

  async function evaluate(trigger: TriggerReason): Promise<void> {
    const startedAt = clock.now();
    if (muted) return suppress('muted', trigger);
    pruneUserEvents(startedAt);
    if (userEventTimes.length > settings.flowStateThreshold) return suppress('flow_state', trigger);
    if (settings.cooldownSkipsTriage && inCooldown(startedAt)) return suppress('cooldown', trigger);

    let context: ObserverContext;
    try {
      context = await options.getContext();
    } catch (error) {
      logger.error(
        { sessionId, trigger, err: messageOf(error) },
        'observer context read failed; evaluation skipped',
      );
      return;
    }
    if (!active) return;

    const now = clock.now();
    const userIdle = isUserIdle(now);
    const dreyfus: DreyfusStage = context.dreyfusStage ?? 'novice';
    const fingerprint = `${eventSeq}|${userIdle}|${context.currentPhase?.number ?? '-'}|${dreyfus}`;
    if (fingerprint === lastFingerprint) return suppress('no_change', trigger);

    const snapshot = buildSnapshot(trigger, context, now, userIdle);
    const abort = new AbortController();
    controller = abort;
    stats.triageCalls += 1;
    let decision: TriageDecision;
    try {
      decision = await raceAbort(
        Promise.resolve().then(() => options.triage(snapshot, abort.signal)),
        abort.signal,
      );
    } catch (error) {
      if (error instanceof TriageAbortedError || !active) return; // stopped: discard (discovery EC-66)
      stats.triageFailures += 1;
      const message = messageOf(error);
      log('observer_triage', { trigger, outcome: 'error', error: message, durationMs: clock.now() - now });
      logger.warn({ sessionId, trigger, err: message }, 'observer triage failed; observer keeps running');
      return;
    } finally {
      if (controller === abort) controller = null;
    }
    if (!active) return;

    const decidedAt = clock.now();
    lastEvaluationAt = decidedAt;
    lastFingerprint = fingerprint;
    const confidence = unit(decision.confidence);
    log('observer_triage', {
      trigger,
      outcome: 'decision',
      should_nudge: decision.should_nudge,
      confidence,
      signal: decision.signal,
      reasoning: decision.reasoning,
      durationMs: decidedAt - now,
    });

    if (!decision.should_nudge) return; // AS-10 analogue: quiet no-op
    if (decision.signal === 'no_nudge') {
      logger.warn(
        { sessionId, trigger, confidence },
        'triage said should_nudge with signal no_nudge; not nudging',
      );
      return;
    }
    const signal = decision.signal;
    const scored = { signal, confidence };
    if (muted) return suppress('muted', trigger, scored);
    if (confidence < settings.confidenceThreshold) return suppress('low_confidence', trigger, scored);
    if (inCooldown(decidedAt)) return suppress('cooldown', trigger, scored);

    const nudge: ObserverNudge = { signal, confidence, context: nudgeContext(decision, snapshot) };
    lastNudgeAt = decidedAt;
    stats.nudges += 1;
    log('nudge_sent', { trigger, signal: nudge.signal, confidence, context: nudge.context });
    send('observer:nudge', nudge);
  }

  // ---------------------------------------------------------------- lifecycle

  return {
    sessionId,
    start() {
      if (stopped)
        throw new ObserverError('OBSERVER_STOPPED', `observer for session ${sessionId} was stopped`);
      if (active) return;
      active = true;
      lastUserActivityAt = clock.now();
      unsubscribe = options.subscribe(onEvent);
      armIdleTimer(settings.idleMs);
      send('observer:status', status());
    },
    stop() {
      if (!active) {
        stopped = true;
        return;
      }
      active = false;
      stopped = true;
      if (unsubscribe) {
        try {
          unsubscribe();
        } catch (error) {
          logger.error({ sessionId, err: messageOf(error) }, 'observer unsubscribe failed');
        }
        unsubscribe = null;
      }
      if (idleTimer !== null) clock.clearTimeout(idleTimer);
      idleTimer = null;
      pending = null;
      controller?.abort();
      send('observer:status', status());
    },
    setMuted(value) {
      if (!active) {
        logger.warn({ sessionId, muted: value }, 'observer mute ignored: observer not active');
        return;
      }
      muted = value;
      log('observer_muted', { muted: value });
      send('observer:status', status());
    },
    status,
    stats() {
      return { ...stats, triggers: { ...stats.triggers }, suppressions: { ...stats.suppressions } };
    },
    async whenIdle() {
      while (running) await running;
    },
  };
}
