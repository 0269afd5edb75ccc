/**
 * A minimal observable store: one immutable state object, replaced on every change, read in React through
 * `useSyncExternalStore`. Each view builds a few of these, fed by server messages (STYLE: a small store per view;
 * no component owns protocol logic).
 */
import { useSyncExternalStore } from 'react';

/** A store of immutable state `S`. */
export interface Store<S> {
  get(): S;
  /** Replaces the state with `next(current)` (or merges a partial object) and notifies subscribers. */
  set(next: Partial<S> | ((current: S) => S)): void;
  subscribe(listener: () => void): () => void;
}

/** Creates a {@link Store} holding `initial`. */
export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next) {
      const updated = typeof next === 'function' ? next(state) : { ...state, ...next };
      if (updated === state) return;
      state = updated;
      for (const l of [...listeners]) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Reads `select(state)` and re-renders when it changes (compared with `Object.is`): select a field or a slice the
 * store keeps by reference, not a freshly built object.
 */
export function useStore<S, T>(store: Store<S>, select: (state: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
