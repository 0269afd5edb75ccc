/**
 * The page: one client connection and one set of stores for every view, one header, and URL-based views
 * (`/dashboard`, `/ide`, `/practice/:kataId`; `/` opens the IDE during a coaching session and the dashboard
 * otherwise). The server answers each view URL with this page (its `webViewRoutes`, `index.js`).
 */
import './zod-config.js';
import type { PaigeClient } from '@paige/client';
import { BrowserRouter, useLocation } from 'react-router';
import { AppStoresProvider, useAppStores } from './client/app-stores.js';
import { ClientProvider } from './client/client-context.js';
import { useConnectionState } from './client/hooks.js';
import { AppHeader } from './components/app-header.js';
import { ConnectionHelp } from './components/connection-help.js';
import { Toasts } from './components/toasts.js';
import type { AppStores } from './state/app-stores.js';
import { useStore } from './state/store.js';
import { matchView, practicePath, VIEW_PATHS } from './views/routes.js';
import { ViewHost } from './views/view-host.js';

function Shell() {
  const location = useLocation();
  const match = matchView(location.pathname);
  const { ide, practice, session, team } = useAppStores();
  const connection = useConnectionState();
  const sessionId = useStore(session.store, (s) => (s.status === 'active' ? s.sessionId : null));
  const issue = useStore(session.store, (s) => s.issue);
  const toasts = useStore(ide.notifications.store, (s) => s.toasts);
  const currentKata = useStore(practice.store, (s) => s.current);
  const teamName = useStore(team.store, (s) =>
    s.status?.joined ? (s.status.teamName ?? 'your team') : null,
  );
  const teamWaiting = useStore(team.store, (s) => s.status?.waiting ?? 0);
  const current =
    match.view === 'home' || match.view === 'not-found' || match.view === 'wrap-up' ? null : match.view;
  return (
    <div className="app">
      <AppHeader
        current={current}
        practiceHref={currentKata ? practicePath(currentKata) : VIEW_PATHS.practice}
        connection={connection}
        session={sessionId ? { issue } : null}
        team={teamName ? { name: teamName, waiting: teamWaiting } : null}
      />
      <ConnectionHelp state={connection} />
      <div className="app-views">
        <ViewHost match={match} />
      </div>
      {/* One place for notices, on every view (a `connection:error` that answers no request shows here too). */}
      <Toasts toasts={toasts} onDismiss={ide.notifications.dismiss} />
    </div>
  );
}

/** The page, given its client and stores (made outside React in `main.tsx` by `createPageClient`). */
export function App({ client, stores }: { client: PaigeClient; stores: AppStores }) {
  return (
    <ClientProvider client={client}>
      <AppStoresProvider stores={stores}>
        <BrowserRouter>
          <Shell />
        </BrowserRouter>
      </AppStoresProvider>
    </ClientProvider>
  );
}
