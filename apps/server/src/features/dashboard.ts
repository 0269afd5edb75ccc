/** The launch dashboard (Story 12). Built by issue 10. */
import type { AppContext } from '../context.js';
import { NotImplementedError } from './not-implemented.js';
import type { HandlerGroup } from './types.js';

export function createDashboardFeature(_ctx: AppContext): HandlerGroup<'dashboard:request' | 'dashboard:refresh_issues'> {
  return {
    'dashboard:request'() {
      throw new NotImplementedError('dashboard:request');
    },
    'dashboard:refresh_issues'() {
      throw new NotImplementedError('dashboard:refresh_issues');
    },
  };
}
