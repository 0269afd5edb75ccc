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
import { createSessionStore } from './session-store.js';
import { createTeamStore } from './team-store.js';

export function createAppStores(client: PaigeClient) {
  // The coaching session (hint level, review, pipeline, end and wrap-up) is the page's, not one view's (issue 23).
  const session = createSessionStore(client);
  const ide = createIdeStores(client);
  // A `connection:error` that answers no request of ours (an invalid message, a failed notification) is shown, not
  // dropped (issue 23 item 5); a request's own error is shown by whoever asked.
  const offErrors = client.on('connection:error', (p, message) => {
    if (message.id === undefined) ide.notifications.notify('error', `Paige: ${p.message}`);
  });
  const dashboard = createDashboardStore(client);
  // A review changes the kata's best level and may address a knowledge gap: the dashboard reloads when shown again.
  const practice = createPracticeStore(client, { onReviewed: () => dashboard.markStale() });
  // Sharing with a team server (issue 26): the header's badge, the settings view and the wrap-up's share switch.
  const team = createTeamStore(client);
  return {
    client,
    session,
    ide,
    dashboard,
    practice,
    team,
    dispose() {
      team.dispose();
      practice.dispose();
      dashboard.dispose();
      offErrors();
      ide.dispose();
      session.dispose();
    },
  };
}

export type AppStores = ReturnType<typeof createAppStores>;
