/**
 * JSON Schema export of the contract (`z.toJSONSchema`, draft 2020-12), written to `schema/*.json` by
 * `pnpm generate:schema` and checked for staleness by a test.
 */
import { z } from 'zod';
import { ACTION_TYPES, ActionTypeSchema, ActivityEventTypeSchema, actionDataSchemas } from './actions.js';
import { ClientMessageSchema, ServerMessageSchema, clientEnvelopes, serverEnvelopes } from './catalog.js';
import { mcpTools } from './mcp.js';
import { PtyClientMessageSchema, PtyServerMessageSchema, ptyClientEnvelopes, ptyServerEnvelopes } from './messages/pty.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
}

function perType(envelopes: Record<string, z.ZodType>, io: 'input' | 'output'): JsonSchema {
  const out: JsonSchema = {};
  for (const [type, schema] of Object.entries(envelopes)) out[type] = schemaOf(schema, io);
  return out;
}

/**
 * Builds the five JSON Schema documents, keyed by file name: `client-messages.json`,
 * `server-messages.json`, `mcp-tools.json`, `action-types.json`, and `pty-messages.json` (the text frames of
 * `/pty`, both directions). Deterministic (same input, same output).
 */
export function buildJsonSchemas(): Record<string, JsonSchema> {
  const tools: JsonSchema = {};
  for (const [name, def] of Object.entries(mcpTools)) {
    tools[name] = { input: schemaOf(def.input, 'input'), output: schemaOf(def.output, 'output') };
  }
  return {
    'client-messages.json': {
      title: 'Paige WebSocket client -> server messages',
      union: schemaOf(ClientMessageSchema, 'input'),
      messages: perType(clientEnvelopes, 'input'),
    },
    'server-messages.json': {
      title: 'Paige WebSocket server -> client messages',
      union: schemaOf(ServerMessageSchema, 'output'),
      messages: perType(serverEnvelopes, 'output'),
    },
    'pty-messages.json': {
      title: 'Paige /pty text frames (output and raw input travel as binary frames)',
      client: { union: schemaOf(PtyClientMessageSchema, 'input'), messages: perType(ptyClientEnvelopes, 'input') },
      server: { union: schemaOf(PtyServerMessageSchema, 'output'), messages: perType(ptyServerEnvelopes, 'output') },
    },
    'mcp-tools.json': { title: 'Paige MCP tools: input and structured output', tools },
    'action-types.json': {
      title: 'Paige action-log types and activity events',
      actionTypes: [...ACTION_TYPES],
      actionType: schemaOf(ActionTypeSchema, 'output'),
      activityEventType: schemaOf(ActivityEventTypeSchema, 'output'),
      actionData: perType(actionDataSchemas, 'output'),
    },
  };
}
