/**
 * The Observer wiring (Story 10, issue 9): one Observer per active session, started and stopped with the
 * session, subscribed to the activity bus, triaging with coaching's `observer_triage` prompt module through
 * `callApi` (haiku), and muted by `observer:mute`. A (re)connecting window gets `observer:status`.
 */
import {
  createObserver,
  createSystemClock,
  type Observer,
  type ObserverContext,
  type ObserverMessages,
  type ObserverSettings,
} from '@paige/observer';
import { mayContainCode } from '@paige/coaching/solution-guard';
import type { Budget } from '@paige/coaching/budget';
import { getActivePlan, listDreyfusAssessments, type ActivityBus, type PaigeDatabase } from '@paige/store';
import type { Logger } from '../logger.js';
import type { LlmSource, LogAction, ResyncHooks } from '../parts.js';
import type { SessionService } from '../services/session-service.js';
import type { ServerGuard } from './guard.js';
import type { Broadcaster, BroadcastOrigin } from '../ws/hub.js';
import type { HandlerGroup } from './types.js';

/** The parts of the Observer wiring. */
export interface ObserverFeatureDeps {
  db: PaigeDatabase;
  sessions: Pick<SessionService, 'use' | 'active'>;
  bus: Pick<ActivityBus, 'subscribe'>;
  budget: Pick<Budget, 'assertAllows'>;
  llm: LlmSource;
  guard: Pick<ServerGuard, 'create' | 'logOf'>;
  hub: Broadcaster;
  logAction: LogAction;
  logger: Logger;
  resync: Pick<ResyncHooks, 'add'>;
  /** `PAIGE_OBSERVER_IDLE_MS`. */
  idleMs: number;
}

/** The Observer's view of the session: the active phase (with the files its hints point at) and the latest stage. */
function observerContext(deps: { db: PaigeDatabase }, sessionId: string): ObserverContext {
  const plan = getActivePlan(deps.db, sessionId);
  const phase = plan?.phases.find((p) => p.status === 'active') ?? null;
  const latest = listDreyfusAssessments(deps.db)
    .slice()
    .sort((a, b) => (a.assessedAt < b.assessedAt ? 1 : -1))[0];
  return {
    currentPhase: phase
      ? {
          number: phase.number,
          title: phase.title,
          description: phase.description,
          expectedFiles: [...new Set([...phase.expectedFiles, ...phase.hints.map((h) => h.path)])],
        }
      : null,
    dreyfusStage: latest?.stage ?? null,
  };
}

/** Options beyond the parts (tests shorten the idle time). */
export interface ObserverFeatureOptions {
  settings?: Partial<ObserverSettings>;
}

/**
 * Installs the per-session Observer and returns the `observer:mute` handler and the face's delivery reports
 * (`observer:nudge_delivered`, issue 17: logged `nudge_delivered { signal }` or `nudge_dropped { signal, reason }` in
 * the active session, or without one).
 */
export function createObserverFeature(
  deps: ObserverFeatureDeps,
  opts: ObserverFeatureOptions = {},
): HandlerGroup<'observer:mute' | 'observer:nudge_delivered'> {
  let current: Observer | undefined;
  /** The `observer:mute` request being handled (the Observer broadcasts its status synchronously from `setMuted`). */
  let muteOrigin: BroadcastOrigin | undefined;
  const log = deps.logger.child({ component: 'observer' });

  deps.sessions.use({
    onStart: (session) => {
      current?.stop();
      const observer = createObserver({
        sessionId: session.id,
        subscribe: (listener) => deps.bus.subscribe(listener),
        triage: async (snapshot, signal) => {
          deps.budget.assertAllows('observer_triage');
          const [llm, { observerTriageModule }] = await Promise.all([deps.llm(), import('@paige/coaching')]);
          const decision = await llm.runPrompt(observerTriageModule, snapshot, {
            sessionId: session.id,
            signal,
          });
          // The nudge context reaches the learner (through Claude Code): it passes the solution-leak guard.
          const suggested = decision.suggested_context;
          if (
            !suggested ||
            ![suggested.phase_description, suggested.time_in_file].some(
              (t) => t !== null && mayContainCode(t),
            )
          )
            return decision;
          const { guard, hintLevel } = await deps.guard.create(
            [],
            [snapshot.current_phase?.description ?? ''],
          );
          const guarded = {
            ...suggested,
            phase_description: guard.nullable(suggested.phase_description),
            time_in_file: guard.nullable(suggested.time_in_file),
          };
          deps.guard.logOf('nudge', hintLevel, guard, session.id);
          return { ...decision, suggested_context: guarded };
        },
        getContext: () => observerContext(deps, session.id),
        broadcast: (type, payload) => {
          if (type === 'observer:status')
            deps.hub.broadcast('observer:status', payload as ObserverMessages['observer:status'], muteOrigin);
          else deps.hub.broadcast('observer:nudge', payload as ObserverMessages['observer:nudge']);
        },
        logAction: (actionType, data) =>
          deps.logAction(actionType, data as Record<string, unknown>, session.id),
        logger: log,
        clock: createSystemClock(),
        settings: { idleMs: deps.idleMs, ...opts.settings },
      });
      current = observer;
      observer.start();
    },
    onStop: () => {
      current?.stop();
      current = undefined;
    },
  });

  deps.resync.add((conn) => {
    if (current) deps.hub.send(conn, 'observer:status', current.status());
  });

  return {
    'observer:mute'({ muted }, { reply, origin }) {
      if (!current) {
        // EC-70: nothing to mute without a session; say so in the log and tell the requester the Observer is off.
        log.warn({ muted }, 'observer:mute ignored: no active session, so no Observer is running');
        reply('observer:status', { active: false, muted, lastEvaluation: null });
        return;
      }
      muteOrigin = origin;
      try {
        current.setMuted(muted);
      } finally {
        muteOrigin = undefined;
      }
    },
    'observer:nudge_delivered'({ signal, delivered, reason }) {
      const sessionId = deps.sessions.active()?.id ?? null;
      if (delivered) deps.logAction('nudge_delivered', { signal }, sessionId);
      else deps.logAction('nudge_dropped', { signal, reason }, sessionId);
    },
  };
}
