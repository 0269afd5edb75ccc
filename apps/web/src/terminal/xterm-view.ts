/**
 * The terminal pane's renderer: an xterm.js terminal (bundled locally with its CSS; DOM renderer, Unicode 11
 * widths for Claude Code's symbols, 10,000 lines of scrollback) sized to its container with the fit addon, fed by
 * the terminal store's output and feeding keystrokes back. Lazily loaded (its own chunk), like Monaco.
 *
 * Flow control ({@link createWriteFlow}): output is counted from `term.write(bytes, callback)` until xterm.js parsed
 * it; past 512 KiB the server is asked to stop reading the PTY, at 128 KiB to go on. The backlog is shown read-only
 * on the pane's host element: `data-pending-bytes` (now), `data-pending-peak` (largest so far),
 * `data-output-paused` (`true` while the server holds the output) and `data-flow-pauses`, updated once a frame.
 *
 * Keys: Ctrl+C sends an interrupt (it copies instead when text is selected); Ctrl+Shift+C / Ctrl+Shift+V copy and
 * paste; Ctrl+S / Cmd+S are left to the page (save the active file), never sent as XOFF.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { TerminalEvent, TerminalStore } from '../state/terminal-store.js';
import { createWriteFlow, type WriteFlow } from '@paige/client/pty';

/**
 * The terminal view of one terminal store: one xterm.js instance for the page's life, fed by the store even while
 * no pane shows it (a hidden view, issue 25 item 3), shown in whichever container it is attached to.
 */
export interface TerminalView {
  /**
   * Shows the terminal in `container` (opened there the first time, moved there later) and fits it to the container
   * while attached. @returns the detach function (stops fitting; the emulator and its scrollback stay).
   */
  attach(container: HTMLElement): () => void;
  focus(): void;
  /** xterm.js's screen reader mode (a live region that reads new output). */
  setScreenReaderMode(on: boolean): void;
  dispose(): void;
}

const views = new WeakMap<TerminalStore, TerminalView>();

/**
 * The one view of `terminal`, made on first use. Attach and detach it as panes mount and unmount (React's
 * `<StrictMode>` and `<Activity>` unmount effects without unmounting the DOM): the emulator is never rebuilt, so
 * nothing already drawn is lost.
 */
export function terminalViewFor(terminal: TerminalStore, styleSource: HTMLElement): TerminalView {
  let view = views.get(terminal);
  if (!view) {
    view = createTerminalView(terminal, styleSource);
    views.set(terminal, view);
  }
  return view;
}

/** Reads the pane's colours from CSS variables (`--terminal-*` in terminal.css, built on the theme's variables). */
function themeFrom(element: HTMLElement): ITheme {
  const css = getComputedStyle(element);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--terminal-bg', '#1b1714'),
    foreground: v('--terminal-fg', '#efe6dc'),
    cursor: v('--terminal-cursor', '#f0a35e'),
    cursorAccent: v('--terminal-bg', '#1b1714'),
    selectionBackground: v('--terminal-selection', 'rgba(240, 163, 94, 0.35)'),
    black: v('--terminal-black', '#2a241f'),
    red: v('--terminal-red', '#ee8a78'),
    green: v('--terminal-green', '#9acb83'),
    yellow: v('--terminal-yellow', '#e9c46a'),
    blue: v('--terminal-blue', '#8fb8de'),
    magenta: v('--terminal-magenta', '#d7a0d0'),
    cyan: v('--terminal-cyan', '#86c7bd'),
    white: v('--terminal-white', '#d9cfc4'),
    brightBlack: v('--terminal-bright-black', '#8a7c6f'),
    brightRed: v('--terminal-bright-red', '#ffab9b'),
    brightGreen: v('--terminal-bright-green', '#b8e2a3'),
    brightYellow: v('--terminal-bright-yellow', '#ffdc8a'),
    brightBlue: v('--terminal-bright-blue', '#b1d3f2'),
    brightMagenta: v('--terminal-bright-magenta', '#ecc0e6'),
    brightCyan: v('--terminal-bright-cyan', '#a9e2d9'),
    brightWhite: v('--terminal-bright-white', '#fff8f0'),
  };
}

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** The line the view writes into the terminal for a session event (dim, on its own line). */
export function eventLine(event: TerminalEvent): string | null {
  switch (event.type) {
    case 'started':
      if (event.after === 'first') return null;
      return `\r\n${DIM}── new terminal session (${event.started.command}${event.after === 'server_restart' ? ', Paige restarted' : ''}) ──${RESET}\r\n`;
    case 'exit': {
      const how =
        event.exit.exitCode !== null
          ? `exited with code ${event.exit.exitCode}`
          : `ended by ${event.exit.signal ?? 'a signal'}`;
      return `\r\n${DIM}[process ${how}]${RESET}\r\n`;
    }
    case 'lost':
      return `\r\n${DIM}[Paige's server stopped: this session ended; a new one starts when it is back]${RESET}\r\n`;
    case 'failed':
      return `\r\n${DIM}[cannot start the terminal: ${event.message}]${RESET}\r\n`;
  }
}

/** Creates xterm.js wired to `terminal`, styled from the CSS variables of `styleSource` (the pane's host). */
function createTerminalView(terminal: TerminalStore, styleSource: HTMLElement): TerminalView {
  const css = getComputedStyle(styleSource);
  const term = new Terminal({
    allowProposedApi: true, // the Unicode 11 width tables
    fontFamily: css.getPropertyValue('--terminal-font').trim() || 'monospace',
    fontSize: Number.parseInt(css.getPropertyValue('--terminal-font-size'), 10) || 13,
    lineHeight: 1.1,
    scrollback: 10_000,
    // A steady cursor (VS Code's terminal default too). Measured with the floor bench: a blinking cursor makes
    // xterm.js's DOM renderer draw a typed key's echo about 20 ms later (the bare xterm.js page: 4.9 -> 30 ms, p50),
    // and a steady one spares learners who are bothered by blinking (WCAG 2.2.2).
    cursorBlink: false,
    theme: themeFrom(styleSource),
    minimumContrastRatio: 4.5,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';

  term.attachCustomKeyEventHandler((ev) => {
    const mod = ev.ctrlKey || ev.metaKey;
    const key = ev.key.toLowerCase();
    if (mod && !ev.altKey && !ev.shiftKey && key === 's') return false; // the page saves the file
    if (ev.ctrlKey && ev.shiftKey && (key === 'c' || key === 'v')) {
      if (ev.type === 'keydown') {
        ev.preventDefault();
        if (key === 'c') copySelection();
        else
          void navigator.clipboard?.readText().then(
            (text) => term.paste(text),
            () => undefined,
          );
      }
      return false;
    }
    if (ev.ctrlKey && !ev.shiftKey && !ev.altKey && key === 'c' && term.hasSelection()) {
      if (ev.type === 'keydown') {
        ev.preventDefault();
        copySelection();
      }
      return false;
    }
    return true;
  });
  function copySelection(): void {
    const text = term.getSelection();
    if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
    term.clearSelection();
  }

  let container: HTMLElement | null = null;

  // Show the backlog on the host element at most once a frame (attribute writes per chunk would cost layout work).
  let shown = 0;
  const show = (f: WriteFlow) => {
    shown = 0;
    if (!container) return;
    container.dataset.pendingBytes = String(f.pendingBytes);
    container.dataset.pendingPeak = String(f.peakBytes);
    container.dataset.outputPaused = String(f.paused);
    container.dataset.flowPauses = String(f.pauses);
  };
  const flow = createWriteFlow({
    write: (bytes, done) => term.write(bytes, done),
    pause: () => terminal.setOutputPaused(true),
    resume: () => terminal.setOutputPaused(false),
    onChange: (f) => {
      if (!shown) shown = requestAnimationFrame(() => show(f));
    },
  });

  const offs: Array<() => void> = [];
  offs.push(terminal.onOutput((bytes) => flow.push(bytes)));
  offs.push(
    terminal.onEvent((event) => {
      if (event.type === 'started' && event.after !== 'first') {
        // Leave the previous program's alternate screen and modes behind (mouse reporting, bracketed paste,
        // application keys, a hidden cursor), keeping the cursor where the output ended.
        if (term.buffer.active.type === 'alternate') term.write('\x1b[?1049l');
        term.write(`${RESET}\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1l\x1b>\x1b[?25h`);
      }
      const line = eventLine(event);
      if (line) term.write(line);
    }),
  );
  const data = term.onData((d) => terminal.input(d));
  const binary = term.onBinary((d) => terminal.inputBinary(d));
  const resized = term.onResize(({ cols, rows }) => terminal.resize(cols, rows));

  // Fit to the pane whenever it changes size (window, dock, panel shown again); a hidden pane (0 x 0) is skipped.
  let frame = 0;
  const refit = () => {
    frame = 0;
    if (!container || container.clientWidth < 20 || container.clientHeight < 10) return;
    try {
      fit.fit();
    } catch {
      // not measurable yet (fonts loading)
    }
    terminal.resize(term.cols, term.rows);
  };
  const observer = new ResizeObserver(() => {
    if (!frame) frame = requestAnimationFrame(refit);
  });
  let opened = false;

  return {
    attach(target) {
      container = target;
      if (!opened) {
        opened = true;
        term.open(target);
        target.querySelector('textarea')?.setAttribute('aria-label', 'Terminal input');
      } else if (term.element && term.element.parentElement !== target) {
        target.appendChild(term.element);
      }
      show(flow);
      observer.observe(target);
      refit();
      return () => {
        observer.unobserve(target);
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        if (container === target) container = null;
      };
    },
    focus: () => term.focus(),
    setScreenReaderMode(on) {
      term.options.screenReaderMode = on;
    },
    dispose() {
      views.delete(terminal);
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
      if (shown) cancelAnimationFrame(shown);
      // A disposed emulator parses nothing more: let the server go on (a new view counts afresh).
      if (flow.paused) terminal.setOutputPaused(false);
      for (const off of offs) off();
      data.dispose();
      binary.dispose();
      resized.dispose();
      term.dispose();
    },
  };
}
