// Writes the JSON Schema files of the contract from the built package (run `pnpm build` first):
// schema/client-messages.json, schema/server-messages.json, schema/mcp-tools.json, schema/action-types.json, schema/pty-messages.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { buildJsonSchemas } from '../dist/index.js';

const dir = new URL('../schema/', import.meta.url);
await mkdir(dir, { recursive: true });
for (const [file, doc] of Object.entries(buildJsonSchemas())) {
  await writeFile(new URL(file, dir), `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`wrote schema/${file}`);
}
