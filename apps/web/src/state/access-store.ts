/**
 * Whether this browser holds Paige's token (issue 17 item 5, the page's side). `/ws` and `/pty` refuse an upgrade
 * without the `paige-token-<port>` cookie, and a page cannot read why an upgrade failed, so while the connection is
 * not open the page asks `GET /auth` (204: the token is there; 401 `{ error: 'missing token' | 'wrong token' }`)
 * every 2 s. On 401 it tells the learner to open the URL the server printed (or paste the token); once the token is
 * there (this page, or another tab that opened the URL: the cookie is shared) it reconnects at once.
 */
import type { PaigeClient } from '@paige/client';
import { createStore, type Store } from './store.js';

/**
 * `unknown`: not checked, or the server did not answer (it is down: the connection badge says so); `ok`: the token
 * is there; `missing`: no token cookie; `wrong`: an old token (the server made a new one).
 */
export type AccessStatus = 'unknown' | 'ok' | 'missing' | 'wrong';

export interface AccessState {
  status: AccessStatus;
  /** The answer to a pasted token: `checking`, or why it was refused. */
  submit: { state: 'idle' | 'checking' } | { state: 'refused'; message: string };
}

export interface AccessStore {
  store: Store<AccessState>;
  /** Checks a token the learner pasted and, if the server takes it, stores its cookie and reconnects. */
  submitToken(token: string): Promise<void>;
  dispose(): void;
}

/** Options of {@link createAccessStore}. */
export interface AccessStoreOptions {
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** The page's origin-relative `/auth` (default `/auth`). */
  authPath?: string;
  /** How often to ask while the connection is not open, ms (default 2000). */
  pollMs?: number;
}

/** Creates the access store and follows `client`'s connection state. */
export function createAccessStore(client: PaigeClient, options: AccessStoreOptions = {}): AccessStore {
  const doFetch =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const authPath = options.authPath ?? '/auth';
  const pollMs = options.pollMs ?? 2000;
  const store = createStore<AccessState>({ status: 'unknown', submit: { state: 'idle' } });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let disposed = false;

  async function ask(headers?: Record<string, string>): Promise<AccessStatus> {
    try {
      const res = await doFetch(authPath, { cache: 'no-store', credentials: 'same-origin', headers });
      if (res.status === 204) return 'ok';
      if (res.status === 401) {
        const body = (await res.json().catch(() => ({}))) as { error?: unknown };
        return body.error === 'wrong token' ? 'wrong' : 'missing';
      }
      return 'unknown';
    } catch {
      return 'unknown'; // the server is not answering
    }
  }

  async function check(): Promise<void> {
    if (inFlight || disposed) return;
    inFlight = true;
    const status = await ask();
    inFlight = false;
    if (disposed || client.state === 'open') return;
    const before = store.get().status;
    store.set({ status });
    // The token arrived (pasted here, or the URL opened in another tab): reconnect now, not after the backoff.
    if (status === 'ok' && (before === 'missing' || before === 'wrong')) client.retryNow();
    schedule();
  }

  function schedule(): void {
    if (timer !== undefined || disposed || client.state === 'open' || client.state === 'closed') return;
    timer = setTimeout(() => {
      timer = undefined;
      void check();
    }, pollMs);
  }

  const offState = client.onState((state) => {
    if (state === 'open') {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      store.set({ status: 'ok', submit: { state: 'idle' } });
    } else if (state === 'reconnecting') {
      void check();
    }
  });
  if (client.state === 'reconnecting') void check();

  return {
    store,
    async submitToken(raw) {
      const token = raw.trim();
      // The token URL may be pasted whole.
      const fromUrl = /[?&]token=([^&#\s]+)/.exec(token)?.[1];
      const value = fromUrl ? decodeURIComponent(fromUrl) : token;
      if (!value) {
        store.set({ submit: { state: 'refused', message: 'Paste the token (or the whole URL) first.' } });
        return;
      }
      store.set({ submit: { state: 'checking' } });
      const verdict = await ask({ authorization: `Bearer ${value}` });
      if (verdict !== 'ok') {
        store.set({
          submit: {
            state: 'refused',
            message:
              verdict === 'unknown'
                ? 'Paige is not answering; is the server running?'
                : 'This token is not valid for this server (it may be an old one).',
          },
        });
        return;
      }
      // The token exchange sets the cookie (and redirects, which this request does not follow).
      try {
        await doFetch(`${authPath}?token=${encodeURIComponent(value)}`, {
          cache: 'no-store',
          credentials: 'same-origin',
          redirect: 'manual',
        });
      } catch {
        // checked below
      }
      const status = await ask();
      if (status !== 'ok') {
        store.set({
          submit: {
            state: 'refused',
            message: 'The browser did not keep the token (are cookies blocked for this site?).',
          },
        });
        return;
      }
      store.set({ status: 'ok', submit: { state: 'idle' } });
      client.retryNow();
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      offState();
    },
  };
}
