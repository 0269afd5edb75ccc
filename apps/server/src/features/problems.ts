/**
 * `paige_mark_problems` (issue 23 item 1): squiggly underlines for problems Paige identified in a file. Sends
 * `editor:decorations` (style `error`, the message as hover text) to every window, keeps them in `ctx.ui` for the
 * resync, and logs `decorations_applied`; `paige_clear_highlights` removes them (`editor:clear_decorations`).
 * Read-only toward the learner's files.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { mcpTools } from '@paige/protocol';
import type { AppContext } from '../context.js';
import { defineTool } from '../mcp/tool-kit.js';
import { guardText } from './guard.js';

/** Registers `paige_mark_problems`. */
export function registerProblemTools(server: McpServer, ctx: AppContext): void {
  defineTool(server, ctx, {
    name: 'paige_mark_problems',
    title: 'Mark problems in a file',
    description:
      'Underline problems you found in a file of the learner\'s editor with a squiggly line, each with a short ' +
      'message shown on hover (ranges are 1-based lines and columns). Use it to point at a bug or a risky spot ' +
      'without fixing it: the message says what to look at, never the corrected code. A new call replaces the ' +
      'file\'s earlier marks; paige_clear_highlights removes them. Returns { success, path, count }.',
    input: mcpTools.paige_mark_problems.input,
    output: mcpTools.paige_mark_problems.output,
    readOnly: false,
    needsSession: true,
    summarize: (a) => ({ path: a.path, problems: a.problems.length }),
  }, async ({ path, problems }, { session }) => {
    const decorations = [];
    // The messages are model text: they pass the solution-leak guard (issue 20 item 7).
    for (const p of problems) decorations.push({ range: p.range, style: 'error' as const, hoverText: await guardText(ctx, 'hover_text', p.message, [path]) });
    const count = ctx.ui.setDecorations(path, decorations);
    ctx.hub.broadcast('editor:decorations', { path, decorations });
    ctx.logAction('decorations_applied', { path, count, kind: 'problems', hintLevel: session?.hintLevel ?? 'medium' });
    return { structured: { success: true as const, path, count }, text: `Marked ${count} problem(s) in ${path}.` };
  });
}
