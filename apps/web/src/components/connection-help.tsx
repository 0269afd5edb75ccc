/**
 * Says why the page cannot connect when the reason is the missing token (issue 17): a browser cannot read why a
 * WebSocket upgrade failed, so after a failed connect the page asks `GET /auth` (204: in; 401: no or a wrong
 * token) and, on 401, tells the learner to open the address the server printed at start.
 */
import { useEffect, useState } from 'react';
import type { ConnectionState } from '@paige/client';

export function ConnectionHelp({ state }: { state: ConnectionState }) {
  const [refused, setRefused] = useState<string | null>(null);
  const trouble = state === 'reconnecting' || state === 'closed';
  useEffect(() => {
    if (!trouble) return;
    let cancelled = false;
    fetch('/auth', { credentials: 'same-origin', cache: 'no-store' })
      .then(async (res) => {
        if (cancelled || res.status !== 401) return;
        const body = (await res.json().catch(() => ({}))) as { error?: string };
        setRefused(body.error ?? 'missing token');
      })
      .catch(() => undefined); // the server is down: the badge already says so
    return () => {
      cancelled = true;
    };
  }, [trouble]);
  // Connected again: whatever was refused before no longer applies (the next trouble asks again).
  if (!trouble || !refused) return null;
  return (
    <div role="alert" className="connection-help">
      <strong>This page has {refused === 'wrong token' ? 'an outdated' : 'no'} access token.</strong> Open the
      address Paige printed when it started (it ends in <code>?token=…</code>, and is also in{' '}
      <code>~/.paige/server.json</code>).
    </div>
  );
}
