/**
 * Issue 2 "churn": 1,000 MCP sessions opened and never deleted leave the server bounded: the live-session
 * cap evicts the least recently used, and idle sessions are closed by the sweep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    env: { PAIGE_MCP_MAX_SESSIONS: '32', PAIGE_MCP_SESSION_IDLE_MS: '1500', LOG_LEVEL: 'info' },
  });
});
afterAll(async () => {
  await t.stop();
});

async function openSession(i: number): Promise<string> {
  const res = await fetch(`${t.url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: `churn-${i}`, version: '1' },
      },
    }),
  });
  await res.text();
  expect(res.status).toBe(200);
  return res.headers.get('mcp-session-id') as string;
}

describe('MCP session churn', () => {
  it('1,000 sessions never deleted: at most the cap stays live, the oldest are evicted, idle ones are swept', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      ids.push(await openSession(i));
      expect(t.server.mcpSessionCount).toBeLessThanOrEqual(32);
    }
    expect(new Set(ids).size).toBe(1000);
    // the first session was evicted long ago: its id is unknown now
    const first = await fetch(`${t.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': ids[0] as string,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    });
    expect(first.status).toBe(404);
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    expect(heapGrowthMb).toBeLessThan(150);
    await expect.poll(() => t.server.mcpSessionCount, { timeout: 10_000, interval: 100 }).toBe(0);
  }, 120_000);
});
