/**
 * Story 1 and Story 5 (issue 2): the server shell on real ports: /health, MCP Streamable HTTP sessions,
 * the WebSocket handshake and router errors, Host/Origin protection, and size caps.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, startTestServer, WsClient, type TestServer } from '../support/harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { PAIGE_WS_MAX_PAYLOAD: '65536' } });
});
afterAll(async () => {
  await t.stop();
});

/** A raw HTTP request, so tests can set Host and Origin freely. */
function raw(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: opts.method ?? 'GET',
        headers: opts.headers,
        setHost: !opts.headers?.host,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('Story 1: server foundation', () => {
  it('AS-1: /health answers { status: "ok", uptime }', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; uptime: number };
    expect(body.status).toBe('ok');
    expect(typeof body.uptime).toBe('number');
    expect(body.uptime).toBeGreaterThanOrEqual(0);
  });

  it('logs port, host, project dir, data dir and ready', () => {
    const ready = t.logs.lines.find((l) => String(l.msg).startsWith('ready on'));
    expect(ready).toMatchObject({
      host: '127.0.0.1',
      port: t.server.port,
      projectDir: t.projectDir,
      dataDir: t.dataDir,
    });
  });

  it('binds 127.0.0.1 by default', () => {
    expect(new URL(t.url).hostname).toBe('127.0.0.1');
  });
});

describe('MCP Streamable HTTP sessions', () => {
  it('initialize via the official SDK gets a session id; the server lists tools', async () => {
    const mcp = await connectMcp(t.url);
    expect(mcp.transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const tools = await mcp.client.listTools();
    expect(tools.tools.length).toBeGreaterThan(0);
    await mcp.close();
  });

  it('DELETE ends the session, and a reused id gets 404', async () => {
    const mcp = await connectMcp(t.url);
    const id = mcp.transport.sessionId as string;
    await mcp.transport.terminateSession();
    const res = await raw('/mcp', {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }),
    });
    expect(res.status).toBe(404);
    await mcp.client.close();
  });

  it('an unknown session id gets 404 and a missing id on a non-initialize request gets 400', async () => {
    const unknown = await raw('/mcp', {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'mcp-session-id': '00000000-0000-4000-8000-000000000000' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }),
    });
    expect(unknown.status).toBe(404);
    const missing = await raw('/mcp', {
      method: 'POST',
      headers: MCP_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }),
    });
    expect(missing.status).toBe(400);
    const get = await raw('/mcp', { headers: { accept: 'text/event-stream' } });
    expect(get.status).toBe(400);
  });

  it('issue 19: a single tools/call without a session is answered in one request (JSON) and leaves no session behind', async () => {
    const before = t.server.mcpSessionCount;
    const call = (id: number, name: string, args: unknown) =>
      raw('/mcp', {
        method: 'POST',
        headers: MCP_HEADERS,
        body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }),
      });
    const res = await call(7, 'paige_get_open_files', {});
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('application/json');
    expect(res.headers['mcp-session-id']).toBeUndefined();
    expect(JSON.parse(res.body)).toMatchObject({
      jsonrpc: '2.0',
      id: 7,
      result: { structuredContent: { files: [] } },
    });
    const bad = JSON.parse((await call(8, 'paige_open_file', { path: '../outside' })).body) as {
      id: number;
      result: { isError: boolean };
    };
    expect(bad).toMatchObject({ id: 8, result: { isError: true } });
    expect(t.server.mcpSessionCount).toBe(before);
    // Only a single tools/call goes without a session: a batch still needs initialize.
    const batch = await raw('/mcp', {
      method: 'POST',
      headers: MCP_HEADERS,
      body: JSON.stringify([
        {
          jsonrpc: '2.0',
          id: 9,
          method: 'tools/call',
          params: { name: 'paige_get_open_files', arguments: {} },
        },
      ]),
    });
    expect(batch.status).toBe(400);
  });

  it('a malformed JSON body gets a JSON-RPC parse error, and the server lives on', async () => {
    const res = await raw('/mcp', { method: 'POST', headers: MCP_HEADERS, body: '{"jsonrpc": "2.0", ' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: -32700 } });
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });

  it('a body over 4 MiB is refused with 413', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { pad: 'x'.repeat(4 * 1024 * 1024 + 10) },
    });
    const res = await raw('/mcp', { method: 'POST', headers: MCP_HEADERS, body: big });
    expect(res.status).toBe(413);
  });
});

describe('Security: Host and Origin (DESIGN section 7)', () => {
  it('rejects a non-loopback Host on /mcp with 403 (DNS rebinding)', async () => {
    const res = await raw('/mcp', {
      method: 'POST',
      headers: { ...MCP_HEADERS, host: 'evil.example:3000' },
      body: INIT,
    });
    expect(res.status).toBe(403);
  });

  it('rejects a foreign Origin on /mcp with 403 and accepts loopback and absent origins', async () => {
    const foreign = await raw('/mcp', {
      method: 'POST',
      headers: { ...MCP_HEADERS, origin: 'https://evil.example' },
      body: INIT,
    });
    expect(foreign.status).toBe(403);
    const local = await raw('/mcp', {
      method: 'POST',
      headers: { ...MCP_HEADERS, origin: 'http://localhost:5173' },
      body: INIT,
    });
    expect(local.status).toBe(200);
    const none = await raw('/mcp', { method: 'POST', headers: MCP_HEADERS, body: INIT });
    expect(none.status).toBe(200);
  });

  it('rejects a WebSocket upgrade with a foreign Origin or Host, accepts file:// (Electron)', async () => {
    await expect(WsClient.connect(t.url, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(WsClient.connect(t.url, { host: 'attacker.example' })).rejects.toThrow(/403/);
    const electron = await WsClient.connect(t.url, { origin: 'file://' });
    await electron.close();
  });
});

describe('Story 5: WebSocket protocol', () => {
  it('AS-1: connection:hello -> connection:init { connectionId, sessionId, capabilities, featureFlags }', async () => {
    const { client, init } = await WsClient.hello(t.url);
    expect(init.payload).toMatchObject({
      sessionId: null,
      capabilities: { protocolVersion: expect.any(String) },
    });
    expect(typeof init.payload.connectionId).toBe('string');
    expect(init.payload.featureFlags).toMatchObject({ memory: false });
    expect(typeof init.timestamp).toBe('string');
    await client.close();
  });

  it('replies echo the request id', async () => {
    const client = await WsClient.connect(t.url);
    client.send(
      'connection:hello',
      { version: '1', platform: 'linux', windowSize: { width: 1, height: 1 } },
      'abc-1',
    );
    const init = await client.next('connection:init');
    expect(init.id).toBe('abc-1');
    await client.close();
  });

  it('malformed JSON -> connection:error INVALID_JSON; bad payload -> INVALID_PAYLOAD with issue paths; other clients unaffected', async () => {
    const a = await WsClient.connect(t.url);
    const b = (await WsClient.hello(t.url)).client;
    a.sendRaw('{not json');
    expect((await a.next('connection:error')).payload).toMatchObject({ code: 'INVALID_JSON' });
    a.send('file:open', { path: 42 }, 'bad-1');
    const err = await a.next((m) => m.type === 'connection:error' && m.id === 'bad-1');
    expect(err.payload).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(JSON.stringify(err.payload.context)).toContain('path');
    const again = await b.request(
      'connection:hello',
      { version: '1', platform: 'linux', windowSize: { width: 1, height: 1 } },
      'connection:init',
    );
    expect(again.type).toBe('connection:init');
    await a.close();
    await b.close();
  });

  it('AS-8: an unknown type is logged as a warning and ignored (no reply, connection open)', async () => {
    const c = await WsClient.connect(t.url);
    c.send('made:up', {});
    const init = await c.request(
      'connection:hello',
      { version: '1', platform: 'linux', windowSize: { width: 1, height: 1 } },
      'connection:init',
    );
    expect(init.type).toBe('connection:init');
    expect(c.received.filter((m) => m.type === 'connection:error')).toHaveLength(0);
    expect(
      t.logs.lines.some((l) => l.msg === 'unknown websocket message type ignored' && l.type === 'made:up'),
    ).toBe(true);
    await c.close();
  });

  it('an oversized frame closes only that socket with 1009 and a reason naming the limit (issue 20 item 4); others live on', async () => {
    const big = await WsClient.connect(t.url);
    const other = (await WsClient.hello(t.url)).client;
    big.sendRaw('x'.repeat(70_000));
    await expect.poll(() => big.closed?.code, { timeout: 5000 }).toBe(1009);
    expect(big.closed?.reason).toBe(
      'message too big: frames are limited to 65536 bytes (PAIGE_WS_MAX_PAYLOAD)',
    );
    const reply = await other.request(
      'connection:hello',
      { version: '1', platform: 'linux', windowSize: { width: 1, height: 1 } },
      'connection:init',
    );
    expect(reply.type).toBe('connection:init');
    await other.close();
  });

  it('AS-10: a closed connection is removed from the tracking map', async () => {
    const c = await WsClient.connect(t.url);
    const before = t.server.parts.hub.connections.size;
    await c.close();
    await expect.poll(() => t.server.parts.hub.connections.size, { timeout: 5000 }).toBe(before - 1);
  });
});
