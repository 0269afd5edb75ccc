/**
 * Builds one `McpServer` per MCP session with every Paige tool registered (Story 6, Story 9).
 * The SDK is imported by the first call (the server's warm-up makes that call right after listening, `warm-up.ts`).
 */
import type * as McpModuleNs from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { jsonSchemaValidator as JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

type McpModule = typeof McpModuleNs;
import type { AppContext } from '../context.js';
import { SERVER_VERSION } from '../version.js';
import { registerTools } from './tools.js';

/** Server identity announced in `initialize` (the package version at build time). */
export const MCP_SERVER_INFO = { name: 'paige', version: SERVER_VERSION } as const;

/**
 * Returns the factory the session manager calls for each new MCP session. The sessions share one JSON Schema
 * validator (the SDK otherwise builds a new Ajv instance with every format for each session, a few ms per
 * `initialize`).
 */
export function createMcpServerFactory(ctx: AppContext): () => Promise<McpServer> {
  let mod: Promise<[McpModule, JsonSchemaValidator]> | undefined;
  return async () => {
    const [{ McpServer }, validator] = await (mod ??= Promise.all([
      import('@modelcontextprotocol/sdk/server/mcp.js'),
      import('@modelcontextprotocol/sdk/validation/ajv').then(({ AjvJsonSchemaValidator }) => new AjvJsonSchemaValidator()),
    ]));
    const server = new McpServer(MCP_SERVER_INFO, {
      jsonSchemaValidator: validator,
      capabilities: { tools: { listChanged: false } },
      instructions:
        'Paige is a read-only coaching backend: these tools read the learner\'s editor state and control the ' +
        'editor UI (highlights, file hints, phases, messages). None of them writes, moves or deletes a file.',
    });
    registerTools(server, ctx);
    return server;
  };
}
