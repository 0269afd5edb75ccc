/**
 * React hooks over `@paige/client`: the connection state, and a per-view set of stores created on mount and
 * disposed on unmount.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ConnectionState, PaigeClient } from '@paige/client';
import { usePaigeClient } from './client-context.js';

/** The connection state (`idle | connecting | open | reconnecting | closed`), re-rendering on change. */
export function useConnectionState(): ConnectionState {
  const client = usePaigeClient();
  return useSyncExternalStore(
    (cb) => client.onState(cb),
    () => client.state,
  );
}

/**
 * Builds a view's stores from the client once (`create`) and disposes them on unmount. The stores subscribe
 * to server messages in their factories, so they exist before the first message a (re)connect brings.
 */
export function useViewStores<T extends { dispose(): void }>(create: (client: PaigeClient) => T): T {
  const client = usePaigeClient();
  const [stores] = useState(() => create(client));
  useEffect(() => () => stores.dispose(), [stores]);
  return stores;
}
