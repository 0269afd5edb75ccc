/**
 * The Observer panel's state: whether the Observer runs and is muted (`observer:status`, toggled with
 * `observer:mute`) and the nudges it sent (`observer:nudge`), each with what became of it in the terminal pane
 * (waiting for a quiet terminal, written into Claude Code, or dropped and why). @see Story 10 AS-4, AS-7/8;
 * issue 17 item 4
 */
import type { NudgeDropReason, ServerPayload } from '@paige/protocol';
import type { PaigeClient } from '@paige/client';
import { createStore, type Store } from './store.js';

/** Why a waiting nudge is not written yet (see `@paige/client/pty` `createNudgeDelivery`). */
export type NudgeWait = 'starting' | 'output' | 'typing' | 'draft' | 'previous';

/** What became of a nudge in the terminal. */
export type NudgeDeliveryView =
  | { status: 'received' }
  | { status: 'waiting'; hold: NudgeWait | null }
  | { status: 'delivered'; at: Date }
  | { status: 'dropped'; reason: NudgeDropReason; at: Date };

/** One received nudge. */
export interface NudgeView extends ServerPayload<'observer:nudge'> {
  id: number;
  at: Date;
  delivery: NudgeDeliveryView;
}

export interface ObserverState {
  /** `null` until the server reports a status (no session yet). */
  active: boolean | null;
  muted: boolean;
  lastEvaluation: string | null;
  nudges: NudgeView[];
}

export interface ObserverStore {
  store: Store<ObserverState>;
  /** Mutes or unmutes the Observer (`observer:mute`). */
  setMuted(muted: boolean): void;
  /** Hears every new nudge (after it is in the store), e.g. the terminal pane that delivers it. */
  onNudge(listener: (nudge: NudgeView) => void): () => void;
  /** Records what became of nudge `id` (shown in the nudge log). */
  setDelivery(id: number, delivery: NudgeDeliveryView): void;
  dispose(): void;
}

const MAX_NUDGES = 50;

/** Creates the Observer store and subscribes it to `client`. */
export function createObserverStore(client: PaigeClient): ObserverStore {
  const store = createStore<ObserverState>({ active: null, muted: false, lastEvaluation: null, nudges: [] });
  const listeners = new Set<(nudge: NudgeView) => void>();
  let next = 1;
  const offs = [
    client.on('observer:status', (p) =>
      store.set({ active: p.active, muted: p.muted, lastEvaluation: p.lastEvaluation ?? null }),
    ),
    client.on('observer:nudge', (p) => {
      const view: NudgeView = { ...p, id: next++, at: new Date(), delivery: { status: 'received' } };
      store.set((s) => ({ ...s, nudges: [...s.nudges, view].slice(-MAX_NUDGES) }));
      for (const l of [...listeners]) l(view);
    }),
  ];
  return {
    store,
    setMuted(muted) {
      store.set({ muted });
      client.send('observer:mute', { muted });
    },
    onNudge(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    setDelivery(id, delivery) {
      store.set((s) => {
        if (!s.nudges.some((n) => n.id === id)) return s;
        return { ...s, nudges: s.nudges.map((n) => (n.id === id ? { ...n, delivery } : n)) };
      });
    },
    dispose() {
      listeners.clear();
      for (const off of offs) off();
    },
  };
}
