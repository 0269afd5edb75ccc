/**
 * The Claude API client: one `callApi<T>()` for every model-backed feature, with structured output, model
 * resolution, prompt caching, retries with backoff, typed errors, cost tracking and an `api_call_log` sink.
 * @see Story 7 (all scenarios)
 */
import { createHash } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import type {
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
  ToolUnion,
} from '@anthropic-ai/sdk/resources/messages/messages';
import pLimit from 'p-limit';
import type { z } from 'zod';
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
} from './errors.js';
import { DEFAULT_MODEL_MAPPING, resolveModel } from './models.js';
import { DEFAULT_PRICING, estimateCost, findPrice } from './pricing.js';
import type { PriceTable, TokenUsage } from './pricing.js';
import type { ModelRef, PromptModule } from './prompt-module.js';

/** Minimal logger the client writes attempt and pricing messages to. */
export interface LlmLogger {
  warn(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  debug(msg: string, data?: Record<string, unknown>): void;
}

/**
 * One row for `api_call_log` (the server maps it to the store's `logApiCall`): one per **attempt** (discovery
 * Scenario 11.4: "both attempts are logged"). A successful attempt carries its latency, tokens and cost; a failed
 * attempt has `latencyMs: -1` (FR-091) and `error`, and carries the tokens and cost the API reported when a reply
 * arrived (a reply that failed validation, a refusal, a `max_tokens` stop: the spend is real and counts against the
 * daily budget), zero when none did (transport errors, HTTP errors, aborts).
 * @see Story 7 AS-1, AS-3, AS-7; FR-086, FR-088, FR-091; issue 20 item 5
 */
export interface ApiCallRecord {
  sessionId: string | null;
  callType: string;
  /** Resolved full model id. */
  model: string;
  /** FR-088: SHA-256 of the user message, first 16 hex characters (see {@link hashUserMessage}). */
  inputHash: string;
  /** Wall time of the successful attempt in ms; -1 for a failed attempt. */
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  /** USD. */
  costEstimate: number;
  /** ISO 8601 time the call started. */
  createdAt: string;
  /** 1-based number of this attempt. */
  attempt?: number;
  /** Web search requests the API reported (server tool, billed per request); absent when none. */
  webSearchRequests?: number;
  /** Error code and message of a failed attempt. */
  error?: { code: string; message: string };
}

/** Options of {@link createLlmClient}. */
export interface CreateLlmClientOptions {
  apiKey: string;
  /** Messages API endpoint (the server's `ANTHROPIC_BASE_URL`); default `https://api.anthropic.com`. */
  baseURL?: string;
  /** Alias -> model id, merged over {@link DEFAULT_MODEL_MAPPING} (the server's `CLAUDE_MODEL_MAPPING`). */
  modelMapping?: Record<string, string>;
  /** Model id -> price, merged over {@link DEFAULT_PRICING} (the server's `CLAUDE_PRICING`). */
  pricing?: PriceTable;
  /** Clock in ms (default `Date.now`). */
  now?: () => number;
  /** Waits between attempts (default a real timer); tests inject one that records delays. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Retries after the first attempt for retryable failures (default 3, so at most 4 attempts). @see Story 7 AS-4 */
  maxRetries?: number;
  /** Concurrent HTTP requests across all calls of this client (default 4). */
  concurrency?: number;
  /** Per-attempt request timeout in ms (default 120000). */
  timeoutMs?: number;
  /** First backoff delay in ms (default 500); doubles per retry, capped at `maxBackoffMs`. */
  baseBackoffMs?: number;
  /** Largest backoff or honoured `retry-after` in ms (default 30000). */
  maxBackoffMs?: number;
  /** Sink for `api_call_log` rows; errors it throws are logged and swallowed. */
  onCall?: (row: ApiCallRecord) => void;
  logger?: LlmLogger;
}

/** Parameters of one call. Give either `messages` or `userContent`. */
export interface CallApiParams<T> {
  /** `api_call_log.call_type`, e.g. `coach_agent`. */
  callType: string;
  /** Alias (`sonnet`, `haiku`) or full model id. @see Story 7 AS-2 */
  model: ModelRef;
  /** System prompt, sent as one text block with `cache_control: { type: "ephemeral" }`. */
  system: string;
  /** The conversation; or use `userContent` for a single user turn. */
  messages?: MessageParam[];
  /** Content of a single user turn. */
  userContent?: string | ContentBlockParam[];
  /** zod schema of the reply; sent as `output_config.format` (JSON schema) and used to validate. */
  schema: z.ZodType<T>;
  /** `max_tokens` (default 4096). */
  maxTokens?: number;
  /** Server tools such as `{ type: "web_search_20250305", name: "web_search", max_uses: 5 }`. @see Story 12 D83 */
  tools?: ToolUnion[];
  sessionId?: string | null;
  signal?: AbortSignal;
}

/** A web search result the API really returned. */
export interface WebSearchResult {
  url: string;
  title: string;
  pageAge: string | null;
}

/** A citation attached to reply text. */
export interface WebCitation {
  url: string;
  title: string | null;
  citedText: string;
}

/** Everything `callApiWithMeta` returns. */
export interface CallApiResult<T> {
  output: T;
  usage: TokenUsage;
  /** Resolved model id. */
  model: string;
  /** USD. */
  costUsd: number;
  /** ms, of the successful attempt. */
  latencyMs: number;
  /** 1-based number of the successful attempt. */
  attempts: number;
  inputHash: string;
  /** Present when the reply contained web search results or citations. */
  webSearch?: { results: WebSearchResult[]; citations: WebCitation[] };
}

/** Per-call options of {@link LlmClient.runPrompt}. */
export interface RunPromptOptions {
  sessionId?: string | null;
  signal?: AbortSignal;
  tools?: ToolUnion[];
}

/** The client returned by {@link createLlmClient}. */
export interface LlmClient {
  /**
   * Calls the model and returns the validated structured output.
   * @throws ApiRefusalError | ApiMaxTokensError | ApiValidationError | ApiRateLimitError | ApiServerError |
   *   ApiNetworkError | ApiAuthError | ApiRequestError | ApiError (`API_ABORTED`)
   */
  callApi<T>(params: CallApiParams<T>): Promise<T>;
  /** Like `callApi`, with usage, cost, latency and web search results. Same errors. */
  callApiWithMeta<T>(params: CallApiParams<T>): Promise<CallApiResult<T>>;
  /** Runs a prompt module: its callType, model, maxTokens, systemPrompt, responseSchema and assembleUserMessage. */
  runPrompt<I, O>(module: PromptModule<I, O>, input: I, options?: RunPromptOptions): Promise<O>;
  /** Like `runPrompt`, with metadata. */
  runPromptWithMeta<I, O>(
    module: PromptModule<I, O>,
    input: I,
    options?: RunPromptOptions,
  ): Promise<CallApiResult<O>>;
  /** Alias -> model id with this client's mapping. */
  resolveModel(alias: string): string;
  /** This client's effective price table (defaults merged with overrides). */
  readonly pricing: Readonly<PriceTable>;
}

const DEFAULT_MAX_TOKENS = 4096;

/**
 * FR-088: the `input_hash` of a call, SHA-256 of the user message truncated to 16 hex characters. The user
 * message is the `userContent` string as sent; block content or a whole `messages` array is hashed as its stable
 * JSON (keys sorted), so equal requests hash equally.
 */
export function hashUserMessage(userMessage: string | ContentBlockParam[] | MessageParam[]): string {
  const text = typeof userMessage === 'string' ? userMessage : canonicalJson(userMessage);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Stable JSON: object keys sorted, so equal requests hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function parseRetryAfter(headers: Headers | undefined, nowMs: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Maps an SDK error (or anything thrown) to our error classes. */
function toApiError(err: unknown, nowMs: number): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof Anthropic.APIUserAbortError)
    return new ApiError('API_ABORTED', 'Request aborted', { cause: err });
  if (err instanceof Anthropic.APIConnectionTimeoutError)
    return new ApiNetworkError('Request timed out', true, err);
  if (err instanceof Anthropic.APIConnectionError) {
    return new ApiNetworkError(`Connection failed: ${err.message}`, false, err);
  }
  if (err instanceof Anthropic.APIError) {
    const status = err.status ?? 0;
    const msg = `${status} ${err.type ?? 'error'}: ${err.apiMessage ?? err.message}`;
    const retryAfter = parseRetryAfter(err.headers, nowMs);
    if (status === 429) return new ApiRateLimitError(msg, retryAfter, err);
    if (status >= 500) return new ApiServerError(msg, status, retryAfter, err);
    if (status === 408) return new ApiNetworkError(msg, true, err, 408);
    if (status === 401 || status === 403) return new ApiAuthError(msg, status, err);
    return new ApiRequestError(msg, status, err);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ApiNetworkError(`Request failed: ${message}`, false, err);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ApiError('API_ABORTED', 'Request aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ApiError('API_ABORTED', 'Request aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const noopLogger: LlmLogger = { warn: () => {}, info: () => {}, debug: () => {} };

function collectWebSearch(content: ContentBlock[]): CallApiResult<unknown>['webSearch'] {
  const results: WebSearchResult[] = [];
  const citations: WebCitation[] = [];
  for (const block of content) {
    if (block.type === 'web_search_tool_result' && Array.isArray(block.content)) {
      for (const r of block.content)
        results.push({ url: r.url, title: r.title, pageAge: r.page_age ?? null });
    } else if (block.type === 'text' && block.citations) {
      for (const c of block.citations) {
        if (c.type === 'web_search_result_location')
          citations.push({ url: c.url, title: c.title, citedText: c.cited_text });
      }
    }
  }
  return results.length || citations.length ? { results, citations } : undefined;
}

/** The structured reply: text after the last server tool result (web search interleaves text and citations). */
function replyText(content: ContentBlock[]): string {
  let start = 0;
  content.forEach((b, i) => {
    if (b.type === 'web_search_tool_result' || b.type === 'server_tool_use') start = i + 1;
  });
  const tail = content.slice(start).filter((b) => b.type === 'text');
  const blocks = tail.length ? tail : content.filter((b) => b.type === 'text');
  return blocks.map((b) => (b.type === 'text' ? b.text : '')).join('');
}

function checkStopReason(message: Message, maxTokens: number): void {
  const reason: string | null = message.stop_reason;
  if (reason === 'refusal') {
    const details = message.stop_details;
    const text = replyText(message.content).trim();
    throw new ApiRefusalError(details?.explanation ?? (text || null), details?.category ?? null);
  }
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded')
    throw new ApiMaxTokensError(reason, maxTokens);
  if (reason === 'content_filter') throw new ApiContentFilterError();
  if (reason === 'pause_turn' || reason === 'tool_use') {
    throw new ApiError(
      'API_UNEXPECTED_STOP',
      `Unexpected stop_reason "${reason}" for a structured-output call`,
    );
  }
}

/**
 * Candidate JSON texts of a reply: the text after the last server tool result; then the last text block; then the
 * uncited text blocks (a web search reply can interleave cited prose with the JSON).
 */
function outputCandidates(content: ContentBlock[]): string[] {
  const texts = content.filter((b): b is Extract<ContentBlock, { type: 'text' }> => b.type === 'text');
  const candidates = [
    replyText(content),
    texts.at(-1)?.text ?? '',
    texts
      .filter((b) => !b.citations?.length)
      .map((b) => b.text)
      .join(''),
  ];
  return [...new Set(candidates.filter((c) => c.trim() !== ''))];
}

function parseOutput<T>(content: ContentBlock[], schema: z.ZodType<T>): T {
  let json: unknown;
  const candidates = outputCandidates(content);
  let firstError: Error | undefined;
  let parsed = false;
  for (const text of candidates) {
    try {
      json = JSON.parse(text);
      parsed = true;
      break;
    } catch (err) {
      firstError ??= err as Error;
    }
  }
  if (!parsed) {
    const reason = firstError ? firstError.message : 'the reply has no text';
    throw new ApiValidationError([{ path: [], message: `reply is not valid JSON: ${reason}` }], firstError);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new ApiValidationError(
      result.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: i.message,
      })),
      result.error,
    );
  }
  return result.data;
}

/**
 * Creates the client. One instance per process; it holds one SDK client (SDK retries off: this client's loop owns
 * and logs every attempt) and one concurrency limiter. Reads no environment variables.
 * @see Story 7; DESIGN section 5
 */
export function createLlmClient(options: CreateLlmClientOptions): LlmClient {
  const mapping = { ...DEFAULT_MODEL_MAPPING, ...options.modelMapping };
  const pricing: PriceTable = { ...DEFAULT_PRICING, ...options.pricing };
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const maxRetries = options.maxRetries ?? 3;
  const baseBackoff = options.baseBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const logger = options.logger ?? noopLogger;
  const limit = pLimit(options.concurrency ?? 4);
  const warnedModels = new Set<string>();
  const sdk = new Anthropic({
    apiKey: options.apiKey,
    authToken: null,
    baseURL: options.baseURL ?? 'https://api.anthropic.com',
    maxRetries: 0,
    timeout: options.timeoutMs ?? 120_000,
  });

  const emit = (row: ApiCallRecord): void => {
    try {
      options.onCall?.(row);
    } catch (err) {
      logger.warn('api_call_log sink failed', { error: (err as Error).message });
    }
  };

  const backoffDelay = (retry: number, err: ApiError): number => {
    const hinted =
      err instanceof ApiRateLimitError || err instanceof ApiServerError ? err.retryAfterMs : undefined;
    if (hinted !== undefined) return Math.min(hinted, maxBackoff);
    const exp = Math.min(baseBackoff * 2 ** (retry - 1), maxBackoff);
    return Math.round(exp * (0.5 + random() * 0.5));
  };

  async function callApiWithMeta<T>(params: CallApiParams<T>): Promise<CallApiResult<T>> {
    const model = resolveModel(params.model, mapping);
    const maxTokens = params.maxTokens ?? DEFAULT_MAX_TOKENS;
    const messages: MessageParam[] =
      params.messages ??
      (params.userContent !== undefined ? [{ role: 'user', content: params.userContent }] : []);
    if (messages.length === 0) throw new ApiRequestError('callApi needs messages or userContent', 400);
    const format = zodOutputFormat(params.schema);
    const body: MessageCreateParamsNonStreaming = {
      model,
      max_tokens: maxTokens,
      system: [{ type: 'text', text: params.system, cache_control: { type: 'ephemeral' } }],
      messages,
      output_config: { format: { type: 'json_schema', schema: format.schema } },
      ...(params.tools?.length ? { tools: params.tools } : {}),
    };
    const inputHash = hashUserMessage(params.messages ?? params.userContent ?? messages);
    const startedAt = now();
    const sessionId = params.sessionId ?? null;
    const base = {
      sessionId,
      callType: params.callType,
      model,
      inputHash,
      createdAt: new Date(startedAt).toISOString(),
    };
    const sleep = options.sleep ?? ((ms: number) => defaultSleep(ms, params.signal));

    const priced = (usage: TokenUsage): number => {
      if (!findPrice(model, pricing) && !warnedModels.has(model)) {
        warnedModels.add(model);
        logger.warn(`No price for model ${model}: cost logged as 0`, { model });
      }
      return estimateCost(model, usage, pricing);
    };
    const noUsage: TokenUsage = {
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
    };

    let attempt = 0;
    for (;;) {
      attempt += 1;
      const t0 = now();
      // What the API reported for this attempt: set as soon as a reply arrives, so a reply that is then rejected
      // (refusal, max_tokens, invalid output) is still logged with its real tokens and cost.
      let reported: TokenUsage | undefined;
      try {
        if (params.signal?.aborted) throw new ApiError('API_ABORTED', 'Request aborted');
        const message = await limit(() => sdk.messages.create(body, { signal: params.signal }));
        const latencyMs = Math.max(0, now() - t0);
        const searches = message.usage.server_tool_use?.web_search_requests ?? 0;
        const usage: TokenUsage = {
          inputTokens: message.usage.input_tokens,
          outputTokens: message.usage.output_tokens,
          cacheCreationInputTokens: message.usage.cache_creation_input_tokens ?? 0,
          cacheReadInputTokens: message.usage.cache_read_input_tokens ?? 0,
          ...(searches > 0 ? { webSearchRequests: searches } : {}),
        };
        reported = usage;
        checkStopReason(message, maxTokens);
        const output = parseOutput(message.content, params.schema);
        const costUsd = priced(usage);
        logger.debug('model call succeeded', { callType: params.callType, model, attempt, latencyMs });
        emit({ ...base, latencyMs, ...usage, costEstimate: costUsd, attempt });
        const webSearch = collectWebSearch(message.content);
        return {
          output,
          usage,
          model,
          costUsd,
          latencyMs,
          attempts: attempt,
          inputHash,
          ...(webSearch ? { webSearch } : {}),
        };
      } catch (thrown) {
        const err = toApiError(thrown, now());
        const willRetry = err.retryable && attempt <= maxRetries && !params.signal?.aborted;
        const delay = willRetry ? backoffDelay(attempt, err) : 0;
        logger.warn(`model call attempt ${attempt} failed${willRetry ? `; retrying in ${delay} ms` : ''}`, {
          callType: params.callType,
          model,
          attempt,
          code: err.code,
          statusCode: err.statusCode,
          error: err.message,
        });
        // Every failed attempt writes one record: latency -1 (FR-091), the reported tokens and cost when a reply
        // arrived, else zeros (issue 20 item 5; discovery Scenario 11.4).
        const usage = reported ?? noUsage;
        emit({
          ...base,
          latencyMs: -1,
          ...usage,
          costEstimate: reported ? priced(reported) : 0,
          attempt,
          error: { code: err.code, message: err.message },
        });
        if (!willRetry) throw err;
        try {
          await sleep(delay);
        } catch (sleepErr) {
          throw toApiError(sleepErr, now());
        }
      }
    }
  }

  const promptParams = <I, O>(
    module: PromptModule<I, O>,
    input: I,
    opts: RunPromptOptions = {},
  ): CallApiParams<O> => ({
    callType: module.callType,
    model: module.model,
    maxTokens: module.maxTokens,
    system: module.systemPrompt,
    schema: module.responseSchema,
    userContent: module.assembleUserMessage(input),
    sessionId: opts.sessionId ?? null,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.tools ? { tools: opts.tools } : {}),
  });

  return {
    callApiWithMeta,
    callApi: async (params) => (await callApiWithMeta(params)).output,
    runPrompt: async (module, input, opts) =>
      (await callApiWithMeta(promptParams(module, input, opts))).output,
    runPromptWithMeta: (module, input, opts) => callApiWithMeta(promptParams(module, input, opts)),
    resolveModel: (alias) => resolveModel(alias, mapping),
    pricing,
  };
}
