/** React hooks over `@paige/client`: the connection state. */
import { useSyncExternalStore } from 'react';
import type { ConnectionState } from '@paige/client';
import { usePaigeClient } from './client-context.js';

/** The connection state (`idle | connecting | open | reconnecting | closed`), re-rendering on change. */
export function useConnectionState(): ConnectionState {
  const client = usePaigeClient();
  return useSyncExternalStore(
    (cb) => client.onState(cb),
    () => client.state,
  );
}
