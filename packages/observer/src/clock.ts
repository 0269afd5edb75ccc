import type { ObserverClock } from './types.js';

/**
 * The real clock: `Date.now()` and the global timers. Timers are `unref`'d so an armed idle timer never keeps
 * the process alive on shutdown.
 */
export function createSystemClock(): ObserverClock {
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => {
      const handle = setTimeout(fn, ms);
      handle.unref();
      return handle;
    },
    clearTimeout: (handle) => {
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}
