/**
 * `/`: the learner's home. Once connected it opens the IDE when a coaching session is active (`connection:init`
 * `sessionId`) and the dashboard otherwise, replacing `/` in the history so the back button never lands on it.
 * Until then it says that it is connecting.
 */
import { Navigate } from 'react-router';
import { useConnectionState } from '../client/hooks.js';
import { usePaigeClient } from '../client/client-context.js';
import { VIEW_PATHS } from './routes.js';

export function Home() {
  const client = usePaigeClient();
  const state = useConnectionState();
  if (state === 'open' && client.init) {
    return <Navigate replace to={client.init.sessionId ? VIEW_PATHS.ide : VIEW_PATHS.dashboard} />;
  }
  return (
    <main className="splash" aria-busy="true">
      <h1 className="splash-title">Paige</h1>
      <p className="splash-text">{state === 'closed' ? 'Paige is not reachable.' : 'Connecting to Paige…'}</p>
    </main>
  );
}
