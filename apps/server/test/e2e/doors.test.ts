/**
 * The token on the local doors (issue 17 item 5): the token file and the runtime file, the `/?token=` exchange and
 * its cookie, Bearer, 401 without the token and 403 for a page on another origin or loopback port, before anything
 * starts.
 */
import { request } from 'node:http';
import {
  mkdtempSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  chmodSync,
  readFileSync,
  existsSync,
} from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMcp,
  PtyClient,
  readServerJson,
  startTestServer,
  WsClient,
  type TestServer,
} from '../support/harness.js';

const temp: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temp.push(d);
  return d;
};
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

/** Opens `path` (/ws or /pty) with explicit headers and no automatic token; resolves 'open' or the refusal's status and body. */
function upgrade(
  url: string,
  path: string,
  headers: Record<string, string>,
): Promise<'open' | { status: number; body: string; wwwAuthenticate?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${path}`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          body,
          ...(res.headers['www-authenticate']
            ? { wwwAuthenticate: String(res.headers['www-authenticate']) }
            : {}),
        });
        ws.terminate();
      });
    });
    ws.once('error', (err) => {
      if (!String(err.message).includes('Unexpected server response')) reject(err);
    });
  });
}

/** A raw HTTP request (fetch would follow redirects and hide Set-Cookie details). */
function get(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('issue 17: the token and the runtime file', () => {
  it('the token is made on first start (>= 128 bits, DATA_DIR/token mode 0600) and kept across restarts; server.json lives while the server runs', async () => {
    const dataDir = tempDir('paige-doors-data-');
    const a = await startTestServer({ dataDir });
    const tokenFile = join(dataDir, 'token');
    expect(mode(tokenFile)).toBe(0o600);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url: 256 bits
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(a.token);
    const runtimeFile = join(dataDir, 'server.json');
    expect(mode(runtimeFile)).toBe(0o600);
    const info = readServerJson(dataDir)!;
    expect(Object.keys(info).sort()).toEqual(['pid', 'port', 'startedAt', 'token', 'url']);
    expect(info).toMatchObject({ url: a.url, port: a.server.port, pid: process.pid, token: a.token });
    expect(Date.parse(info.startedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(a.logs.has(new RegExp(`open http://127\\.0\\.0\\.1:${a.server.port}/\\?token=${a.token}$`))).toBe(
      true,
    );
    await a.stop();
    expect(existsSync(runtimeFile)).toBe(false);
    expect(existsSync(tokenFile)).toBe(true);

    const b = await startTestServer({ dataDir });
    expect(b.token).toBe(a.token);
    await b.stop();
  });

  it('rotation: deleting the token file or --new-token makes a new one; PAIGE_TOKEN fixes it', async () => {
    const dataDir = tempDir('paige-doors-rotate-');
    const first = await startTestServer({ dataDir });
    await first.stop();
    unlinkSync(join(dataDir, 'token'));
    const second = await startTestServer({ dataDir });
    expect(second.token).not.toBe(first.token);
    await second.stop();
    const third = await startTestServer({ dataDir, config: { rotateToken: true } });
    expect(third.token).not.toBe(second.token);
    expect(readFileSync(join(dataDir, 'token'), 'utf8').trim()).toBe(third.token);
    const old = await upgrade(third.url, '/ws', { authorization: `Bearer ${second.token}` });
    expect(old).toMatchObject({ status: 401 });
    await third.stop();
    const fixed = 'Fixed.Token_for-an~Electron-shell-0123456789';
    const fourth = await startTestServer({ dataDir, env: { PAIGE_TOKEN: fixed } });
    expect(fourth.token).toBe(fixed);
    await fourth.stop();
  });

  it('a token file readable by others is narrowed to 0600; a malformed one is replaced', async () => {
    const dataDir = tempDir('paige-doors-mode-');
    const good = 'a'.repeat(43);
    writeFileSync(join(dataDir, 'token'), `${good}\n`);
    chmodSync(join(dataDir, 'token'), 0o644);
    const s = await startTestServer({ dataDir });
    expect(s.token).toBe(good);
    expect(mode(join(dataDir, 'token'))).toBe(0o600);
    await s.stop();
    writeFileSync(join(dataDir, 'token'), 'short\n');
    const t2 = await startTestServer({ dataDir });
    expect(t2.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t2.logs.has(/token file is malformed/)).toBe(true);
    await t2.stop();
  });

  it('a refused upgrade whose client keeps its socket open (and keeps sending) does not hold up shutdown', async () => {
    const s = await startTestServer();
    const sock = netConnect(s.server.port, '127.0.0.1');
    const answer = await new Promise<string>((resolve, reject) => {
      sock.once('connect', () =>
        sock.write(
          `GET /pty HTTP/1.1\r\nHost: 127.0.0.1:${s.server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        ),
      );
      sock.once('data', (d: Buffer) => resolve(d.toString()));
      sock.once('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    sock.write(Buffer.alloc(4096, 0x61)); // never read by anyone, and the client never closes
    sock.on('error', () => undefined);
    const t0 = Date.now();
    await s.stop();
    expect(Date.now() - t0).toBeLessThan(5000);
    sock.destroy();
  });

  it('a bad PAIGE_TOKEN is a configuration error naming the variable', async () => {
    await expect(startTestServer({ env: { PAIGE_TOKEN: 'too-short' } })).rejects.toThrow(
      /PAIGE_TOKEN must be 32\.\.512 characters/,
    );
  });
});

describe('issue 17: the doors of /ws and /pty', () => {
  let t: TestServer;
  let port: number;
  beforeAll(async () => {
    t = await startTestServer();
    t.config.terminal.env = { ...t.config.terminal.env, SHELL: '/bin/sh', PATH: '/usr/bin:/bin' };
    port = t.server.port;
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a missing or wrong token gets 401 with nothing started', async () => {
    const host = `127.0.0.1:${port}`;
    for (const path of ['/ws', '/pty']) {
      const attempts: Array<Record<string, string>> = [
        { host },
        { host, authorization: 'Bearer wrong-token-0123456789abcdef0123456789' },
        { host, authorization: `Basic ${Buffer.from(`x:${t.token}`).toString('base64')}` },
        { host, cookie: `paige-token-${port}=nope` },
        { host, cookie: `paige-token-1=${t.token}` }, // another server's cookie name
        { host, origin: `http://127.0.0.1:${port}` },
      ];
      for (const headers of attempts) {
        const r = await upgrade(t.url, path, headers);
        expect(r, `${path} ${JSON.stringify(headers)}`).toMatchObject({
          status: 401,
          wwwAuthenticate: 'Bearer realm="paige"',
        });
        if (r !== 'open')
          expect(r.body).toMatch(
            /^Unauthorized: (missing|wrong) token\. Open the URL the Paige server printed/,
          );
      }
    }
    expect(t.server.parts.hub.connections.size).toBe(0);
    expect(t.server.terminals).toEqual([]);
    expect(t.logs.lines.filter((l) => l.msg === 'websocket upgrade rejected (401)').length).toBe(12);
    // the token is printed once, on purpose, in the start line (the URL to open); refused attempts never log credentials
    const withToken = t.logs.lines
      .filter((l) => JSON.stringify(l).includes(t.token))
      .map((l) => String(l.msg));
    expect(withToken).toHaveLength(1);
    expect(withToken[0]).toBe(
      `ready on ${t.url} (${t.server.webServed ? '/, ' : ''}/health, /mcp, /ws, /pty); open ${t.url}/?token=${t.token}`,
    );
  });

  it('a page from a foreign origin or from another loopback port gets 403 (token or not); /mcp still takes any loopback origin', async () => {
    const auth = { authorization: `Bearer ${t.token}` };
    for (const origin of [
      'https://evil.example.com',
      `http://127.0.0.1:${port + 1}`,
      `http://localhost:${port === 5173 ? 5174 : 5173}`,
      `http://127.0.0.2:${port}`,
      `https://127.0.0.1:${port}`,
      `http://localhost`,
      'null',
    ]) {
      for (const path of ['/ws', '/pty']) {
        expect(await upgrade(t.url, path, { ...auth, origin }), `${path} ${origin}`).toMatchObject({
          status: 403,
        });
      }
    }
    expect(t.server.parts.hub.connections.size).toBe(0);
    expect(t.server.terminals).toEqual([]);
  });

  it("the server's own origin (127.0.0.1, localhost), file://, app:// and PAIGE_ALLOWED_ORIGINS are accepted with the token", async () => {
    const s = await startTestServer({ env: { PAIGE_ALLOWED_ORIGINS: 'http://localhost:5173' } });
    try {
      const auth = { authorization: `Bearer ${s.token}` };
      for (const origin of [
        `http://127.0.0.1:${s.server.port}`,
        `http://localhost:${s.server.port}`,
        'file://',
        'app://paige',
        'http://localhost:5173',
      ]) {
        expect(await upgrade(s.url, '/ws', { ...auth, origin }), origin).toBe('open');
      }
      expect(await upgrade(s.url, '/ws', auth)).toBe('open'); // Node clients send no Origin
      expect(await upgrade(s.url, '/ws', { ...auth, origin: 'http://localhost:5174' })).toMatchObject({
        status: 403,
      });
    } finally {
      await s.stop();
    }
  });

  it('GET /?token= sets an HttpOnly SameSite=Strict cookie and redirects to /; the cookie opens /ws and /pty', async () => {
    const r = await get(t.url, `/?token=${t.token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toContain(`paige-token-${port}=${t.token}`);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    const cookie = setCookie.split(';')[0]!;

    // other query parameters and the path survive the exchange
    expect((await get(t.url, `/dashboard?view=stats&token=${t.token}`)).headers.location).toBe(
      '/dashboard?view=stats',
    );

    const origin = `http://127.0.0.1:${port}`;
    const ws = await WsClient.connect(t.url, { cookie, origin });
    ws.send('connection:hello', {
      version: '1.0.0',
      platform: 'browser',
      windowSize: { width: 800, height: 600 },
    });
    expect((await ws.next('connection:init')).type).toBe('connection:init');
    await ws.close();
    const pty = await PtyClient.connect(t.url, { headers: { cookie, origin } });
    expect((await pty.message('pty:started')).payload.kind).toBe('shell');
    await pty.close();
  });

  it('GET /auth tells a page whether it holds the token (204) or not (401 with the reason)', async () => {
    expect((await get(t.url, '/auth')).status).toBe(401);
    expect(JSON.parse((await get(t.url, '/auth')).body)).toEqual({ error: 'missing token' });
    expect(JSON.parse((await get(t.url, '/auth', { cookie: `paige-token-${port}=old` })).body)).toEqual({
      error: 'wrong token',
    });
    expect((await get(t.url, '/auth', { cookie: `other=1; paige-token-${port}=${t.token}` })).status).toBe(
      204,
    );
    expect((await get(t.url, '/auth', { authorization: `Bearer ${t.token}` })).status).toBe(204);
    expect(
      (await get(t.url, '/auth', { host: 'evil.example.com', authorization: `Bearer ${t.token}` })).status,
    ).toBe(403);
  });

  it('a wrong token in the URL gets 401 and no cookie; a foreign Host gets 403', async () => {
    const r = await get(t.url, '/?token=not-the-token');
    expect(r.status).toBe(401);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.body).toMatch(/^Unauthorized: this token is not \(or no longer\) valid/);
    const rebinding = await get(t.url, `/?token=${t.token}`, { host: 'evil.example.com' });
    expect(rebinding.status).toBe(403);
    expect(rebinding.headers['set-cookie']).toBeUndefined();
  });

  it('Authorization: Bearer opens /ws and /pty', async () => {
    const { client, init } = await WsClient.hello(t.url); // the harness sends the bearer read from server.json
    expect(init.type).toBe('connection:init');
    await client.close();
    const pty = await PtyClient.connect(t.url, { headers: { authorization: `Bearer ${t.token}` } });
    await pty.message('pty:started');
    await pty.close();
  });

  it('/mcp keeps its checks without a token, accepts the bearer token and refuses a wrong one', async () => {
    const plain = await connectMcp(t.url);
    await plain.close();
    const init = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    });
    const post = (authorization: string) =>
      fetch(`${t.url}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization,
        },
        body: init,
      });
    const ok = await post(`Bearer ${t.token}`);
    expect(ok.status).toBe(200);
    const sid = ok.headers.get('mcp-session-id');
    await ok.body?.cancel();
    if (sid) await fetch(`${t.url}/mcp`, { method: 'DELETE', headers: { 'mcp-session-id': sid } });
    const wrong = await post('Bearer wrong');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe(
      'Unauthorized: wrong bearer token',
    );
  });
});
