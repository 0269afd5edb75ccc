import Anthropic from '@anthropic-ai/sdk';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { error, sampleFromJsonSchema, startMessagesApiStub, textReply } from '../src/testing.js';
import type { MessagesApiStub } from '../src/testing.js';

let stub: MessagesApiStub;
beforeAll(async () => {
  stub = await startMessagesApiStub({ apiKey: 'sk-stub' });
});
afterAll(async () => {
  await stub.stop();
});

const post = (
  path: string,
  body: unknown,
  headers: Record<string, string> = { 'x-api-key': 'sk-stub', 'anthropic-version': '2023-06-01' },
) =>
  fetch(`${stub.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const minimal = { model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] };

describe('Story 7: the Messages-API stand-in (@paige/llm/testing)', () => {
  it('listens on 127.0.0.1 and checks the API key and anthropic-version', async () => {
    expect(stub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const noKey = await post('/v1/messages', minimal, { 'anthropic-version': '2023-06-01' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const wrongKey = await post('/v1/messages', minimal, {
      'x-api-key': 'nope',
      'anthropic-version': '2023-06-01',
    });
    expect(wrongKey.status).toBe(401);
    const bearer = await post('/v1/messages', minimal, {
      authorization: 'Bearer sk-stub',
      'anthropic-version': '2023-06-01',
    });
    expect(bearer.status).toBe(200);
    const noVersion = await post('/v1/messages', minimal, { 'x-api-key': 'sk-stub' });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('returns well-formed messages with usage and cache fields, and records the request', async () => {
    const before = stub.requests.length;
    const res = await post('/v1/messages', { ...minimal, system: 'be brief' });
    const msg = (await res.json()) as Record<string, unknown>;
    expect(msg).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      stop_reason: 'end_turn',
    });
    expect(String(msg.id)).toMatch(/^msg_/);
    expect(msg.usage).toMatchObject({
      input_tokens: expect.any(Number),
      output_tokens: expect.any(Number),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
    expect(stub.requests.length).toBe(before + 1);
    expect(stub.requests.at(-1)).toMatchObject({
      path: '/v1/messages',
      model: 'claude-haiku-4-5',
      systemText: 'be brief',
      maxTokens: 50,
    });
  });

  it('streams (stream: true) as server-sent events the real SDK assembles into the same message', async () => {
    const client = new Anthropic({ apiKey: 'sk-stub', baseURL: stub.url, maxRetries: 0 });
    const long = `Hello from the stand-in. ${'x'.repeat(150)}`;
    stub.reply(textReply(long));
    const events: string[] = [];
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    stream.on('streamEvent', (e) => events.push(e.type));
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: long, citations: null }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBeGreaterThan(1);
    expect(events[0]).toBe('message_start');
    expect(events.filter((e) => e === 'content_block_delta').length).toBe(3);
    expect(events.at(-1)).toBe('message_stop');

    stub.reply({
      kind: 'message',
      stopReason: 'tool_use',
      content: [
        { type: 'text', text: 'Let me look.', citations: null },
        { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: 'a.ts' } },
      ],
    });
    const tool = await client.messages
      .stream({
        model: 'claude-haiku-4-5',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'read it' }],
      })
      .finalMessage();
    expect(tool.content[1]).toEqual({
      type: 'tool_use',
      id: 'toolu_1',
      name: 'Read',
      input: { file_path: 'a.ts' },
    });
    expect(tool.stop_reason).toBe('tool_use');
    expect(stub.requests.at(-1)?.body?.stream).toBe(true);
  });

  it('serves count_tokens and rejects unknown routes and invalid requests', async () => {
    const count = await post('/v1/messages/count_tokens', {
      model: 'claude-haiku-4-5',
      messages: [{ role: 'user', content: 'hello there' }],
    });
    expect(await count.json()).toEqual({ input_tokens: expect.any(Number) });
    expect((await post('/v1/other', minimal)).status).toBe(404);
    expect((await post('/v1/messages', { model: 'x' })).status).toBe(400);
  });

  it('sends scripted error bodies with status and retry-after; the handler sees the parsed request', async () => {
    stub.reply(error(429, 'rate_limit_error', { retryAfter: 3 }));
    const limited = await post('/v1/messages', minimal);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error', message: expect.any(String) },
    });

    const seen: unknown[] = [];
    stub.setHandler((req) => {
      seen.push(req.schema);
      return textReply({ ok: true });
    });
    const schema = zodOutputFormat(z.object({ ok: z.boolean() })).schema;
    const res = await post('/v1/messages', {
      ...minimal,
      output_config: { format: { type: 'json_schema', schema } },
    });
    const msg = (await res.json()) as { content: { text: string }[] };
    expect(JSON.parse(msg.content[0]?.text ?? '')).toEqual({ ok: true });
    expect(seen).toEqual([schema]);
    stub.setHandler(undefined);
  });

  it('the default reply is a valid instance of schemas z.toJSONSchema emits (after the SDK transform)', () => {
    const Kata = z.object({ id: z.uuid(), title: z.string().min(12).max(40), level: z.literal('novice') });
    const schemas = [
      z.object({
        phases: z
          .array(z.object({ n: z.int().min(3).max(9), title: z.string().min(8) }))
          .min(3)
          .max(5),
        hint_level: z.enum(['off', 'low', 'medium', 'high']),
        confidence: z.number().min(0.7).max(1),
        exclusive: z.number().gt(2).lt(3),
        score: z.int().positive(),
        note: z.string().nullable(),
        maybe: z.string().optional(),
        flag: z.boolean(),
        when: z.iso.datetime(),
        email: z.email(),
        site: z.url(),
        tags: z.array(z.string()),
        kind: z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]),
        scores: z.record(z.string(), z.number()),
        step: z.number().multipleOf(5).min(12),
      }),
      z.object({ katas: z.array(Kata).min(2), featured: Kata }),
      z.array(z.string().length(6)).min(2),
    ];
    for (const schema of schemas) {
      const wire = zodOutputFormat(schema).schema;
      const value = sampleFromJsonSchema(wire);
      const result = schema.safeParse(value);
      expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
      expect(sampleFromJsonSchema(wire)).toEqual(value);
    }
  });
});
