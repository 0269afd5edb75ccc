/**
 * The place of the terminal pane (Claude Code in a PTY over `/pty`). A later issue mounts xterm.js here; until then
 * it says what will appear.
 */
export function TerminalSlot() {
  return (
    <div className="terminal-slot" data-slot="terminal">
      <p className="empty">
        The terminal (Claude Code) will appear here. Until then, run <code>claude</code> in your own terminal: Paige's
        nudges show in the Observer panel.
      </p>
    </div>
  );
}
