/**
 * Hardening (issue 11 item 3, DESIGN section 7, issue 17): DNS rebinding (a foreign `Host`) and a foreign `Origin`
 * are refused on /mcp, /ws and /pty before any handler runs. /mcp takes any loopback origin; the browser-facing
 * sockets /ws and /pty only the server's own origin (and Electron's), so a page on another loopback port is refused.
 * The socket probes carry the server's token: these tests are about Host and Origin.
 */
import { request } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';

let t: TestServer;
let port: number;
beforeAll(async () => {
  t = await startTestServer();
  port = Number(new URL(t.url).port);
});
afterAll(async () => {
  await t.stop();
});

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'evil', version: '1' } },
});

/** POSTs an MCP initialize with explicit headers (fetch would not let us forge `Host`). */
function postMcp(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/mcp',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(INIT);
  });
}

/** Opens /ws (or /pty) with explicit headers plus the token; resolves 'open' or the HTTP status of the refusal. */
function openWs(headers: Record<string, string>, path: '/ws' | '/pty' = '/ws'): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, {
      headers: { authorization: `Bearer ${t.token}`, ...headers },
    });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (err) => {
      if (!String(err.message).includes('Unexpected server response')) reject(err);
    });
  });
}

const FOREIGN_HOSTS = [
  'evil.example.com',
  'evil.example.com:' + '3000',
  'attacker.localhost.evil.com',
  '10.0.0.5',
  '0.0.0.0',
  '127.0.0.1.nip.io',
  '[2001:db8::1]:3000',
];
const FOREIGN_ORIGINS = [
  'https://evil.example.com',
  'http://127.0.0.1.evil.com',
  'null',
  'chrome-extension://abcdef',
  'http://192.168.1.10:3000',
  'https://localhost.evil.com',
];

describe('Hardening: DNS rebinding and foreign Origin (DESIGN section 7)', () => {
  it('a foreign Host is refused with 403 on /mcp and on the /ws and /pty upgrades', async () => {
    for (const host of FOREIGN_HOSTS) {
      const mcp = await postMcp({ host });
      expect(mcp.status, host).toBe(403);
      expect(JSON.parse(mcp.body).error.message, host).toMatch(/Forbidden/);
      expect(await openWs({ host }), host).toBe(403);
      expect(await openWs({ host }, '/pty'), host).toBe(403);
    }
    expect(t.server.mcpSessionCount).toBe(0);
    expect(t.server.parts.hub.connections.size).toBe(0);
    expect(t.server.terminals).toEqual([]);
  });

  it('a foreign Origin is refused with 403 on /mcp, /ws and /pty even with a loopback Host', async () => {
    for (const origin of FOREIGN_ORIGINS) {
      const mcp = await postMcp({ host: `127.0.0.1:${port}`, origin });
      expect(mcp.status, origin).toBe(403);
      expect(await openWs({ host: `127.0.0.1:${port}`, origin }), origin).toBe(403);
      expect(await openWs({ host: `127.0.0.1:${port}`, origin }, '/pty'), origin).toBe(403);
    }
    expect(t.server.mcpSessionCount).toBe(0);
    expect(t.server.terminals).toEqual([]);
    expect(
      t.logs.lines.filter((l) => String(l.msg).includes('rejected (403)')).length,
    ).toBeGreaterThanOrEqual(FOREIGN_ORIGINS.length * 3);
  });

  it('issue 17: a page on another loopback port is refused on /ws and /pty (cookies do not separate ports), not on /mcp', async () => {
    for (const origin of [
      `http://localhost:5173`,
      `http://127.0.0.1:${port + 1}`,
      `http://[::1]:${port + 1}`,
    ]) {
      const headers = { host: `localhost:${port}`, origin };
      expect(await openWs(headers), origin).toBe(403);
      expect(await openWs(headers, '/pty'), origin).toBe(403);
      expect((await postMcp(headers)).status, origin).toBe(200);
    }
    expect(t.server.terminals).toEqual([]);
  });

  it("loopback hosts, the server's own origin, Electron origins, and no Origin at all are accepted", async () => {
    const accepted: Array<Record<string, string>> = [
      { host: `127.0.0.1:${port}` },
      { host: `localhost:${port}` },
      { host: `localhost:${port}`, origin: `http://localhost:${port}` },
      { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` },
      { host: `127.0.0.1:${port}`, origin: 'file://' },
      { host: `127.0.0.1:${port}`, origin: 'app://paige' },
    ];
    for (const headers of accepted) {
      const mcp = await postMcp(headers);
      expect(mcp.status, JSON.stringify(headers)).toBe(200);
      expect(await openWs(headers), JSON.stringify(headers)).toBe('open');
    }
    // /mcp alone also takes a page on another loopback port (the pre-issue-17 rule)
    expect((await postMcp({ host: `localhost:${port}`, origin: 'http://localhost:5173' })).status).toBe(200);
    // /health is not a state-changing endpoint and stays reachable for probes.
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });
});
