/**
 * "Paige needs its token" (issue 17 item 5): shown over the page while `/ws` cannot open because this browser has
 * no token cookie (or an old one). Says which URL to open (the one the server printed at start) and takes a pasted
 * token or URL; the page reconnects as soon as the token is there, with nothing reloaded.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { usePaigeClient } from '../client/client-context.js';
import { createAccessStore, type AccessStore } from '../state/access-store.js';
import { useStore } from '../state/store.js';
import '../styles/access.css';

export function AccessNotice() {
  const client = usePaigeClient();
  const [access] = useState<AccessStore>(() => createAccessStore(client));
  useEffect(() => () => access.dispose(), [access]);
  const status = useStore(access.store, (s) => s.status);
  const submit = useStore(access.store, (s) => s.submit);
  const [token, setToken] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const show = status === 'missing' || status === 'wrong';

  useEffect(() => {
    if (show) input.current?.focus();
  }, [show]);

  if (!show) return null;
  const origin = window.location.origin;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void access.submitToken(token);
  };
  return (
    <div className="access-backdrop">
      <div
        className="access-notice"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
      >
        <h2 id={`${id}-title`}>
          {status === 'wrong' ? 'Paige has a new access token' : 'Open Paige with its access token'}
        </h2>
        <div id={`${id}-desc`}>
          <p>
            {status === 'wrong'
              ? 'The token this browser holds is no longer valid (the server made a new one), so the page cannot connect.'
              : 'This page cannot connect to Paige without the secret token the server made, so nothing on your machine but you can drive it.'}{' '}
            Open the URL printed by the server when it started:
          </p>
          <p className="access-url">
            <code>{origin}/?token=…</code>
          </p>
          <p className="access-hint">
            It is also in <code>server.json</code> in Paige's data folder (<code>~/.paige</code> unless{' '}
            <code>DATA_DIR</code> is set). This page connects by itself once the token is there.
          </p>
        </div>
        <form className="access-form" onSubmit={onSubmit}>
          <label htmlFor={`${id}-token`}>Token or URL</label>
          <div className="access-row">
            <input
              ref={input}
              id={`${id}-token`}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={token}
              onChange={(e) => setToken(e.target.value)}
              aria-invalid={submit.state === 'refused'}
              aria-describedby={submit.state === 'refused' ? `${id}-error` : undefined}
            />
            <button type="submit" className="btn btn-primary" disabled={submit.state === 'checking'}>
              {submit.state === 'checking' ? 'Checking…' : 'Connect'}
            </button>
          </div>
          {submit.state === 'refused' && (
            <p id={`${id}-error`} className="access-error" role="alert">
              {submit.message}
            </p>
          )}
        </form>
      </div>
    </div>
  );
}
