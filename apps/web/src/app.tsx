/**
 * The page: one client connection and one set of stores for every view, one header, and URL-based views
 * (`/dashboard`, `/ide`, `/practice/:kataId`; `/` opens the IDE during a coaching session and the dashboard
 * otherwise). The server answers each view URL with this page (its `webViewRoutes`, `index.js`).
 */
import type { PaigeClient } from '@paige/client';
import { BrowserRouter, useLocation } from 'react-router';
import { AppStoresProvider, useAppStores } from './client/app-stores.js';
import { ClientProvider } from './client/client-context.js';
import { useConnectionState } from './client/hooks.js';
import { AppHeader } from './components/app-header.js';
import { ConnectionHelp } from './components/connection-help.js';
import type { AppStores } from './state/app-stores.js';
import { useStore } from './state/store.js';
import { matchView, practicePath, VIEW_PATHS } from './views/routes.js';
import { ViewHost } from './views/view-host.js';

function Shell() {
  const location = useLocation();
  const match = matchView(location.pathname);
  const { ide, practice } = useAppStores();
  const connection = useConnectionState();
  const sessionId = useStore(ide.coaching.store, (s) => (s.sessionStatus === 'active' ? s.sessionId : null));
  const issue = useStore(ide.coaching.store, (s) => s.issue);
  const currentKata = useStore(practice.store, (s) => s.current);
  const current = match.view === 'home' || match.view === 'not-found' ? null : match.view;
  return (
    <div className="app">
      <AppHeader
        current={current}
        practiceHref={currentKata ? practicePath(currentKata) : VIEW_PATHS.practice}
        connection={connection}
        session={sessionId ? { issue } : null}
      />
      <ConnectionHelp state={connection} />
      <div className="app-views">
        <ViewHost match={match} />
      </div>
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
