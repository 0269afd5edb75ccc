/**
 * The Observer: whether it is watching, a mute switch (`observer:mute`), and its nudges in a `log` region (until
 * the terminal pane hands them to Claude Code). @see Story 10
 */
import type { ObserverState } from '../state/observer-store.js';

const SIGNAL_TEXT: Record<string, string> = {
  stuck_on_implementation: 'You seem stuck on the implementation',
  wrong_file: 'This may not be the file the phase needs',
  scope_drift: 'This is drifting from the current phase',
  idle: 'You have been quiet for a while',
  phase_complete: 'This phase looks complete',
  edit_loop: 'The same edit keeps coming back',
};

export function ObserverPanel({ state, onMute }: { state: ObserverState; onMute(muted: boolean): void }) {
  const status = state.active === null ? 'Waiting for a session' : !state.active ? 'Not running' : state.muted ? 'Muted' : 'Watching';
  return (
    <section aria-labelledby="observer-heading" className="sidebar-section observer">
      <div className="observer-head">
        <h2 id="observer-heading" className="panel-title">
          Observer
        </h2>
        <span className={`badge observer-status${state.active && !state.muted ? ' is-on' : ''}`} data-testid="observer-status">
          {status}
        </span>
        <button type="button" className="btn btn-small" aria-pressed={state.muted} onClick={() => onMute(!state.muted)}>
          {state.muted ? 'Unmute Observer' : 'Mute Observer'}
        </button>
      </div>
      <div role="log" aria-label="Nudges" aria-live="polite" className="nudge-log">
        {state.nudges.length === 0 && <p className="empty">No nudges yet.</p>}
        {[...state.nudges].reverse().map((n) => (
          <div key={n.id} className="nudge" data-signal={n.signal}>
            <p className="nudge-title">
              {SIGNAL_TEXT[n.signal] ?? n.signal} <span className="nudge-confidence">({Math.round(n.confidence * 100)}% sure)</span>
            </p>
            {n.context.phase_description && <p className="nudge-context">Phase: {n.context.phase_description}</p>}
            {(n.context.current_file || n.context.expected_file) && (
              <p className="nudge-context">
                {n.context.current_file && <>In {n.context.current_file}</>}
                {n.context.expected_file && <> · expected {n.context.expected_file}</>}
                {n.context.time_in_file && <> · {n.context.time_in_file}</>}
              </p>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
