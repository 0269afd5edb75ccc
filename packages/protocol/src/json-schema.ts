/**
 * JSON Schema export of the contract (draft 2020-12, from `z.toJSONSchema`), written to `schema/*.json` by
 * `pnpm generate:schema` and checked for staleness by a test.
 *
 * Each file is one real schema a strict validator (Ajv `strict: true` + `ajv-formats`) compiles:
 * `$schema`, `$id`, `title`, `description`, a top-level `oneOf` of `$ref`s (one per message, tool call or action
 * row), and `$defs` holding one definition per message plus the named shared definitions (`TreeNode`).
 */
import { z } from 'zod';
import { ACTION_TYPES, ActionTypeSchema, ActivityEventTypeSchema, actionDataSchemas } from './actions.js';
import { clientEnvelopes, serverEnvelopes } from './catalog.js';
import { mcpTools } from './mcp.js';
import { ptyClientEnvelopes, ptyServerEnvelopes } from './messages/pty.js';
import { TreeNodeSchema } from './messages/files.js';

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

/** Where the published files can be fetched (npm's CDN serves every file of the package). */
export const JSON_SCHEMA_BASE_URI = 'https://unpkg.com/@paige/protocol/schema/';

/** Names of the shared (recursive) definitions; any other recursive schema must be named here. */
function sharedNames() {
  const names = z.registry<{ id: string }>();
  names.add(TreeNodeSchema, { id: 'TreeNode' });
  return names;
}

/**
 * Collects definitions into one document: each entry's own `$defs` (named shared schemas) are hoisted to the top and
 * must agree wherever they appear.
 */
class Definitions {
  readonly defs: Record<string, JsonSchema> = {};
  private readonly names = sharedNames();

  constructor(private readonly io: 'input' | 'output') {}

  /** Adds the schema of `zodSchema` under `name` (plus its shared definitions) and returns a `$ref` to it. */
  add(name: string, zodSchema: z.ZodType): JsonSchema {
    const schema = z.toJSONSchema(zodSchema, {
      target: 'draft-2020-12',
      io: this.io,
      unrepresentable: 'any',
      metadata: this.names,
    }) as JsonSchema;
    return this.put(name, splitUnionTypes(schema));
  }

  /** Adds a plain JSON Schema under `name` and returns a `$ref` to it. */
  put(name: string, schema: JsonSchema): JsonSchema {
    const { $schema: _dialect, $defs, ...rest } = schema;
    for (const [shared, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      if (/^__schema\d+$/.test(shared)) {
        throw new Error(`${name}: an unnamed recursive schema; name it in json-schema.ts sharedNames()`);
      }
      const { id: _id, ...body } = def;
      this.merge(shared, body);
    }
    if (this.defs[name]) throw new Error(`duplicate definition ${name}`);
    this.defs[name] = rest;
    return ref(name);
  }

  /** Adds a shared definition; one already present must be identical. */
  merge(name: string, schema: JsonSchema): void {
    const known = this.defs[name];
    if (known && JSON.stringify(known) !== JSON.stringify(schema))
      throw new Error(`$defs/${name} differs between messages`);
    this.defs[name] = schema;
  }
}

/**
 * zod writes a union of primitives as `type: [a, b]`, which a strict validator refuses (Ajv's `allowUnionTypes`):
 * rewrites every such node, in place, as `anyOf` of single types.
 */
function splitUnionTypes(node: unknown): JsonSchema {
  if (Array.isArray(node)) {
    for (const item of node) splitUnionTypes(item);
  } else if (typeof node === 'object' && node !== null) {
    const js = node as JsonSchema;
    for (const value of Object.values(js)) splitUnionTypes(value);
    if (Array.isArray(js.type)) {
      js.anyOf = (js.type as unknown[]).map((type) => ({ type }));
      delete js.type;
    }
  }
  return node as JsonSchema;
}

function ref(name: string): JsonSchema {
  return { $ref: `#/$defs/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` };
}

function documentOf(
  file: string,
  title: string,
  description: string,
  oneOf: JsonSchema[],
  defs: Record<string, JsonSchema>,
): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${JSON_SCHEMA_BASE_URI}${file}`,
    title,
    description,
    oneOf,
    $defs: defs,
  };
}

function envelopeDocument(
  file: string,
  title: string,
  description: string,
  envelopes: Record<string, z.ZodType>,
  io: 'input' | 'output',
): JsonSchema {
  const defs = new Definitions(io);
  const oneOf = Object.entries(envelopes).map(([type, schema]) => defs.add(type, schema));
  return documentOf(file, title, description, oneOf, defs.defs);
}

function mcpToolsDocument(): JsonSchema {
  const defs = new Definitions('input');
  const outputs = new Definitions('output');
  const oneOf: JsonSchema[] = [];
  for (const [name, def] of Object.entries(mcpTools)) {
    const input = defs.add(`${name}.input`, def.input);
    outputs.add(`${name}.output`, def.output);
    const required = ((defs.defs[`${name}.input`]?.required ?? []) as unknown[]).length > 0;
    oneOf.push(
      defs.put(name, {
        description: `A tools/call of ${name}: the name and its arguments (MCP CallToolRequest params).`,
        type: 'object',
        properties: { name: { type: 'string', const: name }, arguments: input },
        required: required ? ['name', 'arguments'] : ['name'],
        additionalProperties: false,
      }),
    );
  }
  for (const [name, schema] of Object.entries(outputs.defs)) defs.merge(name, schema);
  return documentOf(
    'mcp-tools.json',
    'Paige MCP tools: calls and structured results',
    "Validates the params of an MCP tools/call to a Paige tool ({ name, arguments }). Each tool's arguments are " +
      '$defs/<tool>.input; its structuredContent is $defs/<tool>.output.',
    oneOf,
    defs.defs,
  );
}

function ptyDocument(): JsonSchema {
  const defs = new Definitions('input');
  const outputs = new Definitions('output');
  const oneOf = Object.entries(ptyClientEnvelopes as Record<string, z.ZodType>).map(([type, schema]) =>
    defs.add(type, schema),
  );
  for (const [type, schema] of Object.entries(ptyServerEnvelopes as Record<string, z.ZodType>))
    oneOf.push(outputs.add(type, schema));
  for (const [name, schema] of Object.entries(outputs.defs)) defs.merge(name, schema);
  return documentOf(
    'pty-messages.json',
    'Paige /pty text frames',
    'One text frame of the /pty WebSocket, either direction: { type, payload, id?, timestamp? } (pty:input, pty:resize, pty:pause, pty:resume from ' +
      'the page; pty:started, pty:exit, pty:error from the backend). Terminal output and raw input travel as binary frames.',
    oneOf,
    defs.defs,
  );
}

function actionTypesDocument(): JsonSchema {
  const defs = new Definitions('output');
  defs.add('ActionType', ActionTypeSchema);
  defs.add('ActivityEventType', ActivityEventTypeSchema);
  const dataSchemas = actionDataSchemas as Record<string, z.ZodType>;
  const oneOf = ACTION_TYPES.map((type) => {
    const data = dataSchemas[type]
      ? defs.add(`${type}.data`, dataSchemas[type])
      : { anyOf: [{ type: 'object', additionalProperties: {} }, { type: 'null' }] };
    return defs.put(type, {
      description: `An action_log row of type ${type}: its type and data.`,
      type: 'object',
      properties: { actionType: { type: 'string', const: type }, data },
      required: ['actionType', 'data'],
      additionalProperties: false,
    });
  });
  return documentOf(
    'action-types.json',
    'Paige action-log types and activity events',
    'Validates one action_log row as { actionType, data }. $defs/ActionType lists every action type and ' +
      '$defs/ActivityEventType every activity-bus event.',
    oneOf,
    defs.defs,
  );
}

/**
 * Builds the five JSON Schema documents, keyed by file name: `client-messages.json` (zod's input view: what the
 * server accepts), `server-messages.json` (output view: what the server sends), `mcp-tools.json`,
 * `action-types.json` and `pty-messages.json` (the text frames of `/pty`, both directions). Deterministic (same
 * input, same output).
 * @throws Error when a recursive schema has no shared name or two messages disagree on a shared definition.
 */
export function buildJsonSchemas(): Record<string, JsonSchema> {
  return {
    'client-messages.json': envelopeDocument(
      'client-messages.json',
      'Paige WebSocket client -> server messages',
      'One message from the editor to the Paige backend over /ws: { type, payload, id?, timestamp? }. Each message type is $defs/<type>.',
      clientEnvelopes,
      'input',
    ),
    'server-messages.json': envelopeDocument(
      'server-messages.json',
      'Paige WebSocket server -> client messages',
      'One message from the Paige backend to the editor over /ws: { type, payload, id?, timestamp }. Each message type is $defs/<type>.',
      serverEnvelopes,
      'output',
    ),
    'mcp-tools.json': mcpToolsDocument(),
    'action-types.json': actionTypesDocument(),
    'pty-messages.json': ptyDocument(),
  };
}
