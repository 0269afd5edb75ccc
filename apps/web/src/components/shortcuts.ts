/**
 * The page's own keyboard shortcuts (issue 23 items 1, 2, 5): none is taken by Chromium, Firefox or Monaco's default
 * keybindings (Monaco uses Alt+Shift+Up/Down to copy lines and Ctrl+Alt+Up/Down for multi-cursor; browsers reserve
 * Ctrl+W, Ctrl+Shift+R, Alt+F/E), and none types a character on a Windows or Linux layout. Matched on `code` (the
 * physical key), so they work whatever the keyboard layout prints on it.
 */
export interface Shortcut {
  /** What the README and tooltips show. */
  label: string;
  matches(e: KeyboardEvent): boolean;
}

const altShift = (code: string) => (e: KeyboardEvent) =>
  e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === code;

export const SHORTCUTS = {
  /** One hint level up. */
  raiseHints: { label: 'Alt+Shift+=', matches: altShift('Equal') },
  /** One hint level down. */
  lowerHints: { label: 'Alt+Shift+-', matches: altShift('Minus') },
  /** "Review my work". */
  review: { label: 'Alt+Shift+R', matches: altShift('KeyR') },
  /** Close the active editor tab (Ctrl+W closes the browser tab). */
  closeTab: {
    label: 'Alt+W',
    matches: (e: KeyboardEvent) => e.altKey && !e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyW',
  },
} satisfies Record<string, Shortcut>;
