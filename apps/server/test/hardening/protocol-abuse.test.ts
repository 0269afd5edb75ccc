/**
 * Hardening (issue 11 item 3, Story 5 AS-8): malformed, truncated, oversized and unknown WebSocket frames and
 * MCP requests against the real server. Nothing crashes, a bystander client keeps working, malformed and
 * invalid input gets a typed error, unknown message types are logged and ignored.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, eventually, startTestServer, WsClient, type TestServer } from '../support/harness.js';

const MAX_WS = 64 * 1024;
let t: TestServer;
let bystander: WsClient;

beforeAll(async () => {
  t = await startTestServer({
    files: { 'src/a.ts': 'export const a = 1;\n' },
    env: { PAIGE_WS_MAX_PAYLOAD: String(MAX_WS) },
  });
  bystander = (await WsClient.hello(t.url)).client;
});
afterAll(async () => {
  await bystander.close();
  await t.stop();
});

/** The server still serves /health, a WebSocket round trip for the bystander, and an MCP call. */
async function serverIsHealthy(): Promise<void> {
  const health = await fetch(`${t.url}/health`);
  expect(health.status).toBe(200);
  const reply = await bystander.request('file:open', { path: 'src/a.ts' }, 'fs:content');
  expect(reply.payload.content).toBe('export const a = 1;\n');
}
afterEach(serverIsHealthy);

async function rawMcp(
  init: RequestInit & { headers?: Record<string, string> },
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${t.url}/mcp`, init);
  return { status: res.status, body: await res.text() };
}
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('Hardening: malformed WebSocket frames', () => {
  it('AS-8: invalid JSON, a truncated frame and a non-object get a typed connection:error; the socket stays open', async () => {
    const c = await WsClient.connect(t.url);
    const cases: Array<[string, string]> = [
      ['{not json', 'INVALID_JSON'],
      ['{"type":"file:open","payload":{"path":"src/a.ts"', 'INVALID_JSON'],
      ['[1,2,3]', 'INVALID_PAYLOAD'],
      ['"just a string"', 'INVALID_PAYLOAD'],
      ['{"payload":{}}', 'INVALID_PAYLOAD'],
      ['{"type":42,"payload":{}}', 'INVALID_PAYLOAD'],
      ['', 'INVALID_JSON'],
    ];
    for (const [frame, code] of cases) {
      const from = c.received.length;
      c.sendRaw(frame);
      const err = await c.next((m) => m.type === 'connection:error', 5000, from);
      expect(err.payload.code, frame).toBe(code);
    }
    // A binary frame carrying garbage bytes is treated the same way.
    const from = c.received.length;
    c.sendRaw(Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    expect((await c.next('connection:error', 5000, from)).payload.code).toBe('INVALID_JSON');
    expect(c.closed).toBeUndefined();
    await c.close();
  });

  it('AS-8: a known type with an invalid payload gets INVALID_PAYLOAD echoing the request id', async () => {
    const c = await WsClient.connect(t.url);
    const bad: Array<[string, unknown]> = [
      ['file:open', { path: 42 }],
      ['file:open', {}],
      ['buffer:update', { path: 'src/a.ts', content: 'x', cursorPosition: { line: 0, column: -1 } }],
      ['file:save', { path: 'src/a.ts' }],
      [
        'connection:hello',
        { version: 'x'.repeat(10_000), platform: 'linux', windowSize: { width: 1, height: 1 } },
      ],
      ['file:open', null],
    ];
    for (const [type, payload] of bad) {
      const err = await c.request(type, payload, 'connection:error');
      expect(err.payload.code, `${type} ${JSON.stringify(payload).slice(0, 60)}`).toBe('INVALID_PAYLOAD');
    }
    await c.close();
  });

  it('AS-8: an unknown message type is logged and ignored (no reply, connection kept)', async () => {
    const c = await WsClient.connect(t.url);
    c.send('bogus:type', { anything: true }, 'u1');
    c.send('__proto__', {}, 'u2');
    c.send('constructor', {}, 'u3');
    // The next in-order request proves the unknown ones were handled (ignored) first.
    const init = await c.request(
      'connection:hello',
      { version: '1.0.0', platform: 'linux', windowSize: { width: 10, height: 10 } },
      'connection:init',
    );
    expect(init.type).toBe('connection:init');
    expect(c.received.filter((m) => m.id === 'u1' || m.id === 'u2' || m.id === 'u3')).toEqual([]);
    await eventually(() =>
      t.logs.lines.some((l) => l.msg === 'unknown websocket message type ignored' && l.type === 'bogus:type'),
    );
    await c.close();
  });

  it('an oversized frame closes only that socket with 1009; the bystander is unaffected', async () => {
    const c = await WsClient.connect(t.url);
    c.send('buffer:update', {
      path: 'src/a.ts',
      content: 'x'.repeat(MAX_WS * 2),
      cursorPosition: { line: 1, column: 1 },
    });
    await eventually(() => c.closed);
    expect(c.closed?.code).toBe(1009);
    const other = await bystander.request(
      'connection:hello',
      { version: '1.0.0', platform: 'linux', windowSize: { width: 10, height: 10 } },
      'connection:init',
    );
    expect(other.type).toBe('connection:init');
  });

  it('a client that drops mid-frame (truncated TCP write) does not disturb the server', async () => {
    const port = new URL(t.url).port;
    await new Promise<void>((resolve, reject) => {
      const s = netConnect(Number(port), '127.0.0.1', () => {
        s.write(
          `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nAuthorization: Bearer ${t.token}\r\n` +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      s.once('data', () => {
        // A masked text frame header announcing 1000 bytes, then only 3 of them, then the socket closes.
        s.end(Buffer.from([0x81, 0xfe, 0x03, 0xe8, 1, 2, 3, 4, 0x61, 0x62, 0x63]));
        resolve();
      });
      s.on('error', reject);
    });
    // A frame with an invalid opcode closes that socket (protocol error) and nothing else.
    const c = await WsClient.connect(t.url);
    const socket = (c.ws as unknown as { _socket: Socket })._socket;
    socket.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0]));
    await eventually(() => c.closed);
    expect(c.closed?.code).toBe(1002);
  });

  it('a handler failure on one socket answers that socket only (typed error) and others keep working', async () => {
    const c = await WsClient.connect(t.url);
    const err = await c.request('file:open', { path: 'does/not/exist.ts' }, 'connection:error');
    expect(err.payload.code).toBe('FILE_NOT_FOUND');
    expect(
      bystander.received.some((m) => m.type === 'connection:error' && m.payload.code === 'FILE_NOT_FOUND'),
    ).toBe(false);
    await c.close();
  });
});

describe('Hardening: malformed MCP requests', () => {
  it('invalid JSON gets a JSON-RPC parse error (400)', async () => {
    const r = await rawMcp({ method: 'POST', headers: MCP_HEADERS, body: '{"jsonrpc":"2.0","method":' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe(-32700);
  });

  it('a JSON body that is not a JSON-RPC initialize, without a session, is refused with a JSON-RPC error', async () => {
    for (const body of [
      '{}',
      '[]',
      '42',
      'null',
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    ]) {
      const r = await rawMcp({ method: 'POST', headers: MCP_HEADERS, body });
      expect(r.status, body).toBeGreaterThanOrEqual(400);
      expect(r.status, body).toBeLessThan(500);
      expect(JSON.parse(r.body).jsonrpc, body).toBe('2.0');
    }
  });

  it('a wrong content type is refused (4xx), not crashed on', async () => {
    const init = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    });
    const r = await rawMcp({
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'application/json, text/event-stream' },
      body: init,
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    const noAccept = await rawMcp({
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: init,
    });
    expect(noAccept.status).toBeGreaterThanOrEqual(400);
    expect(noAccept.status).toBeLessThan(500);
  });

  it('a huge body is refused with 413 before it is buffered', async () => {
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'paige_get_buffer', arguments: { path: 'a'.repeat(5 * 1024 * 1024) } },
    });
    const r = await rawMcp({ method: 'POST', headers: MCP_HEADERS, body });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.message).toMatch(/4 MiB/);
  });

  it('wrong HTTP methods get 405 with Allow; unknown paths 404', async () => {
    for (const method of ['PUT', 'PATCH']) {
      const r = await fetch(`${t.url}/mcp`, { method, headers: MCP_HEADERS, body: '{}' });
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, POST, DELETE');
    }
    expect((await fetch(`${t.url}/nope`)).status).toBe(404);
  });

  it('an unknown session id gets 404 with a JSON-RPC error', async () => {
    const r = await rawMcp({
      method: 'POST',
      headers: { ...MCP_HEADERS, 'mcp-session-id': 'not-a-session' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).error.code).toBe(-32001);
    const del = await fetch(`${t.url}/mcp`, {
      method: 'DELETE',
      headers: { 'mcp-session-id': 'not-a-session' },
    });
    expect(del.status).toBe(404);
  });

  it('inside a session: unknown JSON-RPC methods, unknown tools and invalid arguments get typed errors', async () => {
    const mcp = await connectMcp(t.url);
    const sid = mcp.transport.sessionId ?? '';
    const post = (payload: unknown) =>
      rawMcp({
        method: 'POST',
        headers: { ...MCP_HEADERS, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' },
        body: JSON.stringify(payload),
      });
    const unknownMethod = await post({ jsonrpc: '2.0', id: 7, method: 'no/such/method' });
    expect(unknownMethod.body).toMatch(/-32601/);
    const garbage = await post({ jsonrpc: '1.0', idx: 7, methd: 'x' });
    expect(garbage.status).toBeGreaterThanOrEqual(400);
    expect(garbage.status).toBeLessThan(500);

    const unknownTool = await mcp.client.callTool({ name: 'paige_no_such_tool', arguments: {} }).then(
      (r) => ({ isError: r.isError === true, text: JSON.stringify(r.content) }),
      (err: Error) => ({ isError: true, text: err.message }),
    );
    expect(unknownTool.isError).toBe(true);
    expect(unknownTool.text).toMatch(/paige_no_such_tool/);

    const badArgs = await mcp.client.callTool({ name: 'paige_get_buffer', arguments: { path: 12 } }).then(
      (r) => ({ isError: r.isError === true, text: JSON.stringify(r.content) }),
      (err: Error) => ({ isError: true, text: err.message }),
    );
    expect(badArgs.isError).toBe(true);
    expect(badArgs.text).toMatch(/path/i);

    // The session still works after all that.
    const ok = await mcp.client.callTool({ name: 'paige_get_open_files', arguments: {} });
    expect(ok.isError).toBeFalsy();
    await mcp.close();
  });
});
