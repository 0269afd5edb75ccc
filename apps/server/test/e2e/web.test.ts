/**
 * Issue 16: the server serves the face (`@paige/web`'s built page) at `/`: cache headers, the
 * Content-Security-Policy, nosniff, the SPA fallback for view URLs, the Host check, `PAIGE_WEB=false`, and an
 * unbuilt page. A small built page is written to a temp folder and served through `PAIGE_WEB_DIR`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_CSP } from '../../src/web.js';
import { startTestServer, WsClient, type TestServer } from '../support/harness.js';

const INDEX =
  '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><div id="root"></div></body></html>';
const ASSET = '/assets/index-Ab12_xYz.js';

function makeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paige-web-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, ASSET.slice(1)), 'console.log("paige");\n');
  writeFileSync(join(dir, 'assets', 'editor.worker-Q9r8s7t6.js'), 'self.onmessage = () => {};\n');
  writeFileSync(join(dir, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
  return dir;
}

function raw(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: 'GET', headers, setHost: !headers.host },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('Issue 16: the page at / (PAIGE_WEB_DIR build)', () => {
  let t: TestServer;
  let dist: string;
  beforeAll(async () => {
    dist = makeDist();
    t = await startTestServer({ env: { PAIGE_WEB_DIR: dist } });
  });
  afterAll(async () => {
    await t.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache, the CSP, nosniff and no framing', async () => {
    const res = await raw(t.url, '/');
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe(WEB_CSP);
    expect(WEB_CSP).toContain("connect-src 'self'");
    expect(WEB_CSP).toContain("script-src 'self'");
    expect(WEB_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(WEB_CSP).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('revalidates index.html with its ETag (304)', async () => {
    const first = await raw(t.url, '/');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const again = await raw(t.url, '/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves hashed assets as immutable with their content type', async () => {
    const res = await raw(t.url, ASSET);
    expect(res.status).toBe(200);
    expect(res.body).toContain('console.log');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const worker = await raw(t.url, '/assets/editor.worker-Q9r8s7t6.js');
    expect(worker.headers['cache-control']).toContain('immutable');
    // A worker gets its CSP from its own response.
    expect(worker.headers['content-security-policy']).toBe(WEB_CSP);
  });

  it('un-hashed files are revalidated, not cached for a year', async () => {
    const res = await raw(t.url, '/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers view URLs with index.html (SPA fallback) and keeps other unknown paths 404', async () => {
    for (const path of ['/dashboard', '/practice/kata-1', '/practice', '/ide/']) {
      const res = await raw(t.url, path);
      expect(res.status, path).toBe(200);
      expect(res.body, path).toBe(INDEX);
    }
    for (const path of [
      '/nope',
      '/assets/missing-12345678.js',
      '/favicon.ico',
      '/practice/a/b',
      '/../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const res = await raw(t.url, path);
      expect(res.status, path).toBe(404);
    }
  });

  it('leaves /health, /mcp and /ws to the server', async () => {
    expect(JSON.parse((await raw(t.url, '/health')).body)).toMatchObject({ status: 'ok' });
    const ws = await raw(t.url, '/ws');
    expect(ws.status).toBe(404);
    expect(ws.body).not.toContain('<div id="root">');
    const { client, init } = await WsClient.hello(t.url);
    expect(init.type).toBe('connection:init');
    await client.close();
  });

  it('refuses a page request whose Host is not loopback (DNS rebinding)', async () => {
    const res = await raw(t.url, '/', { host: 'evil.example:80' });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('<div id="root">');
  });

  it('issue 19: /health reports the page as built and up', () => {
    expect(t.server.health().components.web).toEqual({ status: 'up', built: true });
  });

  it('the start log prints the URL to open (the page is listed among the doors)', () => {
    const line = t.logs.lines.find((l) => String(l.msg).startsWith('ready on'));
    expect(line?.msg).toMatch(
      new RegExp(
        `^ready on ${t.url.replace(/[.]/g, '\\.')} \\(/, /health, /mcp, /ws, /pty\\); open ${t.url.replace(/[.]/g, '\\.')}/\\?token=`,
      ),
    );
  });
});

describe('Issue 16: PAIGE_WEB=false and an unbuilt page', () => {
  it('PAIGE_WEB=false turns the page off: / is a JSON 404, /health still answers', async () => {
    const dist = makeDist();
    const t = await startTestServer({ env: { PAIGE_WEB: 'false', PAIGE_WEB_DIR: dist } });
    try {
      const res = await raw(t.url, '/');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('application/json');
      expect((await raw(t.url, '/health')).status).toBe(200);
      expect(t.logs.has(/^ready on \S+ \(\/health, /)).toBe(true);
    } finally {
      await t.stop();
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('a folder without index.html: / answers 503 saying how to build the page', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'paige-web-empty-'));
    const t = await startTestServer({ env: { PAIGE_WEB_DIR: empty } });
    try {
      const res = await raw(t.url, '/');
      expect(res.status).toBe(503);
      expect(res.body).toContain('pnpm build');
      expect(t.logs.has(/web page is not built/)).toBe(true);
      // issue 19: /health says why there is no page
      expect(t.server.health().components.web).toEqual({
        status: 'off',
        built: false,
        detail: 'the web page is not built (run pnpm build)',
      });
    } finally {
      await t.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
