/**
 * The Observer: whether it is watching, a mute switch (`observer:mute`), and its nudges in a `log` region, each
 * with what became of it in the terminal (waiting for a quiet moment, sent to Claude Code, or not sent and why).
 * @see Story 10; issue 17 item 4
 */
import type { NudgeDropReason } from '@paige/protocol';
import type { NudgeDeliveryView, NudgeWait, ObserverState } from '../state/observer-store.js';

const SIGNAL_TEXT: Record<string, string> = {
  stuck_on_implementation: 'You seem stuck on the implementation',
  wrong_file: 'This may not be the file the phase needs',
  scope_drift: 'This is drifting from the current phase',
  idle: 'You have been quiet for a while',
  phase_complete: 'This phase looks complete',
  edit_loop: 'The same edit keeps coming back',
};

const WAIT_TEXT: Record<NudgeWait, string> = {
  starting: 'waiting for the terminal to start',
  output: 'waiting for Claude Code to finish',
  typing: 'waiting until you stop typing',
  draft: 'waiting until you send or clear your line',
  previous: 'waiting for the previous check-in',
};

const DROP_TEXT: Record<NudgeDropReason, string> = {
  muted: 'the Observer is muted',
  no_terminal: 'no terminal on this server',
  terminal_exited: 'the terminal is not running',
  not_claude_code: 'the terminal is not running Claude Code',
  superseded: 'a newer nudge replaced it',
  expired: 'the terminal stayed busy too long',
};

function deliveryText(d: NudgeDeliveryView): string {
  const at = (t: Date) => t.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  switch (d.status) {
    case 'received':
      return 'Received';
    case 'waiting':
      return `Waiting: ${d.hold ? WAIT_TEXT[d.hold] : 'about to send'}`;
    case 'delivered':
      return `Sent to Claude Code at ${at(d.at)}`;
    case 'dropped':
      return `Not sent: ${DROP_TEXT[d.reason]}`;
  }
}

export function ObserverPanel({ state, onMute }: { state: ObserverState; onMute(muted: boolean): void }) {
  const status =
    state.active === null
      ? 'Waiting for a session'
      : !state.active
        ? 'Not running'
        : state.muted
          ? 'Muted'
          : 'Watching';
  return (
    <section aria-labelledby="observer-heading" className="sidebar-section observer">
      <div className="observer-head">
        <h2 id="observer-heading" className="panel-title">
          Observer
        </h2>
        <span
          className={`badge observer-status${state.active && !state.muted ? ' is-on' : ''}`}
          data-testid="observer-status"
        >
          {status}
        </span>
        {/* The visible word is part of the accessible name (WCAG 2.5.3), which says what is muted. */}
        <button
          type="button"
          className="btn btn-small"
          aria-label={state.muted ? 'Unmute Observer' : 'Mute Observer'}
          aria-pressed={state.muted}
          onClick={() => onMute(!state.muted)}
        >
          {state.muted ? 'Unmute' : 'Mute'}
        </button>
      </div>
      <div role="log" aria-label="Nudges" aria-live="polite" className="nudge-log">
        {state.nudges.length === 0 && <p className="empty">No nudges yet.</p>}
        {[...state.nudges].reverse().map((n) => (
          <div key={n.id} className="nudge" data-signal={n.signal} data-delivery={n.delivery.status}>
            <p className="nudge-title">
              {SIGNAL_TEXT[n.signal] ?? n.signal}{' '}
              <span className="nudge-confidence">({Math.round(n.confidence * 100)}% sure)</span>
            </p>
            {n.context.phase_description && (
              <p className="nudge-context">Phase: {n.context.phase_description}</p>
            )}
            {(n.context.current_file || n.context.expected_file) && (
              <p className="nudge-context">
                {n.context.current_file && <>In {n.context.current_file}</>}
                {n.context.expected_file && <> · expected {n.context.expected_file}</>}
                {n.context.time_in_file && <> · {n.context.time_in_file}</>}
              </p>
            )}
            <p className={`nudge-delivery is-${n.delivery.status}`}>{deliveryText(n.delivery)}</p>
          </div>
        ))}
      </div>
    </section>
  );
}
