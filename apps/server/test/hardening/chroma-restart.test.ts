/**
 * Hardening (issue 11 item 3, Story 8 degraded mode): a real ChromaDB (`startLocalChroma`, passed as `CHROMA_URL`)
 * killed with SIGKILL mid-session and restarted on the same port and data. The server stays up and keeps
 * answering; the `memory` feature flag in `connection:init` turns false once a memory operation (the coaching
 * pipeline's retrieval) meets the dead Chroma, and true again after the restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMessagesApiStub, type MessagesApiStub } from '@paige/llm/testing';
import { startLocalChroma, type LocalChroma } from '@paige/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, eventually, startTestServer, WsClient, type TestServer } from '../support/harness.js';

let chromaDir: string;
let chroma: LocalChroma;
let stub: MessagesApiStub;
let t: TestServer;
let mcp: Awaited<ReturnType<typeof connectMcp>>;

beforeAll(async () => {
  chromaDir = mkdtempSync(join(tmpdir(), 'paige-chroma-'));
  chroma = await startLocalChroma({ dataDir: chromaDir });
  stub = await startMessagesApiStub();
  t = await startTestServer({
    files: { 'src/app.ts': 'export const app = 1;\n' },
    env: { CHROMA_URL: chroma.url, ANTHROPIC_BASE_URL: stub.url },
  });
  mcp = await connectMcp(t.url);
});
afterAll(async () => {
  await mcp.close();
  await t.stop();
  await chroma.stop();
  await stub.stop();
  rmSync(chromaDir, { recursive: true, force: true });
});

async function memoryFlag(): Promise<boolean> {
  const { client, init } = await WsClient.hello(t.url);
  await client.close();
  return (init.payload.featureFlags as Record<string, boolean>).memory === true;
}

/** A real memory operation: the coaching pipeline retrieves memories first. Its own outcome does not matter here. */
async function runPipeline(): Promise<void> {
  const r = await mcp.client.callTool(
    {
      name: 'paige_run_coaching_pipeline',
      arguments: {
        planText: 'Plan: read src/app.ts and change it',
        issueSummary: 'chroma restart',
        issueNumber: 7,
      },
    },
    undefined,
    { timeout: 60_000 },
  );
  expect(Array.isArray(r.content)).toBe(true);
}

describe('Hardening: ChromaDB killed and restarted mid-session', () => {
  it('memory degrades and recovers while the server keeps serving', async () => {
    await eventually(memoryFlag, 30_000, 200);
    const start = await mcp.client.callTool({
      name: 'paige_start_session',
      arguments: { issueTitle: 'chroma' },
    });
    expect(start.isError).toBeFalsy();

    const port = chroma.port;
    process.kill(chroma.pid, 'SIGKILL');
    await chroma.exited;
    await chroma.stop();

    await eventually(
      async () => {
        await runPipeline();
        return !(await memoryFlag());
      },
      60_000,
      200,
    );
    // Still fully up: health, a WebSocket request and an MCP tool.
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    const ws = (await WsClient.hello(t.url)).client;
    expect((await ws.request('file:open', { path: 'src/app.ts' }, 'fs:content')).payload.path).toBe(
      'src/app.ts',
    );
    await ws.close();
    expect((await mcp.client.callTool({ name: 'paige_get_open_files', arguments: {} })).isError).toBeFalsy();
    expect(t.logs.lines.some((l) => l.component === 'memory' && (l.level as number) >= 40)).toBe(true);

    chroma = await startLocalChroma({ dataDir: chromaDir, port });
    await eventually(
      async () => {
        await runPipeline();
        return memoryFlag();
      },
      60_000,
      200,
    );
    expect(t.server.parts.sessions.active()).toBeTruthy();
  });
});
