/**
 * The terminal pane (issue 17 item 3): xterm.js running the server's terminal session (Claude Code with the Paige
 * plugin, or the shell) over `/pty`, a status line (what runs, the quiet check-in breadcrumb, the exit code), and a
 * button to start a new terminal. The session and its socket live in the terminal store; xterm.js is loaded on
 * first mount (its own chunk) and wired by `terminal/xterm-view.ts`.
 */
import { useEffect, useRef, useState } from 'react';
import type { TerminalState, TerminalStore } from '../state/terminal-store.js';
import { useStore } from '../state/store.js';
import { CheckInBreadcrumb } from '../terminal/check-in-breadcrumb.js';
import type { TerminalView } from '../terminal/xterm-view.js';
import '../styles/terminal.css';

const KIND_TEXT = { claude: 'Claude Code', shell: 'Shell', custom: 'Command' } as const;

function statusText(s: TerminalState): string {
  switch (s.status) {
    case 'waiting':
      return 'Waiting for Paige…';
    case 'off':
      return 'No terminal on this server';
    case 'connecting':
      return s.session > 1 ? 'Starting a new terminal…' : 'Starting the terminal…';
    case 'running':
      return `${s.kind ? KIND_TEXT[s.kind] : 'Terminal'} · ${s.command ?? ''} · ${s.cols}×${s.rows}`;
    case 'exited':
      return s.exit?.exitCode !== null && s.exit?.exitCode !== undefined
        ? `${s.command ?? 'The process'} exited with code ${s.exit.exitCode}`
        : `${s.command ?? 'The process'} was ended by ${s.exit?.signal ?? 'a signal'}`;
    case 'lost':
      return 'Paige stopped: a new terminal starts when it is back…';
    case 'failed':
      return `Cannot start the terminal: ${s.failure ?? 'unknown error'}`;
  }
}

export function TerminalPane({ terminal }: { terminal: TerminalStore }) {
  const state = useStore(terminal.store, (s) => s);
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<TerminalView | null>(null);
  const [screenReader, setScreenReader] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);

  // The terminal's view (one xterm.js per terminal store, made on first use) is attached while the pane's effects
  // run and detached, never disposed, when they are cleaned up (StrictMode's second mount, a view hidden by
  // <Activity>): the emulator and its scrollback outlive both.
  const screenReaderRef = useRef(screenReader);
  useEffect(() => {
    screenReaderRef.current = screenReader;
    view.current?.setScreenReaderMode(screenReader);
  }, [screenReader]);
  useEffect(() => {
    let cancelled = false;
    let detach: (() => void) | undefined;
    import('../terminal/xterm-view.js').then(
      (m) => {
        const el = host.current;
        if (cancelled || !el) return;
        const v = m.terminalViewFor(terminal, el);
        detach = v.attach(el);
        v.setScreenReaderMode(screenReaderRef.current);
        view.current = v;
      },
      (err: unknown) => setLoadError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
      detach?.();
      view.current = null;
    };
  }, [terminal]);

  const ended = state.status === 'exited' || state.status === 'failed';
  const canRestart = state.status !== 'off' && state.status !== 'waiting';
  return (
    <div className="terminal-pane" data-status={state.status} data-kind={state.kind ?? undefined}>
      <div className="terminal-bar">
        <span className={`terminal-state tone-${state.status}`} role="status" aria-label="Terminal status">
          <span className="terminal-dot" aria-hidden="true" />
          {statusText(state)}
        </span>
        <CheckInBreadcrumb checkIns={state.checkIns} />
        <span className="terminal-actions">
          <button
            type="button"
            className="btn btn-small btn-ghost"
            aria-pressed={screenReader}
            onClick={() => setScreenReader((v) => !v)}
          >
            Screen reader mode
          </button>
          {canRestart && !ended && (
            <button type="button" className="btn btn-small" onClick={() => terminal.restart()}>
              Restart terminal
            </button>
          )}
        </span>
      </div>
      <div className="terminal-body">
        {state.status === 'off' ? (
          <p className="empty">
            This server runs no terminal (<code>PAIGE_TERMINAL=false</code>). Run <code>claude</code> in your
            own terminal: Paige's nudges show in the Observer panel.
          </p>
        ) : (
          <div ref={host} className="terminal-host" />
        )}
        {loadError && (
          <p className="terminal-notice" role="alert">
            The terminal could not load: {loadError}
          </p>
        )}
        {ended && (
          <div className="terminal-ended" role="alert">
            <span>{statusText(state)}.</span>
            <button type="button" className="btn btn-small btn-primary" onClick={() => terminal.restart()}>
              New terminal
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
