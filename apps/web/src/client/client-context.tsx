/**
 * Provides the page's one `@paige/client` connection to React. The client connects to `/ws` on the page's own
 * origin (the server's Origin check allows it), says hello with the window size, reconnects with backoff after a
 * drop and resyncs; components read it with {@link usePaigeClient} and never touch the WebSocket.
 *
 * The client is made outside React ({@link createPageClient}, in `main.tsx`) and lives as long as the page: React's
 * `<StrictMode>` mounts, unmounts and mounts providers again in development (and `<Activity>` unmounts effects of
 * hidden views), so nothing that React may unmount owns or closes it (issue 25 item 3).
 */
import { createContext, useContext, type ReactNode } from 'react';
import { createClient, type PaigeClient } from '@paige/client';
import { AccessNotice } from '../components/access-notice.js';

const ClientContext = createContext<PaigeClient | null>(null);

/** The WebSocket URL of the page's own origin (`ws://host/ws`, or `wss://` under https). */
export function pageSocketUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** The version this page reports in `connection:hello`. */
export const WEB_VERSION = '0.1.0';

function hello() {
  return {
    version: WEB_VERSION,
    platform: `browser ${navigator.platform || 'unknown'}`.slice(0, 100),
    windowSize: { width: Math.round(window.innerWidth), height: Math.round(window.innerHeight) },
  };
}

/**
 * Creates the page's client and connects it at once, before React renders: the WebSocket handshake then runs while
 * React renders the views, and the page's stores (made right after, also outside React) subscribe before any frame
 * can be dispatched, so the first paint does not wait for a render-then-connect round. Never closed by React: it
 * lives as long as the page (the browser closes the socket when the page goes away).
 */
export function createPageClient(url: string = pageSocketUrl()): PaigeClient {
  const c = createClient({ url, hello });
  // A frame that breaks the protocol is dropped by the client, never thrown into the UI; say so for debugging.
  c.onInvalidFrame((error) =>
    console.warn(`Paige: ignored an invalid message from the server (${error.code}): ${error.message}`),
  );
  // The first connect may fail (server down): the client keeps retrying and the badge says so.
  c.connect().catch(() => undefined);
  return c;
}

/** Provides `client` (made by {@link createPageClient}; not closed on unmount) to the page. */
export function ClientProvider({ children, client }: { children: ReactNode; client: PaigeClient }) {
  // Every view needs the token: the notice that asks for it sits beside them (issue 17 item 5).
  return (
    <ClientContext.Provider value={client}>
      {children}
      <AccessNotice />
    </ClientContext.Provider>
  );
}

/** The page's client. @throws Error outside {@link ClientProvider}. */
export function usePaigeClient(): PaigeClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('usePaigeClient() must be used inside <ClientProvider>');
  return client;
}
