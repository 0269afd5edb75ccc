/** Explain This and Review My Work (Story 11). Built by issue 10. */
import type { AppContext } from '../context.js';
import { NotImplementedError } from './not-implemented.js';
import type { HandlerGroup } from './types.js';

export function createExplainFeature(_ctx: AppContext): HandlerGroup<'user:explain' | 'user:review'> {
  return {
    'user:explain'() {
      throw new NotImplementedError('user:explain');
    },
    'user:review'() {
      throw new NotImplementedError('user:review');
    },
  };
}
