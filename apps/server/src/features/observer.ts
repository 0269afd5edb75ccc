/** The Observer wiring (Story 10): per-session Observer lifecycle and `observer:mute`. Built by issue 9. */
import type { AppContext } from '../context.js';
import { NotImplementedError } from './not-implemented.js';
import type { HandlerGroup } from './types.js';

export function createObserverFeature(_ctx: AppContext): HandlerGroup<'observer:mute'> {
  return {
    'observer:mute'() {
      throw new NotImplementedError('observer:mute');
    },
  };
}
