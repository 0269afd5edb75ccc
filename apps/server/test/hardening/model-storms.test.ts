/**
 * Hardening (issue 11 item 3, Story 7 AS-4): the model API (the stand-in from `@paige/llm/testing`) answering
 * nothing but 429 and then nothing but 529. Every call fails cleanly after its retries with a typed error to the
 * client (WebSocket `explain:error` codes, MCP `isError` results), and the server stays responsive meanwhile.
 */
import { error, startMessagesApiStub, type MessagesApiStub } from '@paige/llm/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, startTestServer, WsClient, type TestServer } from '../support/harness.js';

const CLIENTS = 4;
const SELECTION = {
  path: 'src/app.ts',
  range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 20 },
  selectedText: 'export const app',
};

let stub: MessagesApiStub;
let t: TestServer;
let clients: WsClient[];

beforeAll(async () => {
  stub = await startMessagesApiStub();
  t = await startTestServer({
    files: { 'src/app.ts': 'export const app = 1;\n' },
    env: { ANTHROPIC_BASE_URL: stub.url },
  });
  clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => (await WsClient.hello(t.url)).client),
  );
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await t.stop();
  await stub.stop();
});

/** Probes /health and a WebSocket round trip while `work` runs; returns the slowest of each (ms). */
async function probeDuring<T>(work: Promise<T>): Promise<{ result: T; health: number[]; ws: number[] }> {
  const probe = (await WsClient.hello(t.url)).client;
  const health: number[] = [];
  const wsTimes: number[] = [];
  let done = false;
  const loop = (async () => {
    while (!done) {
      let t0 = performance.now();
      expect((await fetch(`${t.url}/health`)).status).toBe(200);
      health.push(performance.now() - t0);
      t0 = performance.now();
      await probe.request(
        'connection:hello',
        { version: '1.0.0', platform: 'linux', windowSize: { width: 1, height: 1 } },
        'connection:init',
      );
      wsTimes.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const result = await work.finally(() => {
    done = true;
  });
  await loop;
  await probe.close();
  return { result, health, ws: wsTimes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

describe('Hardening: model API 429 and 529 storms', () => {
  it('a 429 storm: every explain fails after 4 attempts with API_RATE_LIMIT; the server stays responsive', async () => {
    stub.setHandler(() => error(429, 'rate_limit_error', { retryAfter: 0, message: 'rate limited' }));
    const before = stub.requests.length;
    const { result, health, ws } = await probeDuring(
      Promise.all(
        clients.flatMap((c) => [
          c.request('user:explain', SELECTION, 'explain:error', 30_000),
          c.request('user:explain', SELECTION, 'explain:error', 30_000),
        ]),
      ),
    );
    for (const r of result) expect(r.payload).toMatchObject({ path: 'src/app.ts', code: 'API_RATE_LIMIT' });
    expect(stub.requests.length - before).toBe(CLIENTS * 2 * 4);
    expect(health.length).toBeGreaterThan(0);
    expect(median(health)).toBeLessThan(100);
    expect(median(ws)).toBeLessThan(100);
  });

  it('a 529 storm: explain fails with API_SERVER_ERROR and the MCP coaching pipeline returns an isError result', async () => {
    stub.setHandler(() => error(529, 'overloaded_error', { message: 'Overloaded' }));
    const mcp = await connectMcp(t.url);
    const start = await mcp.client.callTool({
      name: 'paige_start_session',
      arguments: { issueTitle: 'storm' },
    });
    expect(start.isError).toBeFalsy();
    const { result, health, ws } = await probeDuring(
      Promise.all([
        Promise.all(clients.map((c) => c.request('user:explain', SELECTION, 'explain:error', 60_000))),
        mcp.client.callTool(
          {
            name: 'paige_run_coaching_pipeline',
            arguments: {
              planText: 'Plan: read src/app.ts then change it',
              issueSummary: 'storm',
              issueNumber: 1,
            },
          },
          undefined,
          { timeout: 60_000 },
        ),
      ]),
    );
    const [explains, pipeline] = result;
    for (const r of explains)
      expect(r.payload).toMatchObject({ path: 'src/app.ts', code: 'API_SERVER_ERROR' });
    expect(pipeline.isError).toBe(true);
    expect(JSON.stringify(pipeline.content)).toMatch(/overloaded|AI service|server error|529/i);
    expect(median(health)).toBeLessThan(100);
    expect(median(ws)).toBeLessThan(100);

    // Once the API recovers nothing is stuck: a fresh MCP call and WebSocket request work.
    stub.setHandler(undefined);
    const ok = await mcp.client.callTool({ name: 'paige_get_open_files', arguments: {} });
    expect(ok.isError).toBeFalsy();
    const failedCalls = t.server.parts.db.prepare('select count(*) as n from api_call_log').get() as {
      n: number;
    };
    expect(failedCalls.n).toBeGreaterThan(0);
    await mcp.close();
  });
});
