import { definePackageBuild, packageVersion } from '@paige/tsup-config';

const version = packageVersion(new URL('./package.json', import.meta.url));

export default definePackageBuild({
  entry: ['src/index.ts', 'src/main.ts'],
  dts: { entry: 'src/index.ts' },
  // The version shown on the wire (connection:init, MCP serverInfo, /health, --version) comes from package.json.
  define: { __PAIGE_SERVER_VERSION__: JSON.stringify(version) },
  // Inlined rather than loaded file by file (issue 20 item 8): hono and its Node adapter are on the start-up path
  // (27 modules), the MCP SDK's server side (with ajv and zod-to-json-schema, about 130 modules) on the first /mcp
  // request. Bundled, each is one chunk. `zod` stays external: the SDK must see the same zod as @paige/protocol.
  noExternal: ['hono', '@hono/node-server', '@modelcontextprotocol/sdk'],
});
