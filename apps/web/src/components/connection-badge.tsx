/**
 * The connection state, always visible in the header: connected, connecting, reconnecting, offline. A `status`
 * region, so a screen reader hears when the connection drops and comes back.
 */
import type { ConnectionState } from '@paige/client';

const LABELS: Record<ConnectionState, { text: string; tone: 'ok' | 'pending' | 'down' }> = {
  idle: { text: 'Connecting…', tone: 'pending' },
  connecting: { text: 'Connecting…', tone: 'pending' },
  open: { text: 'Connected', tone: 'ok' },
  reconnecting: { text: 'Reconnecting…', tone: 'pending' },
  closed: { text: 'Offline', tone: 'down' },
};

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const label = LABELS[state];
  return (
    <div
      role="status"
      aria-label="Connection"
      className={`connection-badge tone-${label.tone}`}
      data-state={state}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span>{label.text}</span>
    </div>
  );
}
