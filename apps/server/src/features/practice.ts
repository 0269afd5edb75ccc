/** Practice mode: kata loading and solution review (Story 11). Built by issue 10. */
import type { AppContext } from '../context.js';
import { NotImplementedError } from './not-implemented.js';
import type { HandlerGroup } from './types.js';

export function createPracticeFeature(_ctx: AppContext): HandlerGroup<'practice:submit_solution' | 'practice:load_kata'> {
  return {
    'practice:submit_solution'() {
      throw new NotImplementedError('practice:submit_solution');
    },
    'practice:load_kata'() {
      throw new NotImplementedError('practice:load_kata');
    },
  };
}
