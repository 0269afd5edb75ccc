import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Inlined rather than loaded file by file (issue 20 item 8): hono and its Node adapter are on the start-up path
  // (27 modules), the MCP SDK's server side (with ajv and zod-to-json-schema, about 130 modules) on the first /mcp
  // request. Bundled, each is one chunk. `zod` stays external: the SDK must see the same zod as @paige/protocol.
  noExternal: ['hono', '@hono/node-server', '@modelcontextprotocol/sdk'],
});
