/**
 * Issue 19 item 2: `/health` reports the version, the uptime and the state of each component (database, memory with
 * its mode, watcher, model, web), without secrets; and the version on the wire (`connection:init`, MCP `serverInfo`)
 * is the package's.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMcp, eventually, startTestServer, WsClient, type TestServer } from '../support/harness.js';

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

interface Health {
  status: string;
  version: string;
  uptime: number;
  components: Record<string, Record<string, unknown>>;
}

async function health(t: TestServer): Promise<Health> {
  const res = await fetch(`${t.url}/health`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as Health;
}

let t: TestServer | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('Issue 19: /health', () => {
  it('reports version, uptime and every component; memory and watcher off when turned off; no secret in the body', async () => {
    t = await startTestServer({ env: { ANTHROPIC_API_KEY: 'sk-ant-health-secret', PAIGE_WEB: 'false' } });
    const body = await health(t);
    expect(body).toEqual({
      status: 'ok',
      version: PACKAGE_VERSION,
      uptime: expect.any(Number),
      components: {
        database: { status: 'up' },
        memory: { status: 'off', mode: 'off' },
        watcher: { status: 'off' },
        model: { status: 'up', configured: true, endpoint: 'custom' },
        web: { status: 'off', built: false, detail: 'turned off (PAIGE_WEB=false)' },
      },
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain('sk-ant-health-secret');
    expect(text).not.toContain(t.llmStub?.url ?? 'no stub');
    expect(text).not.toContain(t.projectDir);
    expect(t.server.health().components).toEqual(body.components);
  });

  it('the watcher goes from starting to up after its initial crawl', async () => {
    t = await startTestServer({ env: { PAIGE_WATCH: 'true' } });
    const first = (await health(t)).components.watcher?.status;
    expect(['starting', 'up']).toContain(first);
    await eventually(async () => (await health(t!)).components.watcher?.status === 'up', 10_000, 20);
  });

  it('an external Chroma that does not answer: memory mode external, status down; the server stays up', async () => {
    const closed: Server = await new Promise((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    t = await startTestServer({ env: { CHROMA_URL: `http://127.0.0.1:${port}` } });
    await eventually(async () => (await health(t!)).components.memory?.status === 'down', 15_000, 50);
    expect((await health(t)).components.memory).toEqual({ status: 'down', mode: 'external' });
    expect((await health(t)).status).toBe('ok');
  });

  it('the web component comes from the server option (what a built @paige/web reports)', async () => {
    t = await startTestServer({ server: { web: { status: 'up', built: true } } });
    expect((await health(t)).components.web).toEqual({ status: 'up', built: true });
  });

  it('connection:init and MCP serverInfo carry the package version', async () => {
    t = await startTestServer();
    const { client, init } = await WsClient.hello(t.url);
    expect((init.payload as { capabilities: { serverVersion: string } }).capabilities.serverVersion).toBe(
      PACKAGE_VERSION,
    );
    await client.close();
    const mcp = await connectMcp(t.url);
    expect(mcp.client.getServerVersion()).toMatchObject({ name: 'paige', version: PACKAGE_VERSION });
    await mcp.close();
  });
});
