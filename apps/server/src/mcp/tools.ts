/** Registers every Paige MCP tool on a per-session `McpServer` (Story 6, Story 9). */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AppContext } from '../context.js';
import { registerCoachingTools } from '../features/coaching.js';
import { registerEditorTools } from '../features/editor-tools.js';
import { registerProblemTools } from '../features/problems.js';
import { registerSessionTools } from '../features/session.js';

export function registerTools(server: McpServer, ctx: AppContext): void {
  registerSessionTools(server, ctx);
  registerEditorTools(server, ctx);
  registerProblemTools(server, ctx);
  registerCoachingTools(server, ctx);
}
