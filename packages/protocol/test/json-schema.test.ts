/**
 * The committed JSON Schema files (STYLE 3; issue 19 item 4): generated from the catalog (a stale file fails), and
 * each one a real draft 2020-12 schema that Ajv compiles in strict mode and that accepts a good and refuses a bad
 * message of every type.
 */
import { readFile } from 'node:fs/promises';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  ACTION_TYPES,
  buildJsonSchemas,
  CLIENT_MESSAGE_TYPES,
  JSON_SCHEMA_BASE_URI,
  MCP_TOOL_NAMES,
  SERVER_MESSAGE_TYPES,
} from '../src/index.js';
import { actionCases, clientCases, ISO, mcpCases, serverCases } from './fixtures.js';

const FILES = [
  'client-messages.json',
  'server-messages.json',
  'mcp-tools.json',
  'action-types.json',
  'pty-messages.json',
];
const STALE = 'schema/ is stale: run pnpm --filter @paige/protocol generate:schema';
// ajv-formats is CommonJS with a default export
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * Bad messages for the types whose fixture breaks a rule JSON Schema cannot carry (zod refinements across fields:
 * ordered ranges, `newPath` with a rename, http(s) URLs only). The zod catalog still refuses the fixture (see the
 * catalog tests); here a structural mistake of the same message stands in.
 */
const STRUCTURAL_BAD: Record<string, unknown> = {
  'editor:scroll': { path: 'src/a.ts', visibleRange: { startLine: 0, endLine: 4 } },
  'dashboard:learning_materials': {
    materials: [{ knowledgeGap: 'x', resources: 'none', studyOrder: 'y', practiceConnection: null }],
  },
  'fs:tree_update': { action: 'moved', path: 'a.ts' },
  'editor:hover_hint': {
    path: 'src/a.ts',
    range: { startLine: 1, startColumn: 1, endLine: 2, endColumn: 1 },
    hintText: 42,
  },
  'coaching:issue_context': { title: 'x' },
  paige_highlight_lines: { path: 'a.ts', start: 0, end: 3, style: 'hint' },
  // `reason` iff not delivered is a rule across fields
  'observer:nudge_delivered': { signal: 'wrong_file', delivered: 'no' },
  // `version > baseVersion` is a rule across fields
  'buffer:edit': {
    path: 'src/auth.ts',
    baseVersion: 7,
    version: 8,
    changes: [{ rangeOffset: -1, rangeLength: 0, text: 'x' }],
    cursorPosition: { line: 1, column: 12 },
  },
};

const bad = (type: string, fixture: unknown): unknown =>
  type in STRUCTURAL_BAD ? STRUCTURAL_BAD[type] : fixture;

async function committed(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(new URL(`../schema/${file}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** Compiles `file` with a fresh strict Ajv (every strict option on, formats validated). */
async function compile(
  file: string,
): Promise<{ validate: ValidateFunction; ajv: Ajv2020; doc: Record<string, unknown> }> {
  const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
  const doc = await committed(file);
  return { validate: ajv.compile(doc), ajv, doc };
}

describe('JSON Schema export', () => {
  const generated = buildJsonSchemas();

  it('produces the five documents', () => {
    expect(Object.keys(generated).sort()).toEqual([...FILES].sort());
  });

  it.each(FILES)('committed schema/%s matches the catalog', async (file) => {
    const text = await readFile(new URL(`../schema/${file}`, import.meta.url), 'utf8').catch(() => '');
    expect(text, STALE).toBe(`${JSON.stringify(generated[file], null, 2)}\n`);
  });

  it.each(FILES)(
    'schema/%s is one schema: $schema, $id, $defs and a top-level oneOf of $refs',
    async (file) => {
      const doc = await committed(file);
      expect(doc.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(doc.$id).toBe(`${JSON_SCHEMA_BASE_URI}${file}`);
      expect(Object.keys(doc)).toEqual(['$schema', '$id', 'title', 'description', 'oneOf', '$defs']);
      for (const entry of doc.oneOf as Record<string, unknown>[])
        expect(Object.keys(entry)).toEqual(['$ref']);
    },
  );

  it('the client schema marks path lengths', () => {
    const defs = generated['client-messages.json']?.$defs as Record<
      string,
      { properties: { payload: { properties: Record<string, { maxLength?: number; pattern?: string }> } } }
    >;
    const open = defs['file:open'];
    expect(open?.properties.payload.properties.path?.maxLength).toBe(4096);
    expect(open?.properties.payload.properties.path?.pattern).toBeDefined();
  });
});

describe('JSON Schema files under Ajv strict mode', () => {
  it.each(FILES)('schema/%s compiles with strict: true', async (file) => {
    await expect(compile(file)).resolves.toBeDefined();
  });

  it('client-messages.json: a good and a bad message of every client type', async () => {
    const { validate } = await compile('client-messages.json');
    for (const type of CLIENT_MESSAGE_TYPES) {
      const c = clientCases[type];
      expect(
        validate({ type, payload: c.valid, id: 'r1' }),
        `${type} good: ${JSON.stringify(validate.errors)}`,
      ).toBe(true);
      expect(validate({ type, payload: bad(type, c.invalid), id: 'r1' }), `${type} bad`).toBe(false);
    }
    expect(validate({ type: 'no:such_type', payload: {} })).toBe(false);
  });

  it('server-messages.json: a good and a bad message of every server type', async () => {
    const { validate } = await compile('server-messages.json');
    for (const type of SERVER_MESSAGE_TYPES) {
      const c = serverCases[type];
      expect(
        validate({ type, payload: c.valid, timestamp: ISO }),
        `${type} good: ${JSON.stringify(validate.errors)}`,
      ).toBe(true);
      expect(validate({ type, payload: bad(type, c.invalid), timestamp: ISO }), `${type} bad`).toBe(false);
    }
    expect(
      validate({ type: 'connection:init', payload: serverCases['connection:init'].valid }),
      'a server message needs its timestamp',
    ).toBe(false);
  });

  it('mcp-tools.json: a good and a bad call of every tool; every tool result against its output definition', async () => {
    const { validate, ajv, doc } = await compile('mcp-tools.json');
    for (const name of MCP_TOOL_NAMES) {
      const c = mcpCases[name];
      expect(validate({ name, arguments: c.input }), `${name} good: ${JSON.stringify(validate.errors)}`).toBe(
        true,
      );
      expect(validate({ name, arguments: bad(name, c.badInput) }), `${name} bad`).toBe(false);
      const output = ajv.getSchema(`${String(doc.$id)}#/$defs/${name}.output`);
      expect(output, `${name}.output`).toBeDefined();
      expect(output?.(c.output), `${name} output: ${JSON.stringify(output?.errors)}`).toBe(true);
      expect(output?.('not a result'), `${name} bad output`).toBe(false);
    }
    expect(validate({ name: 'paige_write_file', arguments: {} })).toBe(false);
  });

  it('action-types.json: a good and a bad row of every action type', async () => {
    const { validate } = await compile('action-types.json');
    for (const actionType of ACTION_TYPES) {
      const c = actionCases[actionType];
      expect(
        validate({ actionType, data: c.valid }),
        `${actionType} good: ${JSON.stringify(validate.errors)}`,
      ).toBe(true);
      expect(validate({ actionType, data: c.invalid }), `${actionType} bad`).toBe(false);
    }
    expect(validate({ actionType: 'made_up', data: null })).toBe(false);
  });
});
