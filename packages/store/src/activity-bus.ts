/** The typed in-process activity stream (DESIGN section 3 "Activity stream"). */
import type { ActivityEvent } from '@paige/protocol';

/** Receives every published activity event, synchronously, in publish order. */
export type ActivityListener = (event: ActivityEvent) => void;

/** Options of {@link createActivityBus}. */
export interface CreateActivityBusOptions {
  /** Called when a listener throws; the other listeners and the publisher are unaffected. Default: ignore. */
  onListenerError?: (error: unknown, event: ActivityEvent) => void;
}

/** The activity bus: the action log publishes each row it writes; the server publishes `buffer_update`. */
export interface ActivityBus {
  /** Delivers `event` to every current listener synchronously. Never throws because of a listener. */
  publish(event: ActivityEvent): void;
  /** Adds a listener; returns a function that removes it (idempotent). The Observer uses this. */
  subscribe(listener: ActivityListener): () => void;
  /** Number of current listeners. */
  readonly listenerCount: number;
}

/**
 * Creates an activity bus. Listeners added or removed during a publish take effect from the next publish.
 * @see Story 4 "EventEmitter for Observer"; DESIGN section 3
 */
export function createActivityBus(options: CreateActivityBusOptions = {}): ActivityBus {
  let listeners: ActivityListener[] = [];
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          try {
            options.onListenerError?.(error, event);
          } catch {
            // An error reporter that throws must not break delivery either.
          }
        }
      }
    },
    subscribe(listener) {
      const wrapped: ActivityListener = (event) => listener(event);
      listeners = [...listeners, wrapped];
      return () => {
        listeners = listeners.filter((l) => l !== wrapped);
      };
    },
    get listenerCount() {
      return listeners.length;
    },
  };
}
