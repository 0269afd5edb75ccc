/**
 * `paige_mark_problems` (issue 23 item 1): squiggly underlines for problems Paige identified in a file. Sends
 * `editor:decorations` (style `error`, the message as hover text) to every window, keeps them in the UI state for the
 * resync, and logs `decorations_applied`; `paige_clear_highlights` removes them (`editor:clear_decorations`).
 * Read-only toward the learner's files.
 */
import { mcpTools } from '@paige/protocol';
import type { ToolRegistry } from '../mcp/tool-kit.js';
import type { LogAction } from '../parts.js';
import type { UiState } from '../services/ui-state.js';
import type { Broadcaster } from '../ws/hub.js';
import type { ServerGuard } from './guard.js';

/** The parts of the problems tool. */
export interface ProblemToolsDeps {
  ui: UiState;
  hub: Pick<Broadcaster, 'broadcast'>;
  logAction: LogAction;
  guard: Pick<ServerGuard, 'text'>;
}

/** Defines `paige_mark_problems`. */
export function defineProblemTools(tools: ToolRegistry, deps: ProblemToolsDeps): void {
  tools.define(
    {
      name: 'paige_mark_problems',
      title: 'Mark problems in a file',
      description:
        "Underline problems you found in a file of the learner's editor with a squiggly line, each with a short " +
        'message shown on hover (ranges are 1-based lines and columns). Use it to point at a bug or a risky spot ' +
        "without fixing it: the message says what to look at, never the corrected code. A new call replaces the file's " +
        'earlier marks; paige_clear_highlights removes them. Returns { success, path, count }.',
      input: mcpTools.paige_mark_problems.input,
      output: mcpTools.paige_mark_problems.output,
      readOnly: false,
      needsSession: true,
      summarize: (a) => ({ path: a.path, problems: a.problems.length }),
    },
    async ({ path, problems }, { session }) => {
      const decorations = [];
      // The messages are model text: they pass the solution-leak guard (issue 20 item 7).
      for (const p of problems) {
        decorations.push({
          range: p.range,
          style: 'error' as const,
          hoverText: await deps.guard.text('hover_text', p.message, [path]),
        });
      }
      const count = deps.ui.setDecorations(path, decorations);
      deps.hub.broadcast('editor:decorations', { path, decorations });
      deps.logAction('decorations_applied', {
        path,
        count,
        kind: 'problems',
        hintLevel: session?.hintLevel ?? 'medium',
      });
      return {
        structured: { success: true as const, path, count },
        text: `Marked ${count} problem(s) in ${path}.`,
      };
    },
  );
}
