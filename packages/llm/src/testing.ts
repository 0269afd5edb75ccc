/**
 * `@paige/llm/testing` (Node only): a local stand-in for the Anthropic Messages API that the real SDK talks to.
 * A real `node:http` server on 127.0.0.1 (port 0 by default) serving `POST /v1/messages` and
 * `POST /v1/messages/count_tokens`. Replies are scripted per test (a queue, then a handler, then a default reply
 * that is a valid instance of the requested JSON schema), so every feature runs end to end offline.
 * @see Story 7; DESIGN section 5 ("Claude API ... in tests")
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sampleFromJsonSchema } from './json-schema-sample.js';

export { sampleFromJsonSchema } from './json-schema-sample.js';

/** Usage fields as the API sends them (all optional when scripting; missing ones are estimated). */
export interface StubUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** One web search result to put in a `web_search_tool_result` block. */
export interface StubSearchResult {
  url: string;
  title: string;
  page_age?: string | null;
}

/** A scripted reply. Build them with the helpers ({@link textReply}, {@link error}, ...). */
export type StubReply =
  | {
      kind: 'message';
      /** Content blocks; `undefined` = a text block with the default (schema-sampled) JSON. */
      content?: Record<string, unknown>[];
      stopReason: string;
      stopDetails?: Record<string, unknown> | null;
      usage?: StubUsage;
      /** Overrides the model echoed in the reply (default: the requested model). */
      model?: string;
      serverToolUse?: { web_search_requests: number; web_fetch_requests: number };
    }
  | {
      kind: 'error';
      status: number;
      type: string;
      message: string;
      retryAfter?: number | string;
      headers?: Record<string, string>;
    }
  | { kind: 'drop' }
  | { kind: 'slow'; ms: number; reply: StubReply | undefined };

/** A request as the stand-in received it. */
export interface StubRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (or `null` if it was not JSON). */
  body: Record<string, unknown> | null;
  model: string | undefined;
  /** The `system` field as sent (string or text blocks). */
  system: unknown;
  /** The system prompt text, blocks joined. */
  systemText: string;
  messages: unknown[];
  /** `output_config.format.schema`, when the request asked for structured output. */
  schema: Record<string, unknown> | undefined;
  tools: unknown[] | undefined;
  maxTokens: number | undefined;
}

/** Options of {@link startMessagesApiStub}. */
export interface MessagesApiStubOptions {
  /** Accept only this `x-api-key` (default: any non-empty key). */
  apiKey?: string;
  /** Port to listen on (default 0 = a free port). */
  port?: number;
  /** Replies served first, in order. */
  replies?: StubReply[];
  /** Called when the queue is empty; return `undefined` for the default reply. */
  handler?: (request: StubRequest) => StubReply | undefined | Promise<StubReply | undefined>;
}

/** A running stand-in. */
export interface MessagesApiStub {
  /** Base URL to pass as the client's `baseURL`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, in order (including rejected ones). */
  requests: StubRequest[];
  /** Appends replies to the queue. */
  reply(...replies: StubReply[]): void;
  /** Replaces the handler used when the queue is empty. */
  setHandler(handler: MessagesApiStubOptions['handler']): void;
  /** Closes the server and drops open connections. */
  stop(): Promise<void>;
}

/** A normal reply whose text is `value` (JSON-encoded unless it is a string). `stop_reason: end_turn`. */
export function textReply(
  value: unknown,
  options: { usage?: StubUsage; stopReason?: string } = {},
): StubReply {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return {
    kind: 'message',
    content: [{ type: 'text', text, citations: null }],
    stopReason: options.stopReason ?? 'end_turn',
    ...(options.usage ? { usage: options.usage } : {}),
  };
}

/** A refusal: `stop_reason: refusal` with `stop_details.explanation` (and the same text as content). */
export function refusal(
  explanation: string | null = 'I cannot help with that request.',
  category: string | null = null,
): StubReply {
  return {
    kind: 'message',
    content: explanation ? [{ type: 'text', text: explanation, citations: null }] : [],
    stopReason: 'refusal',
    stopDetails: { type: 'refusal', category, explanation },
  };
}

/** A reply truncated at `max_tokens` (content is a cut-off JSON prefix). */
export function maxTokens(partialText = '{"summary": "The reply was cut'): StubReply {
  return {
    kind: 'message',
    content: [{ type: 'text', text: partialText, citations: null }],
    stopReason: 'max_tokens',
  };
}

/** A reply stopped because the context window was exceeded (`stop_reason: model_context_window_exceeded`). */
export function contextWindowExceeded(): StubReply {
  return { kind: 'message', content: [], stopReason: 'model_context_window_exceeded' };
}

/**
 * An error reply `{ type: "error", error: { type, message } }` with HTTP `status`, e.g. `error(429,
 * 'rate_limit_error', { retryAfter: 2 })`, `error(529, 'overloaded_error')`. `retryAfter` is seconds (or an HTTP
 * date string) sent as the `retry-after` header.
 */
export function error(
  status: number,
  type: string,
  options: { retryAfter?: number | string; message?: string; headers?: Record<string, string> } = {},
): StubReply {
  return {
    kind: 'error',
    status,
    type,
    message: options.message ?? `stub ${type}`,
    ...(options.retryAfter !== undefined ? { retryAfter: options.retryAfter } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  };
}

/** Destroys the socket without answering (the client sees a connection error). */
export function dropConnection(): StubReply {
  return { kind: 'drop' };
}

/** Waits `ms` before sending `reply` (default: the default reply). Use with the client's `timeoutMs`. */
export function slow(ms: number, reply?: StubReply): StubReply {
  return { kind: 'slow', ms, reply };
}

/**
 * A reply that ran the server-side web search tool: `server_tool_use`, `web_search_tool_result` with `results`,
 * a cited text block per result, then the structured JSON `value` as the final text.
 */
export function webSearchReply(
  value: unknown,
  results: StubSearchResult[],
  options: { query?: string } = {},
): StubReply {
  const toolUseId = `srvtoolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  return {
    kind: 'message',
    stopReason: 'end_turn',
    serverToolUse: { web_search_requests: 1, web_fetch_requests: 0 },
    content: [
      {
        type: 'server_tool_use',
        id: toolUseId,
        name: 'web_search',
        input: { query: options.query ?? 'search' },
        caller: { type: 'direct' },
      },
      {
        type: 'web_search_tool_result',
        tool_use_id: toolUseId,
        caller: { type: 'direct' },
        content: results.map((r) => ({
          type: 'web_search_result',
          url: r.url,
          title: r.title,
          page_age: r.page_age ?? null,
          encrypted_content: Buffer.from(r.url).toString('base64'),
        })),
      },
      ...results.map((r) => ({
        type: 'text',
        text: `See ${r.title}. `,
        citations: [
          {
            type: 'web_search_result_location',
            url: r.url,
            title: r.title,
            cited_text: `About ${r.title}`,
            encrypted_index: Buffer.from(r.title).toString('base64'),
          },
        ],
      })),
      { type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value), citations: null },
    ],
  };
}

const approxTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

function systemTextOf(system: unknown): string {
  if (typeof system === 'string') return system;
  if (Array.isArray(system))
    return system
      .map((b) =>
        b && typeof b === 'object' && typeof (b as { text?: unknown }).text === 'string'
          ? (b as { text: string }).text
          : '',
      )
      .join('\n');
  return '';
}

function systemIsCached(system: unknown): boolean {
  return (
    Array.isArray(system) &&
    system.some((b) => b && typeof b === 'object' && (b as { cache_control?: unknown }).cache_control)
  );
}

/** The API key a request presents: `x-api-key`, or `Authorization: Bearer <key>` (what SDK 1.x sends). */
function presentedKey(req: IncomingMessage): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = req.headers.authorization;
  const match = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return match?.[1];
}

function parseJsonObject(raw: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': `req_stub_${randomUUID()}`,
    ...headers,
  });
  res.end(text);
}

/**
 * Sends `message` as the Messages API's server-sent events (`stream: true`): `message_start` (empty content, no stop
 * reason), then per content block `content_block_start`, its deltas (`text_delta` for text, one `input_json_delta`
 * for a `tool_use` input) and `content_block_stop`, then `message_delta` (stop reason, output tokens) and
 * `message_stop`.
 */
function sendStream(
  res: ServerResponse,
  message: {
    content: Array<Record<string, unknown>>;
    stop_reason: unknown;
    stop_sequence: unknown;
    usage: Record<string, unknown>;
  },
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'request-id': `req_stub_${randomUUID()}`,
  });
  const event = (type: string, data: Record<string, unknown>) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  event('message_start', {
    message: {
      ...message,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...message.usage, output_tokens: 1 },
    },
  });
  event('ping', {});
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      event('content_block_start', { index, content_block: { ...block, text: '' } });
      const text = String(block.text ?? '');
      // a few deltas, as a real stream has
      for (let i = 0; i < text.length; i += 64)
        event('content_block_delta', { index, delta: { type: 'text_delta', text: text.slice(i, i + 64) } });
    } else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
      event('content_block_start', { index, content_block: { ...block, input: {} } });
      event('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) },
      });
    } else {
      event('content_block_start', { index, content_block: block });
    }
    event('content_block_stop', { index });
  });
  event('message_delta', {
    delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
    usage: { output_tokens: message.usage.output_tokens },
  });
  event('message_stop', {});
  res.end();
}

function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    { type: 'error', error: { type, message }, request_id: `req_stub_${randomUUID()}` },
    headers,
  );
}

/**
 * Starts the stand-in. Auth: a missing (or, with `options.apiKey`, different) key gets 401
 * (the key is read from `x-api-key` or `Authorization: Bearer`, which SDK 1.x sends);
 * `authentication_error`; a missing `anthropic-version` gets 400 `invalid_request_error`. Usage is estimated at
 * 4 characters per token; a system prompt marked `cache_control` reports `cache_creation_input_tokens` the first
 * time it is seen and `cache_read_input_tokens` after, like the prompt cache.
 */
export async function startMessagesApiStub(options: MessagesApiStubOptions = {}): Promise<MessagesApiStub> {
  const queue: StubReply[] = [...(options.replies ?? [])];
  let handler = options.handler;
  const requests: StubRequest[] = [];
  const sockets = new Set<Socket>();
  const cachedSystems = new Set<string>();

  const renderMessage = (
    res: ServerResponse,
    request: StubRequest,
    reply: Extract<StubReply, { kind: 'message' }>,
  ): void => {
    const content = reply.content ?? [
      {
        type: 'text',
        text: JSON.stringify(
          request.schema
            ? sampleFromJsonSchema(request.schema)
            : 'Hello from the Paige Messages-API stand-in.',
        ),
        citations: null,
      },
    ];
    const outText = content.map((b) => (typeof b.text === 'string' ? b.text : JSON.stringify(b))).join('');
    const sysTokens = request.systemText ? approxTokens(request.systemText) : 0;
    const restTokens = approxTokens(JSON.stringify(request.messages ?? []));
    let cacheCreation = 0;
    let cacheRead = 0;
    let inputTokens = restTokens + sysTokens;
    if (sysTokens && systemIsCached(request.system)) {
      const key = createHash('sha256')
        .update(`${request.model ?? ''}\u0000${request.systemText}`)
        .digest('hex');
      if (cachedSystems.has(key)) cacheRead = sysTokens;
      else {
        cachedSystems.add(key);
        cacheCreation = sysTokens;
      }
      inputTokens = restTokens;
    }
    const u = reply.usage ?? {};
    const creation = u.cache_creation_input_tokens ?? cacheCreation;
    const message = {
      id: `msg_stub_${randomUUID().replace(/-/g, '')}`,
      type: 'message',
      role: 'assistant',
      model: reply.model ?? request.model ?? 'unknown',
      content,
      stop_reason: reply.stopReason,
      stop_sequence: null,
      stop_details: reply.stopDetails ?? null,
      container: null,
      context_management: null,
      diagnostics: null,
      usage: {
        input_tokens: u.input_tokens ?? inputTokens,
        output_tokens: u.output_tokens ?? approxTokens(outText),
        cache_creation_input_tokens: creation,
        cache_read_input_tokens: u.cache_read_input_tokens ?? cacheRead,
        cache_creation: { ephemeral_5m_input_tokens: creation, ephemeral_1h_input_tokens: 0 },
        server_tool_use: reply.serverToolUse ?? null,
        service_tier: 'standard',
        inference_geo: null,
        output_tokens_details: null,
        speed: null,
      },
    };
    if (request.body?.stream === true) sendStream(res, message);
    else sendJson(res, 200, message);
  };

  const serve = async (
    req: IncomingMessage,
    res: ServerResponse,
    request: StubRequest,
    reply: StubReply | undefined,
  ): Promise<void> => {
    const r: StubReply = reply ?? { kind: 'message', stopReason: 'end_turn' };
    switch (r.kind) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'slow':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, r.ms);
          req.socket.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        if (req.socket.destroyed) return;
        return serve(req, res, request, r.reply);
      case 'error': {
        const headers: Record<string, string> = { ...r.headers };
        if (r.retryAfter !== undefined) headers['retry-after'] = String(r.retryAfter);
        if (r.status === 529 || r.status >= 500 || r.status === 429) headers['x-should-retry'] ??= 'true';
        sendError(res, r.status, r.type, r.message, headers);
        return;
      }
      case 'message':
        renderMessage(res, request, r);
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const body = parseJsonObject(raw);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const outputConfig = body?.output_config as
        { format?: { schema?: Record<string, unknown> } } | undefined;
      const request: StubRequest = {
        method: req.method ?? 'GET',
        path,
        headers: { ...req.headers },
        body,
        model: typeof body?.model === 'string' ? body.model : undefined,
        system: body?.system,
        systemText: systemTextOf(body?.system),
        messages: Array.isArray(body?.messages) ? body.messages : [],
        schema: outputConfig?.format?.schema,
        tools: Array.isArray(body?.tools) ? body.tools : undefined,
        maxTokens: typeof body?.max_tokens === 'number' ? body.max_tokens : undefined,
      };
      requests.push(request);

      const key = presentedKey(req);
      if (key === undefined || (options.apiKey !== undefined && key !== options.apiKey)) {
        return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
      }
      if (!req.headers['anthropic-version'])
        return sendError(res, 400, 'invalid_request_error', 'anthropic-version header is required');
      if (req.method !== 'POST' || (path !== '/v1/messages' && path !== '/v1/messages/count_tokens')) {
        return sendError(res, 404, 'not_found_error', `No route ${req.method ?? ''} ${path}`);
      }
      if (!body) return sendError(res, 400, 'invalid_request_error', 'body must be a JSON object');
      if (path === '/v1/messages/count_tokens') {
        return sendJson(res, 200, {
          input_tokens: approxTokens(request.systemText) + approxTokens(JSON.stringify(request.messages)),
        });
      }
      if (!request.model || request.messages.length === 0 || request.maxTokens === undefined) {
        return sendError(res, 400, 'invalid_request_error', 'model, messages and max_tokens are required');
      }
      const reply = queue.length ? queue.shift() : await handler?.(request);
      await serve(req, res, request, reply);
    })().catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'api_error', `stub failure: ${(err as Error).message}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => {
      queue.push(...replies);
    },
    setHandler: (h) => {
      handler = h;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
