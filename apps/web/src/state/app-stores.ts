/**
 * Every view's stores, built once for the page from its one client (DESIGN section 11: the server is the source of
 * truth; the page mirrors it). They live as long as the page, not as long as a view: a view that is not shown still
 * hears its messages (the IDE's `fs:tree` and `session:started` arrive while the dashboard shows), so switching views
 * never loses state.
 */
import type { PaigeClient } from '@paige/client';
import { createIdeStores } from '../views/ide/ide-stores.js';
import { createDashboardStore } from './dashboard-store.js';
import { createPracticeStore } from './practice-store.js';

export function createAppStores(client: PaigeClient) {
  const ide = createIdeStores(client);
  const dashboard = createDashboardStore(client);
  // A review changes the kata's best level and may address a knowledge gap: the dashboard reloads when shown again.
  const practice = createPracticeStore(client, { onReviewed: () => dashboard.markStale() });
  return {
    client,
    ide,
    dashboard,
    practice,
    dispose() {
      practice.dispose();
      dashboard.dispose();
      ide.dispose();
    },
  };
}

export type AppStores = ReturnType<typeof createAppStores>;
