/**
 * The `paige-server` binary as a user runs it (Story 1): configuration failures exit 1 naming the
 * variable, and SIGTERM shuts down gracefully (exit 0, each step logged).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getSession, openDatabase } from '@paige/store';
import { afterAll, describe, expect, it } from 'vitest';
import { connectMcp, WsClient } from '../support/harness.js';

const BIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const temp: string[] = [];
const tempDir = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  temp.push(d);
  return d;
};
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

function run(env: Record<string, string>, opts: { untilReady?: boolean } = {}) {
  const child = spawn(process.execPath, [BIN], {
    env: { PATH: process.env.PATH ?? '', HOME: tempDir('paige-home-'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = opts.untilReady
    ? new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`not ready: ${stdout}${stderr}`)), 15_000);
        child.stdout.on('data', () => {
          if (stdout.includes('ready on')) {
            clearTimeout(t);
            resolve();
          }
        });
      })
    : Promise.resolve();
  return { child, exited, ready, out: () => stdout, err: () => stderr };
}

describe('Story 1: configuration and lifecycle of the binary', () => {
  it('missing PROJECT_DIR and ANTHROPIC_API_KEY -> exit 1 naming each variable', async () => {
    const p = run({});
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain('PROJECT_DIR');
    expect(p.err()).toContain('ANTHROPIC_API_KEY');
  });

  it('an empty ANTHROPIC_API_KEY -> exit 1 naming it', async () => {
    const p = run({ PROJECT_DIR: tempDir('paige-p-'), ANTHROPIC_API_KEY: '' });
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain('ANTHROPIC_API_KEY');
    expect(p.err()).not.toContain('PROJECT_DIR');
  });

  it('a PROJECT_DIR that does not exist -> exit 1 saying the path does not exist', async () => {
    const p = run({ PROJECT_DIR: '/definitely/not/here', ANTHROPIC_API_KEY: 'k' });
    expect(await p.exited).toBe(1);
    expect(p.err()).toMatch(/does not exist.*\/definitely\/not\/here/);
  });

  it('SIGTERM -> graceful shutdown, each step logged, exit 0; the API key never appears in the log', async () => {
    const dataDir = join(tempDir('paige-d-'), 'nested', 'data');
    const p = run(
      { PROJECT_DIR: tempDir('paige-p-'), ANTHROPIC_API_KEY: 'sk-ant-secret-value', DATA_DIR: dataDir, PORT: '0', PAIGE_START_CHROMA: 'false' },
      { untilReady: true },
    );
    await p.ready;
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const out = p.out();
    for (const step of ['shutdown requested', 'closing mcp transports', 'closing websocket clients', 'closing database', 'shutdown complete']) {
      expect(out).toContain(step);
    }
    expect(out).not.toContain('sk-ant-secret-value');
    expect(out).toContain(dataDir);
  });

  it('Story 1 AS-8: SIGTERM with a live MCP session and two windows: MCP transports closed, windows get 1001, each step logged, exit 0', async () => {
    const dataDir = tempDir('paige-d-');
    const p = run(
      {
        PROJECT_DIR: tempDir('paige-p-'),
        ANTHROPIC_API_KEY: 'sk-ant-test-key',
        ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
        DATA_DIR: dataDir,
        PORT: '0',
        PAIGE_START_CHROMA: 'false',
        PAIGE_WATCH: 'false',
        LOG_LEVEL: 'debug',
      },
      { untilReady: true },
    );
    await p.ready;
    const port = Number(/"port":(\d+)/.exec(p.out())?.[1]);
    const url = `http://127.0.0.1:${port}`;
    const mcp = await connectMcp(url);
    const mcpSessionId = mcp.transport.sessionId as string;
    const started = await mcp.client.callTool({ name: 'paige_start_session', arguments: { issueTitle: 'Shut down cleanly' } });
    const sessionId = (started.structuredContent as { sessionId: string }).sessionId;
    const windows = [(await WsClient.hello(url)).client, (await WsClient.hello(url)).client];

    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    for (const w of windows) {
      await expect.poll(() => w.closed?.code, { timeout: 5000 }).toBe(1001);
      expect(w.closed?.reason).toBe('server shutting down');
    }
    const out = p.out();
    const steps = ['shutdown requested', 'closing http listener', 'closing mcp transports', 'closing websocket clients', 'stopping session services', 'closing database', 'shutdown complete'];
    let at = -1;
    for (const step of steps) {
      const i = out.indexOf(step, at + 1);
      expect(i, `"${step}" logged after the previous step`).toBeGreaterThan(at);
      at = i;
    }
    // the live MCP session's transport was closed by the shutdown, not left to the client
    const closed = out.split('\n').filter((l) => l.includes('"mcp session closed"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(closed).toContainEqual(expect.objectContaining({ mcpSessionId, why: 'server shutdown' }));
    await mcp.close().catch(() => undefined);
    // the coaching session is suspended, not ended: the next start resumes it (DESIGN section 3)
    const db = openDatabase(join(dataDir, 'paige.db'));
    try {
      expect(getSession(db, sessionId)?.status).toBe('active');
    } finally {
      db.close();
    }
  });
});
