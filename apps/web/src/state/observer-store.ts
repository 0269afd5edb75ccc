/**
 * The Observer panel's state: whether the Observer runs and is muted (`observer:status`, toggled with
 * `observer:mute`) and the nudges it sent (`observer:nudge`), shown until the terminal pane delivers them to
 * Claude Code. @see Story 10 AS-4, AS-7/8
 */
import type { ServerPayload } from '@paige/protocol';
import type { PaigeClient } from '@paige/client';
import { createStore, type Store } from './store.js';

/** One received nudge. */
export interface NudgeView extends ServerPayload<'observer:nudge'> {
  id: number;
  at: Date;
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
  dispose(): void;
}

const MAX_NUDGES = 50;

/** Creates the Observer store and subscribes it to `client`. */
export function createObserverStore(client: PaigeClient): ObserverStore {
  const store = createStore<ObserverState>({ active: null, muted: false, lastEvaluation: null, nudges: [] });
  let next = 1;
  const offs = [
    client.on('observer:status', (p) => store.set({ active: p.active, muted: p.muted, lastEvaluation: p.lastEvaluation ?? null })),
    client.on('observer:nudge', (p) => store.set((s) => ({ ...s, nudges: [...s.nudges, { ...p, id: next++, at: new Date() }].slice(-MAX_NUDGES) }))),
  ];
  return {
    store,
    setMuted(muted) {
      store.set({ muted });
      client.send('observer:mute', { muted });
    },
    dispose() {
      for (const off of offs) off();
    },
  };
}
