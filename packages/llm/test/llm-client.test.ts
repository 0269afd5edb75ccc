import { createHash } from 'node:crypto';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ApiAuthError,
  ApiContentFilterError,
  ApiError,
  ApiMaxTokensError,
  ApiNetworkError,
  ApiRateLimitError,
  ApiRefusalError,
  ApiRequestError,
  ApiServerError,
  ApiValidationError,
  definePromptModule,
  estimateCost,
  hashUserMessage,
  resolveModel,
  WEB_SEARCH_USD_PER_REQUEST,
} from '../src/index.js';
import {
  contextWindowExceeded,
  dropConnection,
  error,
  maxTokens,
  refusal,
  slow,
  startMessagesApiStub,
  textReply,
  webSearchReply,
} from '../src/testing.js';
import type { MessagesApiStub, StubReply } from '../src/testing.js';
import { API_KEY, harness } from './helpers.js';

const PlanSchema = z.object({
  title: z.string().min(3),
  phases: z
    .array(
      z.object({
        number: z.int().min(1).max(5),
        title: z.string(),
        hint_level: z.enum(['off', 'low', 'medium', 'high']),
      }),
    )
    .min(1),
  memory_connection: z.string().nullable(),
});
type Plan = z.infer<typeof PlanSchema>;
const validPlan: Plan = {
  title: 'Add a cache',
  phases: [{ number: 1, title: 'Read the code', hint_level: 'low' }],
  memory_connection: null,
};

const SYSTEM = 'You are Paige, a patient coach for junior developers.';

let stub: MessagesApiStub;
beforeAll(async () => {
  stub = await startMessagesApiStub({ apiKey: API_KEY });
});
afterAll(async () => {
  await stub.stop();
});
afterEach(() => {
  stub.requests.length = 0;
  stub.setHandler(undefined);
});

const lastRequest = () => {
  const r = stub.requests.at(-1);
  if (!r) throw new Error('no request recorded');
  return r;
};

describe('Story 7: Claude API client', () => {
  it('AS-1: returns the validated structured output and logs the call', async () => {
    const h = harness(stub);
    stub.reply(
      textReply(validPlan, {
        usage: {
          input_tokens: 120,
          output_tokens: 40,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      }),
    );
    const out = await h.client.callApi({
      callType: 'coach_agent',
      model: 'sonnet',
      system: SYSTEM,
      userContent: 'Issue #12',
      schema: PlanSchema,
      sessionId: 's-1',
    });
    expect(out).toEqual(validPlan);
    expect(h.records).toHaveLength(1);
    const row = h.records[0];
    expect(row).toMatchObject({
      sessionId: 's-1',
      callType: 'coach_agent',
      model: 'claude-opus-4-6',
      inputTokens: 120,
      outputTokens: 40,
      attempt: 1,
    });
    expect(row?.inputHash).toMatch(/^[0-9a-f]{16}$/);
    expect(row?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(Date.parse(row?.createdAt ?? ''))).toBe(false);
    expect(row?.error).toBeUndefined();
  });

  it('AS-1: the wire request carries the JSON schema, the cache-control marker, the resolved model and max_tokens', async () => {
    const h = harness(stub);
    stub.reply(textReply(validPlan));
    await h.client.callApi({
      callType: 'coach_agent',
      model: 'haiku',
      system: SYSTEM,
      userContent: 'Issue #12',
      schema: PlanSchema,
    });
    const req = lastRequest();
    expect(req.path).toBe('/v1/messages');
    expect(req.headers.authorization ?? req.headers['x-api-key']).toContain(API_KEY);
    expect(req.headers['anthropic-version']).toBeTruthy();
    expect(req.model).toBe('claude-haiku-4-5-20251001');
    expect(req.maxTokens).toBe(4096);
    expect(req.system).toEqual([{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }]);
    expect(req.body?.output_config).toEqual({
      format: { type: 'json_schema', schema: zodOutputFormat(PlanSchema).schema },
    });
    expect(req.schema?.properties).toHaveProperty('phases');
    expect(req.messages).toEqual([{ role: 'user', content: 'Issue #12' }]);
    expect(req.tools).toBeUndefined();
  });

  it('AS-1: with no scripted reply the stand-in answers with a valid instance of the requested schema', async () => {
    const h = harness(stub);
    const out = await h.client.callApi({
      callType: 'coach_agent',
      model: 'sonnet',
      system: SYSTEM,
      userContent: 'x',
      schema: PlanSchema,
      maxTokens: 8192,
    });
    expect(PlanSchema.safeParse(out).success).toBe(true);
    expect(lastRequest().maxTokens).toBe(8192);
  });

  it('FR-088: input_hash is SHA-256 of the user message truncated to 16 hex characters', async () => {
    const h = harness(stub);
    await h.client.callApi({
      callType: 't',
      model: 'haiku',
      system: SYSTEM,
      userContent: 'Explain:\nconst x = 1;',
      schema: PlanSchema,
    });
    expect(h.records[0]?.inputHash).toBe(
      createHash('sha256').update('Explain:\nconst x = 1;').digest('hex').slice(0, 16),
    );
    expect(hashUserMessage('Explain:\nconst x = 1;')).toBe(h.records[0]?.inputHash);
    // The system prompt and the model are not part of it: the same user message hashes the same.
    await h.client.callApi({
      callType: 't',
      model: 'sonnet',
      system: 'Another system prompt',
      userContent: 'Explain:\nconst x = 1;',
      schema: PlanSchema,
    });
    expect(h.records[1]?.inputHash).toBe(h.records[0]?.inputHash);
  });

  it('AS-1: equal requests hash equally, different ones differently', async () => {
    const h = harness(stub);
    const call = (content: string) =>
      h.client.callApi({
        callType: 't',
        model: 'haiku',
        system: SYSTEM,
        userContent: content,
        schema: PlanSchema,
      });
    await call('a');
    await call('a');
    await call('b');
    const [a1, a2, b] = h.records.map((r) => r.inputHash);
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
  });

  it('AS-2: aliases resolve to full model ids; full ids pass through; the mapping is overridable', async () => {
    expect(resolveModel('sonnet')).toBe('claude-opus-4-6');
    expect(resolveModel('haiku')).toBe('claude-haiku-4-5-20251001');
    expect(resolveModel('claude-sonnet-4-6')).toBe('claude-sonnet-4-6');
    const h = harness(stub, { modelMapping: { sonnet: 'claude-sonnet-4-6' } });
    expect(h.client.resolveModel('haiku')).toBe('claude-haiku-4-5-20251001');
    await h.client.callApi({
      callType: 't',
      model: 'sonnet',
      system: SYSTEM,
      userContent: 'x',
      schema: PlanSchema,
    });
    expect(lastRequest().model).toBe('claude-sonnet-4-6');
    expect(h.records[0]?.model).toBe('claude-sonnet-4-6');
    await h.client.callApi({
      callType: 't',
      model: 'claude-opus-4-5',
      system: SYSTEM,
      userContent: 'x',
      schema: PlanSchema,
    });
    expect(lastRequest().model).toBe('claude-opus-4-5');
  });

  it('AS-3: cost_estimate comes from the usage (input, output, cache write, cache read) and the price table; latency from the clock', async () => {
    let t = 1_000_000;
    const h = harness(stub, { now: () => (t += 40) });
    stub.reply(
      textReply(validPlan, {
        usage: {
          input_tokens: 1000,
          output_tokens: 500,
          cache_creation_input_tokens: 2000,
          cache_read_input_tokens: 10_000,
        },
      }),
    );
    const meta = await h.client.callApiWithMeta({
      callType: 'observer_triage',
      model: 'haiku',
      system: SYSTEM,
      userContent: 'x',
      schema: PlanSchema,
    });
    // Haiku 4.5: $1 in, $5 out, $1.25 cache write, $0.10 cache read per million tokens.
    const expected = (1000 * 1 + 500 * 5 + 2000 * 1.25 + 10_000 * 0.1) / 1_000_000;
    expect(meta.costUsd).toBeCloseTo(expected, 12);
    expect(meta.usage).toEqual({
      inputTokens: 1000,
      outputTokens: 500,
      cacheCreationInputTokens: 2000,
      cacheReadInputTokens: 10_000,
    });
    expect(meta.latencyMs).toBe(40);
    expect(h.records[0]).toMatchObject({
      costEstimate: meta.costUsd,
      latencyMs: 40,
      cacheCreationInputTokens: 2000,
      cacheReadInputTokens: 10_000,
    });
    // Opus 4.6 at $5 / $25 (cache write $6.25, read $0.50).
    const usage = {
      inputTokens: 1_000_000,
      outputTokens: 1_000_000,
      cacheCreationInputTokens: 1_000_000,
      cacheReadInputTokens: 1_000_000,
    };
    expect(estimateCost('claude-opus-4-6', usage)).toBeCloseTo(5 + 25 + 6.25 + 0.5, 9);
    expect(estimateCost('claude-sonnet-4-6', usage)).toBeCloseTo(3 + 15 + 3.75 + 0.3, 9);
  });

  it('AS-3: repeated calls with the same system prompt read it from the prompt cache', async () => {
    const h = harness(stub);
    const system = `${SYSTEM} Cache probe ${Math.random()}`;
    const call = () =>
      h.client.callApiWithMeta({
        callType: 't',
        model: 'sonnet',
        system,
        userContent: 'x',
        schema: PlanSchema,
      });
    const first = await call();
    const second = await call();
    expect(first.usage.cacheCreationInputTokens).toBeGreaterThan(0);
    expect(second.usage.cacheReadInputTokens).toBe(first.usage.cacheCreationInputTokens);
    expect(second.costUsd).toBeLessThan(first.costUsd);
  });

  it('AS-3: a model without a price logs a warning and costs 0, never a crash; pricing is overridable', async () => {
    const h = harness(stub);
    const out = await h.client.callApiWithMeta({
      callType: 't',
      model: 'claude-future-9',
      system: SYSTEM,
      userContent: 'x',
      schema: PlanSchema,
    });
    expect(out.costUsd).toBe(0);
    expect(h.records[0]?.costEstimate).toBe(0);
    expect(h.warnings.some((w) => w.msg.includes('claude-future-9'))).toBe(true);

    const priced = harness(stub, { pricing: { 'claude-future-9': { input: 2, output: 10 } } });
    stub.reply(
      textReply(validPlan, {
        usage: {
          input_tokens: 1000,
          output_tokens: 100,
          cache_creation_input_tokens: 400,
          cache_read_input_tokens: 1000,
        },
      }),
    );
    const meta = await priced.client.callApiWithMeta({
      callType: 't',
      model: 'claude-future-9',
      system: SYSTEM,
      userContent: 'x',
      schema: PlanSchema,
    });
    // cache write and read default to 1.25x and 0.1x of input
    expect(meta.costUsd).toBeCloseTo((1000 * 2 + 100 * 10 + 400 * 2.5 + 1000 * 0.2) / 1_000_000, 12);
    expect(priced.warnings).toHaveLength(0);
  });

  it('AS-4: 500, 529 and 429 are retried with backoff, retry-after is honoured, each attempt is logged', async () => {
    const h = harness(stub);
    stub.reply(
      error(500, 'api_error'),
      error(529, 'overloaded_error'),
      error(429, 'rate_limit_error', { retryAfter: 7 }),
      textReply(validPlan),
    );
    const meta = await h.client.callApiWithMeta({
      callType: 't',
      model: 'sonnet',
      system: SYSTEM,
      userContent: 'x',
      schema: PlanSchema,
    });
    expect(meta.output).toEqual(validPlan);
    expect(meta.attempts).toBe(4);
    expect(stub.requests).toHaveLength(4);
    // random() = 0.5 -> 75% of 500 * 2^(n-1); the third wait is the server's retry-after (7 s).
    expect(h.delays).toEqual([375, 750, 7000]);
    expect(h.warnings.filter((w) => w.msg.includes('attempt'))).toHaveLength(3);
    expect(h.warnings.map((w) => w.data?.code)).toEqual([
      'API_SERVER_ERROR',
      'API_SERVER_ERROR',
      'API_RATE_LIMIT',
    ]);
    // Discovery Scenario 11.4 / issue 20 item 5: one api_call_log row per attempt, the failures with latency -1.
    expect(h.records.map((r) => [r.attempt, r.latencyMs === -1, r.error?.code ?? null])).toEqual([
      [1, true, 'API_SERVER_ERROR'],
      [2, true, 'API_SERVER_ERROR'],
      [3, true, 'API_RATE_LIMIT'],
      [4, false, null],
    ]);
    expect(h.records[3]?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(new Set(h.records.map((r) => r.inputHash)).size).toBe(1);
  });

  it('AS-4: backoff grows exponentially with jitter and is capped', async () => {
    const low = harness(stub, { random: () => 0, maxBackoffMs: 800 });
    stub.reply(
      error(500, 'api_error'),
      error(500, 'api_error'),
      error(500, 'api_error'),
      textReply(validPlan),
    );
    await low.client.callApi({
      callType: 't',
      model: 'sonnet',
      system: SYSTEM,
      userContent: 'x',
      schema: PlanSchema,
    });
    expect(low.delays).toEqual([250, 400, 400]);
    const high = harness(stub, { random: () => 0.999 });
    stub.reply(error(503, 'api_error'), error(502, 'api_error'), textReply(validPlan));
    await high.client.callApi({
      callType: 't',
      model: 'sonnet',
      system: SYSTEM,
      userContent: 'x',
      schema: PlanSchema,
    });
    expect(high.delays).toEqual([500, 1000]);
  });

  it('AS-4: stops after 3 retries (4 attempts) and throws ApiServerError', async () => {
    const h = harness(stub);
    stub.reply(
      error(500, 'api_error'),
      error(500, 'api_error'),
      error(500, 'api_error'),
      error(500, 'api_error'),
      textReply(validPlan),
    );
    const err = await h.client
      .callApi({ callType: 't', model: 'sonnet', system: SYSTEM, userContent: 'x', schema: PlanSchema })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiServerError);
    expect(err).toMatchObject({ statusCode: 500, retryable: true, code: 'API_SERVER_ERROR' });
    expect(stub.requests).toHaveLength(4);
    expect(h.delays).toHaveLength(3);
    expect(h.warnings.filter((w) => w.msg.includes('attempt'))).toHaveLength(4);
    // the unused scripted success stays queued for the next call
    await h.client.callApi({
      callType: 't',
      model: 'sonnet',
      system: SYSTEM,
      userContent: 'x',
      schema: PlanSchema,
    });
  });

  it('AS-4: 529 overloaded and 429 exhausted give ApiServerError and ApiRateLimitError (with retry-after)', async () => {
    const h = harness(stub, { maxRetries: 1 });
    stub.reply(error(529, 'overloaded_error'), error(529, 'overloaded_error'));
    await expect(
      h.client.callApi({
        callType: 't',
        model: 'sonnet',
        system: SYSTEM,
        userContent: 'x',
        schema: PlanSchema,
      }),
    ).rejects.toMatchObject({
      name: 'ApiServerError',
      statusCode: 529,
    });
    stub.reply(
      error(429, 'rate_limit_error', { retryAfter: 2 }),
      error(429, 'rate_limit_error', { retryAfter: 3 }),
    );
    const err = await h.client
      .callApi({ callType: 't', model: 'sonnet', system: SYSTEM, userContent: 'x', schema: PlanSchema })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiRateLimitError);
    expect(err).toMatchObject({ statusCode: 429, retryable: true, retryAfterMs: 3000 });
    expect(h.delays).toEqual([375, 2000]);
  });

  it('AS-4: a dropped connection is a retryable ApiNetworkError', async () => {
    const h = harness(stub);
    stub.reply(dropConnection(), textReply(validPlan));
    await expect(
      h.client.callApi({
        callType: 't',
        model: 'sonnet',
        system: SYSTEM,
        userContent: 'x',
        schema: PlanSchema,
      }),
    ).resolves.toEqual(validPlan);
    expect(h.delays).toHaveLength(1);
    stub.reply(dropConnection(), dropConnection(), dropConnection(), dropConnection());
    const err = await h.client
      .callApi({ callType: 't', model: 'sonnet', system: SYSTEM, userContent: 'x', schema: PlanSchema })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiNetworkError);
    expect(err).toMatchObject({ retryable: true, timedOut: false, code: 'API_NETWORK_ERROR' });
  });

  it('AS-4: a request slower than timeoutMs is an ApiNetworkError (timed out) and is retried', async () => {
    const h = harness(stub, { timeoutMs: 150, maxRetries: 1 });
    stub.reply(slow(5_000), textReply(validPlan));
    await expect(
      h.client.callApi({
        callType: 't',
        model: 'sonnet',
        system: SYSTEM,
        userContent: 'x',
        schema: PlanSchema,
      }),
    ).resolves.toEqual(validPlan);
    expect(h.warnings[0]?.data?.code).toBe('API_NETWORK_ERROR');
    stub.reply(slow(5_000), slow(5_000));
    const err = await h.client
      .callApi({ callType: 't', model: 'sonnet', system: SYSTEM, userContent: 'x', schema: PlanSchema })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiNetworkError);
    expect(err).toMatchObject({ timedOut: true });
  });

  it('AS-5: stop_reason refusal throws ApiRefusalError with the explanation, not retried', async () => {
    const h = harness(stub);
    stub.reply(refusal('This request asks for exploit code.', 'cyber'));
    const err = await h.client
      .callApi({ callType: 't', model: 'sonnet', system: SYSTEM, userContent: 'x', schema: PlanSchema })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiRefusalError);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      explanation: 'This request asks for exploit code.',
      category: 'cyber',
      retryable: false,
      code: 'API_REFUSAL',
    });
    expect((err as Error).message).toContain('exploit code');
    expect(stub.requests).toHaveLength(1);
    expect(h.records[0]).toMatchObject({ latencyMs: -1, error: { code: 'API_REFUSAL' } });
  });

  it('AS-6: stop_reason max_tokens and model_context_window_exceeded throw ApiMaxTokensError, not retried', async () => {
    const h = harness(stub);
    stub.reply(maxTokens());
    const err = await h.client
      .callApi({
        callType: 't',
        model: 'sonnet',
        system: SYSTEM,
        userContent: 'x',
        schema: PlanSchema,
        maxTokens: 64,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiMaxTokensError);
    expect(err).toMatchObject({ stopReason: 'max_tokens', retryable: false, code: 'API_MAX_TOKENS' });
    stub.reply(contextWindowExceeded());
    const err2 = await h.client
      .callApi({ callType: 't', model: 'sonnet', system: SYSTEM, userContent: 'x', schema: PlanSchema })
      .catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(ApiMaxTokensError);
    expect(err2).toMatchObject({ stopReason: 'model_context_window_exceeded' });
    expect(stub.requests).toHaveLength(2);
  });

  it('AS-7: after all retries fail, one api_call_log row per attempt with latency -1, zero tokens and zero cost (no reply arrived)', async () => {
    const h = harness(stub);
    stub.reply(
      error(503, 'api_error'),
      error(503, 'api_error'),
      error(503, 'api_error'),
      error(503, 'api_error'),
    );
    await expect(
      h.client.callApi({
        callType: 'explain_this',
        model: 'sonnet',
        system: SYSTEM,
        userContent: 'x',
        schema: PlanSchema,
        sessionId: null,
      }),
    ).rejects.toBeInstanceOf(ApiServerError);
    expect(h.records.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    expect(h.records.at(-1)).toEqual(
      expect.objectContaining({
        sessionId: null,
        callType: 'explain_this',
        model: 'claude-opus-4-6',
        latencyMs: -1,
        inputTokens: 0,
        outputTokens: 0,
        cacheCreationInputTokens: 0,
        cacheReadInputTokens: 0,
        costEstimate: 0,
        attempt: 4,
        error: expect.objectContaining({ code: 'API_SERVER_ERROR' }),
      }),
    );
    for (const r of h.records)
      expect(r).toMatchObject({ latencyMs: -1, inputTokens: 0, outputTokens: 0, costEstimate: 0 });
  });

  describe('issue 20 item 5: cost that counts everything', () => {
    // Sonnet alias -> claude-opus-4-6 at $5 in / $25 out per million tokens.
    const opusCost = (input: number, output: number) => (input * 5 + output * 25) / 1_000_000;

    it('a reply that fails validation is logged with the tokens and cost the API reported', async () => {
      const h = harness(stub);
      stub.reply(
        textReply(
          { title: 'no phases' },
          {
            usage: {
              input_tokens: 2_000,
              output_tokens: 300,
              cache_creation_input_tokens: 0,
              cache_read_input_tokens: 0,
            },
          },
        ),
      );
      await expect(
        h.client.callApi({
          callType: 'coach_agent',
          model: 'sonnet',
          system: SYSTEM,
          userContent: 'plan',
          schema: PlanSchema,
        }),
      ).rejects.toBeInstanceOf(ApiValidationError);
      expect(h.records).toEqual([
        expect.objectContaining({
          latencyMs: -1,
          inputTokens: 2_000,
          outputTokens: 300,
          attempt: 1,
          error: expect.objectContaining({ code: 'API_VALIDATION_ERROR' }),
        }),
      ]);
      expect(h.records[0]?.costEstimate).toBeCloseTo(opusCost(2_000, 300), 12);
    });

    it('a refusal is logged with the reported tokens and cost', async () => {
      const h = harness(stub);
      stub.reply({
        ...refusal('No.'),
        usage: {
          input_tokens: 1_500,
          output_tokens: 20,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      } as StubReply);
      await expect(
        h.client.callApi({
          callType: 't',
          model: 'sonnet',
          system: SYSTEM,
          userContent: 'x',
          schema: PlanSchema,
        }),
      ).rejects.toBeInstanceOf(ApiRefusalError);
      expect(h.records[0]).toMatchObject({
        latencyMs: -1,
        inputTokens: 1_500,
        outputTokens: 20,
        error: { code: 'API_REFUSAL' },
      });
      expect(h.records[0]?.costEstimate).toBeCloseTo(opusCost(1_500, 20), 12);
    });

    it('a max_tokens stop is logged with the reported tokens and cost (the truncated output was paid for)', async () => {
      const h = harness(stub);
      stub.reply({
        ...maxTokens(),
        usage: {
          input_tokens: 900,
          output_tokens: 64,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 1_000,
        },
      } as StubReply);
      await expect(
        h.client.callApi({
          callType: 't',
          model: 'sonnet',
          system: SYSTEM,
          userContent: 'x',
          schema: PlanSchema,
          maxTokens: 64,
        }),
      ).rejects.toBeInstanceOf(ApiMaxTokensError);
      expect(h.records[0]).toMatchObject({
        latencyMs: -1,
        inputTokens: 900,
        outputTokens: 64,
        cacheReadInputTokens: 1_000,
        error: { code: 'API_MAX_TOKENS' },
      });
      expect(h.records[0]?.costEstimate).toBeCloseTo(opusCost(900, 64) + (1_000 * 0.5) / 1_000_000, 12);
    });

    it('a failed attempt followed by a success gives two rows, the failure with its own reported cost', async () => {
      const h = harness(stub);
      stub.reply(
        error(529, 'overloaded_error'),
        textReply(validPlan, { usage: { input_tokens: 100, output_tokens: 10 } }),
      );
      await h.client.callApi({
        callType: 't',
        model: 'sonnet',
        system: SYSTEM,
        userContent: 'x',
        schema: PlanSchema,
      });
      expect(h.records).toHaveLength(2);
      expect(h.records[0]).toMatchObject({
        attempt: 1,
        latencyMs: -1,
        costEstimate: 0,
        error: { code: 'API_SERVER_ERROR' },
      });
      expect(h.records[1]).toMatchObject({ attempt: 2, inputTokens: 100, outputTokens: 10 });
      expect(h.records[1]?.error).toBeUndefined();
    });

    it('web searches are billed per request on top of the tokens', async () => {
      const h = harness(stub);
      stub.reply({
        ...webSearchReply(validPlan, [{ url: 'https://example.com/a', title: 'A' }]),
        usage: {
          input_tokens: 1_000,
          output_tokens: 100,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      } as StubReply);
      const meta = await h.client.callApiWithMeta({
        callType: 'learning_materials',
        model: 'sonnet',
        system: SYSTEM,
        userContent: 'x',
        schema: PlanSchema,
      });
      expect(meta.usage.webSearchRequests).toBe(1);
      expect(meta.costUsd).toBeCloseTo(opusCost(1_000, 100) + WEB_SEARCH_USD_PER_REQUEST, 12);
      expect(h.records[0]).toMatchObject({ webSearchRequests: 1, costEstimate: meta.costUsd });
    });
  });

  it('a reply that does not match the schema gives ApiValidationError with the issue paths, not retried', async () => {
    const h = harness(stub);
    stub.reply(
      textReply({
        title: 'ok!',
        phases: [{ number: 9, title: 3, hint_level: 'extreme' }],
        memory_connection: null,
      }),
    );
    const err = await h.client
      .callApi({ callType: 't', model: 'sonnet', system: SYSTEM, userContent: 'x', schema: PlanSchema })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiValidationError);
    const paths = (err as ApiValidationError).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['phases.0.number', 'phases.0.title', 'phases.0.hint_level']),
    );
    expect(err).toMatchObject({ retryable: false, code: 'API_VALIDATION_ERROR' });
    stub.reply(textReply('not json {'));
    const err2 = await h.client
      .callApi({ callType: 't', model: 'sonnet', system: SYSTEM, userContent: 'x', schema: PlanSchema })
      .catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(ApiValidationError);
    expect((err2 as ApiValidationError).issues[0]?.path).toEqual([]);
    expect(stub.requests).toHaveLength(2);
    expect(h.records.map((r) => r.latencyMs)).toEqual([-1, -1]);
    expect(h.records.every((r) => r.error?.code === 'API_VALIDATION_ERROR')).toBe(true);
  });

  it('a content_filter stop gives ApiContentFilterError; pause_turn is an unexpected stop', async () => {
    const h = harness(stub);
    const filtered: StubReply = { kind: 'message', content: [], stopReason: 'content_filter' };
    stub.reply(filtered);
    await expect(
      h.client.callApi({
        callType: 't',
        model: 'sonnet',
        system: SYSTEM,
        userContent: 'x',
        schema: PlanSchema,
      }),
    ).rejects.toBeInstanceOf(ApiContentFilterError);
    stub.reply({ kind: 'message', content: [], stopReason: 'pause_turn' });
    await expect(
      h.client.callApi({
        callType: 't',
        model: 'sonnet',
        system: SYSTEM,
        userContent: 'x',
        schema: PlanSchema,
      }),
    ).rejects.toMatchObject({
      code: 'API_UNEXPECTED_STOP',
    });
  });

  it('a wrong API key gives ApiAuthError and a bad request ApiRequestError, neither retried', async () => {
    const bad = harness(stub, { apiKey: 'sk-wrong' });
    const err = await bad.client
      .callApi({ callType: 't', model: 'sonnet', system: SYSTEM, userContent: 'x', schema: PlanSchema })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiAuthError);
    expect(err).toMatchObject({ statusCode: 401, retryable: false });
    const h = harness(stub);
    stub.reply(error(400, 'invalid_request_error', { message: 'messages: field required' }));
    const err2 = await h.client
      .callApi({ callType: 't', model: 'sonnet', system: SYSTEM, userContent: 'x', schema: PlanSchema })
      .catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(ApiRequestError);
    expect((err2 as Error).message).toContain('messages: field required');
    expect(stub.requests).toHaveLength(2);
    expect(bad.delays.length + h.delays.length).toBe(0);
  });

  it('the concurrency limit caps requests in flight', async () => {
    const h = harness(stub, { concurrency: 2 });
    let inFlight = 0;
    let peak = 0;
    stub.setHandler(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 100));
      inFlight -= 1;
      return undefined;
    });
    const calls = Array.from({ length: 6 }, (_, i) =>
      h.client.callApi({
        callType: 't',
        model: 'haiku',
        system: SYSTEM,
        userContent: `burst ${i}`,
        schema: PlanSchema,
      }),
    );
    await Promise.all(calls);
    expect(stub.requests).toHaveLength(6);
    expect(peak).toBe(2);
  });

  it('web search: tools go on the wire, results and citations come back with the output', async () => {
    const h = harness(stub);
    const Materials = z.object({ materials: z.array(z.object({ title: z.string(), url: z.string() })) });
    const results = [
      { url: 'https://react.dev/learn/synchronizing-with-effects', title: 'Synchronizing with Effects' },
      { url: 'https://developer.mozilla.org/en-US/docs/Web/API/AbortController', title: 'AbortController' },
    ];
    stub.reply(
      webSearchReply(
        { materials: [{ title: results[0]?.title ?? '', url: results[0]?.url ?? '' }] },
        results,
      ),
    );
    const tools = [{ type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 3 }];
    const meta = await h.client.callApiWithMeta({
      callType: 'learning_materials',
      model: 'sonnet',
      system: SYSTEM,
      userContent: 'effects',
      schema: Materials,
      tools,
    });
    expect(lastRequest().tools).toEqual(tools);
    expect(meta.output.materials[0]?.url).toBe(results[0]?.url);
    expect(meta.webSearch?.results.map((r) => r.url)).toEqual(results.map((r) => r.url));
    expect(meta.webSearch?.citations.map((c) => c.url)).toEqual(results.map((r) => r.url));
    const plain = await h.client.callApiWithMeta({
      callType: 't',
      model: 'sonnet',
      system: SYSTEM,
      userContent: 'x',
      schema: Materials,
    });
    expect(plain.webSearch).toBeUndefined();
  });

  it('runPrompt uses the prompt module (callType, model, maxTokens, system prompt, schema, user message)', async () => {
    const h = harness(stub);
    const mod = definePromptModule({
      callType: 'explain_this',
      model: 'haiku',
      maxTokens: 1024,
      systemPrompt: 'Explain code to a novice.',
      responseSchema: z.object({ explanation: z.string().min(1) }),
      assembleUserMessage: (input: { code: string }) => `Explain:\n${input.code}`,
    });
    const out = await h.client.runPrompt(mod, { code: 'const x = 1;' }, { sessionId: 's-9' });
    expect(out.explanation.length).toBeGreaterThan(0);
    const req = lastRequest();
    expect(req).toMatchObject({
      model: 'claude-haiku-4-5-20251001',
      maxTokens: 1024,
      systemText: 'Explain code to a novice.',
    });
    expect(req.messages).toEqual([{ role: 'user', content: 'Explain:\nconst x = 1;' }]);
    expect(h.records[0]).toMatchObject({ callType: 'explain_this', sessionId: 's-9' });
  });

  it('an aborted signal stops the call with API_ABORTED and logs the failure', async () => {
    const h = harness(stub);
    const ac = new AbortController();
    ac.abort();
    await expect(
      h.client.callApi({
        callType: 't',
        model: 'sonnet',
        system: SYSTEM,
        userContent: 'x',
        schema: PlanSchema,
        signal: ac.signal,
      }),
    ).rejects.toMatchObject({
      code: 'API_ABORTED',
      retryable: false,
    });
    expect(h.records[0]).toMatchObject({ latencyMs: -1, error: { code: 'API_ABORTED' } });
  });

  it('a failing api_call_log sink is logged and does not break the call', async () => {
    const h = harness(stub, {
      onCall: () => {
        throw new Error('disk full');
      },
    });
    await expect(
      h.client.callApi({
        callType: 't',
        model: 'sonnet',
        system: SYSTEM,
        userContent: 'x',
        schema: PlanSchema,
      }),
    ).resolves.toBeDefined();
    expect(h.warnings.some((w) => w.data?.error === 'disk full')).toBe(true);
  });
});
