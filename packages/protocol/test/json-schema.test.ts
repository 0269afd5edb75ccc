import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildJsonSchemas } from '../src/index.js';

const FILES = ['client-messages.json', 'server-messages.json', 'mcp-tools.json', 'action-types.json', 'pty-messages.json'];
const STALE = 'schema/ is stale: run pnpm --filter @paige/protocol generate:schema';

describe('JSON Schema export', () => {
  const generated = buildJsonSchemas();

  it('produces the five documents', () => {
    expect(Object.keys(generated).sort()).toEqual([...FILES].sort());
  });

  it.each(FILES)('committed schema/%s matches the catalog', async (file) => {
    const committed = await readFile(new URL(`../schema/${file}`, import.meta.url), 'utf8').catch(() => '');
    expect(committed, STALE).toBe(`${JSON.stringify(generated[file], null, 2)}\n`);
  });

  it('the client schema lists every client type and marks path lengths', () => {
    const doc = generated['client-messages.json'] as { messages: Record<string, { properties: { payload: { properties: Record<string, { maxLength?: number; pattern?: string }> } } }> };
    const open = doc.messages['file:open'];
    expect(open?.properties.payload.properties.path?.maxLength).toBe(4096);
    expect(open?.properties.payload.properties.path?.pattern).toBeDefined();
  });
});
