/**
 * The coaching pipeline and wrap-up tools (Story 9): `paige_run_coaching_pipeline` and
 * `paige_retry_wrap_up`. Until the coaching issue lands they answer with an MCP error saying so.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { mcpTools } from '@paige/protocol';
import type { AppContext } from '../context.js';
import { defineTool } from '../mcp/tool-kit.js';
import { NotImplementedError } from './not-implemented.js';

export function registerCoachingTools(server: McpServer, ctx: AppContext): void {
  defineTool(server, ctx, {
    name: 'paige_run_coaching_pipeline',
    title: 'Run coaching pipeline',
    description:
      'After you have planned the work with the learner, pass your plan here. Paige turns it into phased, ' +
      'Dreyfus-calibrated coaching (phases, file and line hints) using the learner\'s skill assessments and past ' +
      'sessions, stores it, and shows it in the editor. Returns the plan summary.',
    input: mcpTools.paige_run_coaching_pipeline.input,
    output: mcpTools.paige_run_coaching_pipeline.output,
    readOnly: false,
    needsSession: true,
    summarize: (a) => ({ planChars: a.planText.length, issueNumber: a.issueNumber }),
  }, () => {
    throw new NotImplementedError('paige_run_coaching_pipeline (the coaching pipeline)');
  });

  defineTool(server, ctx, {
    name: 'paige_retry_wrap_up',
    title: 'Retry session wrap-up',
    description:
      'Re-run the wrap-up agents that failed for an ended session (or only the named agent) from its stored ' +
      'transcript. Returns the updated counts and status.',
    input: mcpTools.paige_retry_wrap_up.input,
    output: mcpTools.paige_retry_wrap_up.output,
    readOnly: false,
    needsSession: false,
  }, () => {
    throw new NotImplementedError('paige_retry_wrap_up (the session wrap-up)');
  });
}
