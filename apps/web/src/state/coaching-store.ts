/**
 * The coaching sidebar's state: the active session and its issue (`session:started`, `session:resumed`,
 * `coaching:issue_context`), the plan's phases with their status (`coaching:plan_ready`, `coaching:phase_update`),
 * the hint level (`hints:level_change`, sent by the slider) and Paige's messages (`coaching:message`).
 * @see Story 6 AS-13..AS-16, Story 9 (plan_ready), DESIGN section 3 "Resync"
 */
import type { HintLevel, MessageKind, PhaseSummary, ServerPayload } from '@paige/protocol';
import type { PaigeClient } from '@paige/client';
import { createStore, type Store } from './store.js';

/** What the issue panel shows. */
export interface IssueView {
  number: number | null;
  title: string | null;
  summary: string | null;
  labels: string[];
  url: string | null;
}

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
  issue: IssueView | null;
  planId: string | null;
  memoryConnection: string | null;
  difficulty: string | null;
  phases: PhaseSummary[];
  hintLevel: HintLevel;
  notes: CoachingNote[];
}

export interface CoachingStore {
  store: Store<CoachingState>;
  /** Moves the hint slider and tells the server (`hints:level_change`). */
  setHintLevel(level: HintLevel): void;
  dispose(): void;
}

/** Most notes kept in the log. */
const MAX_NOTES = 200;

function issueFrom(ctx: ServerPayload<'session:started'>['issueContext']): IssueView {
  return { number: ctx.number, title: ctx.title, summary: ctx.summary, labels: ctx.labels ?? [], url: ctx.url ?? null };
}

/** Creates the coaching store and subscribes it to `client`. */
export function createCoachingStore(client: PaigeClient): CoachingStore {
  const store = createStore<CoachingState>({
    sessionId: null,
    sessionStatus: null,
    issue: null,
    planId: null,
    memoryConnection: null,
    difficulty: null,
    phases: [],
    hintLevel: 'medium',
    notes: [],
  });
  let nextNote = 1;
  const note = (kind: MessageKind, text: string, anchor?: CoachingNote['anchor']) =>
    store.set((s) => ({ ...s, notes: [...s.notes, { id: nextNote++, kind, text, anchor, at: new Date() }].slice(-MAX_NOTES) }));

  const offs = [
    client.on('session:started', (p) =>
      store.set((s) => ({
        ...s,
        sessionId: p.sessionId,
        sessionStatus: 'active',
        issue: issueFrom(p.issueContext),
        phases: p.phases,
        hintLevel: p.hintLevel,
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
        issue: issueFrom(p.issueContext),
        phases: p.phases,
        hintLevel: p.hintLevel,
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
      const parts = [`${p.memoriesStored} memories`, `${p.knowledgeGaps} knowledge gaps`, `${p.kataSpecs} practice katas`];
      note(p.status === 'completed' ? 'success' : 'warning', `Wrap-up finished: ${parts.join(', ')}${p.errors?.length ? ` (${p.errors.length} step(s) failed)` : ''}.`);
    }),
    client.on('coaching:issue_context', (p) =>
      store.set({ issue: { number: p.number ?? null, title: p.title, summary: p.summary, labels: p.labels ?? [], url: p.url ?? null } }),
    ),
    client.on('coaching:plan_ready', (p) =>
      store.set({ planId: p.planId, phases: p.phases, memoryConnection: p.memoryConnection, difficulty: p.estimatedDifficulty }),
    ),
    client.on('coaching:phase_update', (p) =>
      store.set((s) => {
        const known = s.phases.some((ph) => ph.id === p.phaseId || ph.number === p.phase);
        const updated: PhaseSummary = { id: p.phaseId, number: p.phase, title: p.title, description: p.description, status: p.status, hintLevel: p.hintLevel };
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
        init.sessionId === null ? { ...s, sessionId: null, sessionStatus: s.sessionId ? 'ended' : s.sessionStatus, phases: s.sessionId ? [] : s.phases } : s,
      ),
    ),
  ];

  return {
    store,
    setHintLevel(level) {
      const previousLevel = store.get().hintLevel;
      if (level === previousLevel) return;
      store.set({ hintLevel: level });
      client.send('hints:level_change', { level, previousLevel });
    },
    dispose() {
      for (const off of offs) off();
    },
  };
}
