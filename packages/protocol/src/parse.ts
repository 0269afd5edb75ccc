/**
 * The frame parser shared by the WebSocket catalogs (`/ws` and `/pty`): JSON, envelope shape, known type, then the
 * type's envelope schema. Internal: the public entry points are `parseClientMessage`, `parseServerMessage`,
 * `parsePtyClientMessage` and `parsePtyServerMessage`.
 */
import type { z } from 'zod';
import { MessageIdSchema } from './envelope.js';

/** Error codes `parseClientMessage` (and the `/pty` parsers) can return. */
export type ParseErrorCode = 'INVALID_JSON' | 'UNKNOWN_TYPE' | 'INVALID_PAYLOAD';

/** One validation problem: `path` into the envelope (e.g. `['payload', 'range', 'startLine']`). */
export interface ParseIssue {
  path: (string | number)[];
  message: string;
}

/** Why a frame was refused. `id` and `type` are echoed whenever they could be read. */
export interface ParseError {
  code: ParseErrorCode;
  message: string;
  issues?: ParseIssue[];
  id?: string;
  type?: string;
}

export type ParseResult<M> = { ok: true; message: M } | { ok: false; error: ParseError };

export function toIssues(error: z.ZodError, prefix: (string | number)[] = []): ParseIssue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: i.message,
  }));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseWith<K extends string, M>(
  raw: string,
  envelopes: Record<K, z.ZodType<M>>,
  isKnown: (s: unknown) => s is K,
): ParseResult<M> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    return {
      ok: false,
      error: { code: 'INVALID_JSON', message: `Message is not valid JSON: ${(err as Error).message}` },
    };
  }
  if (!isRecord(data)) {
    return {
      ok: false,
      error: {
        code: 'INVALID_PAYLOAD',
        message: 'Message must be a JSON object { type, payload, id?, timestamp? }',
        issues: [{ path: [], message: 'expected an object' }],
      },
    };
  }
  const id = typeof data.id === 'string' && MessageIdSchema.safeParse(data.id).success ? data.id : undefined;
  const echo = id === undefined ? {} : { id };
  if (typeof data.type !== 'string') {
    return {
      ok: false,
      error: {
        code: 'INVALID_PAYLOAD',
        message: 'Message has no string "type"',
        issues: [{ path: ['type'], message: 'expected a string' }],
        ...echo,
      },
    };
  }
  const type = data.type.slice(0, 128);
  if (!isKnown(data.type)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_TYPE', message: `Unknown message type "${type}"`, type, ...echo },
    };
  }
  const result = envelopes[data.type].safeParse(data);
  if (!result.success) {
    const issues = toIssues(result.error);
    const first = issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid';
    return {
      ok: false,
      error: {
        code: 'INVALID_PAYLOAD',
        message: `Invalid ${type} message (${where})`,
        issues,
        type,
        ...echo,
      },
    };
  }
  return { ok: true, message: result.data };
}
