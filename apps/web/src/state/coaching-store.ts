/**
 * The coaching sidebar's plan and log: the plan's phases with their status (`session:started`, `session:resumed`,
 * `coaching:plan_ready`, `coaching:phase_update`) and Paige's messages (`coaching:message`). The session itself, its
 * issue and the hint level live in the page's session store (`session-store.ts`).
 * @see Story 6 AS-13..AS-16, Story 9 (plan_ready), DESIGN section 3 "Resync"
 */
import type { MessageKind, PhaseSummary } from '@paige/protocol';
import type { PaigeClient } from '@paige/client';
import { createStore, type Store } from './store.js';

export type { IssueView } from './session-store.js';

/** One entry of the coaching log. */
export interface CoachingNote {
  id: number;
  kind: MessageKind;
  text: string;
  /** Where the message points (opens the file at the line). */
  anchor?: { path: string; startLine: number; endLine?: number | undefined } | undefined;
  at: Date;
}

export interface CoachingState {
  sessionId: string | null;
  /** `active`, or the status a just-ended session reached. */
  sessionStatus: string | null;
  planId: string | null;
  memoryConnection: string | null;
  difficulty: string | null;
  phases: PhaseSummary[];
  notes: CoachingNote[];
}

export interface CoachingStore {
  store: Store<CoachingState>;
  dispose(): void;
}

/** Most notes kept in the log. */
const MAX_NOTES = 200;

/** Creates the coaching store and subscribes it to `client`. */
export function createCoachingStore(client: PaigeClient): CoachingStore {
  const store = createStore<CoachingState>({
    sessionId: null,
    sessionStatus: null,
    planId: null,
    memoryConnection: null,
    difficulty: null,
    phases: [],
    notes: [],
  });
  let nextNote = 1;
  const note = (kind: MessageKind, text: string, anchor?: CoachingNote['anchor']) =>
    store.set((s) => ({
      ...s,
      notes: [...s.notes, { id: nextNote++, kind, text, anchor, at: new Date() }].slice(-MAX_NOTES),
    }));

  const offs = [
    client.on('session:started', (p) =>
      store.set((s) => ({
        ...s,
        sessionId: p.sessionId,
        sessionStatus: 'active',
        phases: p.phases,
        planId: null,
        memoryConnection: null,
        difficulty: null,
      })),
    ),
    client.on('session:resumed', (p) =>
      store.set((s) => ({
        ...s,
        sessionId: p.sessionId,
        sessionStatus: 'active',
        phases: p.phases,
        planId: p.plan?.planId ?? null,
        memoryConnection: p.plan?.memoryConnection ?? null,
        difficulty: p.plan?.estimatedDifficulty ?? null,
      })),
    ),
    client.on('session:ended', (p) => {
      store.set({ sessionStatus: p.status });
      note('info', p.summary ? `Session ended: ${p.summary}` : 'Session ended.');
    }),
    client.on('session:completed', (p) => {
      const parts = [
        `${p.memoriesStored} memories`,
        `${p.knowledgeGaps} knowledge gaps`,
        `${p.kataSpecs} practice katas`,
      ];
      note(
        p.status === 'completed' ? 'success' : 'warning',
        `Wrap-up finished: ${parts.join(', ')}${p.errors?.length ? ` (${p.errors.length} step(s) failed)` : ''}.`,
      );
    }),
    client.on('coaching:plan_ready', (p) =>
      store.set({
        planId: p.planId,
        phases: p.phases,
        memoryConnection: p.memoryConnection,
        difficulty: p.estimatedDifficulty,
      }),
    ),
    client.on('coaching:phase_update', (p) =>
      store.set((s) => {
        const known = s.phases.some((ph) => ph.id === p.phaseId || ph.number === p.phase);
        const updated: PhaseSummary = {
          id: p.phaseId,
          number: p.phase,
          title: p.title,
          description: p.description,
          status: p.status,
          hintLevel: p.hintLevel,
        };
        const phases = known
          ? s.phases.map((ph) => (ph.id === p.phaseId || ph.number === p.phase ? { ...ph, ...updated } : ph))
          : [...s.phases, updated].sort((a, b) => a.number - b.number);
        return { ...s, phases };
      }),
    ),
    client.on('coaching:message', (p) => note(p.type, p.message, p.anchor)),
    client.onResync((init) =>
      store.set((s) =>
        // A session that ended while we were away: the server sends `session:resumed` only for an active one.
        init.sessionId === null
          ? {
              ...s,
              sessionId: null,
              sessionStatus: s.sessionId ? 'ended' : s.sessionStatus,
              phases: s.sessionId ? [] : s.phases,
            }
          : s,
      ),
    ),
  ];

  return {
    store,
    dispose() {
      for (const off of offs) off();
    },
  };
}
