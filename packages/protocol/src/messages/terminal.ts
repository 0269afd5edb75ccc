/**
 * The terminal pane's messages on `/ws` (Story 5): the backend records the pane's size and ignores the input (it may
 * hold secrets). The terminal itself (spawn, output, input, resize) runs on its own socket, `/pty` (see `pty.ts`),
 * or inside an Electron shell that owns its PTY.
 */
import { z } from 'zod';
import { LIMITS } from '../common.js';

/** Terminal size in character cells. */
const TerminalSizeSchema = z.object({
  cols: z.number().int().positive().max(10_000),
  rows: z.number().int().positive().max(10_000),
});

export const terminalClientMessages = {
  /** Terminal ready with its size (Story 5 handler table, "Minimal: store dims"; not in the catalog). */
  'terminal:ready': TerminalSizeSchema,
  /** Terminal stdin chunk (Story 5 catalog). Never logged (may contain secrets). */
  'terminal:input': z.object({ input: z.string().max(LIMITS.terminalInput) }),
  /** Terminal resized (Story 5 catalog). */
  'terminal:resize': TerminalSizeSchema,
} as const;
