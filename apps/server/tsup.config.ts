import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The version shown on the wire (connection:init, MCP serverInfo, /health, --version) comes from package.json.
  define: { __PAIGE_SERVER_VERSION__: JSON.stringify(version) },
  // Inlined rather than loaded file by file (issue 20 item 8): hono and its Node adapter are on the start-up path
  // (27 modules), the MCP SDK's server side (with ajv and zod-to-json-schema, about 130 modules) on the first /mcp
  // request. Bundled, each is one chunk. `zod` stays external: the SDK must see the same zod as @paige/protocol.
  noExternal: ['hono', '@hono/node-server', '@modelcontextprotocol/sdk'],
});
