/**
 * Builds one `McpServer` per MCP session with every Paige tool of the {@link ToolRegistry} (Story 6, Story 9).
 * The SDK is imported by the first call (the server's warm-up makes that call right after listening, `warm-up.ts`).
 * `tools/list` answers the registry's list, built once per process (issue 25 item 6; `tool-kit.ts`).
 */
import type * as McpModuleNs from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type * as TypesNs from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator as JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { SERVER_VERSION } from '../version.js';
import type { ToolRegistry } from './tool-kit.js';

type McpModule = typeof McpModuleNs;

/** Server identity announced in `initialize` (the package version at build time). */
export const MCP_SERVER_INFO = { name: 'paige', version: SERVER_VERSION } as const;

/**
 * Returns the factory the session manager calls for each new MCP session. The sessions share one JSON Schema
 * validator (the SDK otherwise builds a new Ajv instance with every format for each session, a few ms per
 * `initialize`) and one `tools/list` answer.
 */
export function createMcpServerFactory(tools: ToolRegistry): () => Promise<McpServer> {
  let mod: Promise<[McpModule, typeof TypesNs, JsonSchemaValidator]> | undefined;
  return async () => {
    const [{ McpServer }, { ListToolsRequestSchema }, validator] = await (mod ??= Promise.all([
      import('@modelcontextprotocol/sdk/server/mcp.js'),
      import('@modelcontextprotocol/sdk/types.js'),
      import('@modelcontextprotocol/sdk/validation/ajv').then(
        ({ AjvJsonSchemaValidator }) => new AjvJsonSchemaValidator(),
      ),
    ]));
    const server = new McpServer(MCP_SERVER_INFO, {
      jsonSchemaValidator: validator,
      capabilities: { tools: { listChanged: false } },
      instructions:
        "Paige is a read-only coaching backend: these tools read the learner's editor state and control the " +
        'editor UI (highlights, file hints, phases, messages). None of them writes, moves or deletes a file.',
    });
    tools.registerOn(server);
    // The first call (the warm-up's throwaway server, right after listen) builds the list, so the first client's
    // `tools/list` does not pay for the schema conversion (about 20 ms on the target machine).
    tools.list();
    // Replaces the SDK's handler, which converts every tool's schemas on every request (see tool-kit.ts).
    server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.list() }));
    return server;
  };
}
