/**
 * The HTTP routes in-process through hono's `app.request()` (issue 25 item 1): no port, a fake MCP session table,
 * fixed health components. `test/e2e/doors.test.ts` and `health.test.ts` cover the same doors on a real server.
 */
import { describe, expect, it } from 'vitest';
import { createAuth } from '../../src/auth.js';
import { createHttpApp } from '../../src/http.js';
import { createLogger } from '../../src/logger.js';
import type { McpSessionManager } from '../../src/mcp/sessions.js';

const TOKEN = 'a'.repeat(43);
let mcpCalls = 0;
const mcp = {
  handle: async () => {
    mcpCalls += 1;
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  },
} as unknown as McpSessionManager;

const app = createHttpApp({
  logger: createLogger({ level: 'silent' }),
  mcp,
  allowedOrigins: [],
  bindHost: '127.0.0.1',
  startedAt: performance.now(),
  version: '9.9.9',
  auth: () => createAuth(TOKEN, 4242),
  port: () => 4242,
  components: () => ({
    database: { status: 'up' },
    memory: { status: 'off', mode: 'off' },
    watcher: { status: 'off' },
    model: { status: 'up', configured: true, endpoint: 'anthropic' },
    web: { status: 'off', built: false, detail: 'turned off (PAIGE_WEB=false)' },
  }),
});

const host = { host: '127.0.0.1:4242' };

describe('Story 1: the HTTP doors, in-process', () => {
  it('/health answers the version and every component, never cached', async () => {
    const res = await app.request('/health', { headers: host });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({
      status: 'ok',
      version: '9.9.9',
      components: { database: { status: 'up' }, memory: { mode: 'off' } },
    });
  });

  it('/mcp refuses a foreign Origin (403) and a wrong bearer token (401) before the MCP table sees the request', async () => {
    const before = mcpCalls;
    const foreign = await app.request('/mcp', {
      method: 'POST',
      headers: { ...host, origin: 'https://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const wrong = await app.request('/mcp', {
      method: 'POST',
      headers: { ...host, authorization: `Bearer ${'b'.repeat(43)}` },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    expect(mcpCalls).toBe(before);
  });

  it('/mcp without a token is handed to the MCP table; PUT is 405 naming the allowed methods', async () => {
    const before = mcpCalls;
    // the Node request behind it (the MCP table reads the body from it; the fake does not)
    const ok = await app.request('/mcp', { method: 'POST', headers: host, body: '{}' }, {
      incoming: {},
      outgoing: {},
    } as never);
    expect(ok.status).toBe(200);
    expect(mcpCalls).toBe(before + 1);
    const put = await app.request('/mcp', { method: 'PUT', headers: host, body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, DELETE');
  });

  it('/auth: 401 without the token, 204 with it', async () => {
    expect((await app.request('/auth', { headers: host })).status).toBe(401);
    expect(
      (await app.request('/auth', { headers: { ...host, authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(204);
  });
});
